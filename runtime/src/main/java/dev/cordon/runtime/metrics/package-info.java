/**
 * Metrics streamed over batches (accuracy, top-k, precision, recall, AUC, MAE, MSE), accumulated
 * in Java over fetched tensors: they live in no model's graph and are never saved with weights.
 */
package dev.cordon.runtime.metrics;
