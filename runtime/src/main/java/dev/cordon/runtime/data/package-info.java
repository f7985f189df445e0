/**
 * Datasets for training and evaluation: in memory (Java arrays, tensors) or streamed from records
 * read lazily; batching with or without the remainder, seeded reproducible shuffling, a
 * validation split, and the next batch prepared in the background while the current step runs.
 */
package dev.cordon.runtime.data;
