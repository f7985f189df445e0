/**
 * Cordon models inside Apache Flink (2.3) jobs.
 *
 * <p>{@link dev.cordon.flink.CordonScoring} scores a {@code DataStream} in batches with one
 * isolated model instance per parallel subtask, optionally switching model versions announced on
 * a second, broadcast stream without stopping the job. Records the batch function cannot score go
 * to a side output ({@link dev.cordon.flink.BadRecord}) instead of failing the job. Records
 * waiting in a batch, and the model version in use, are part of Flink's checkpoints.
 *
 * <p>Only Cordon's public API is used: a model is whatever a {@link dev.cordon.flink.ModelLoader}
 * returns (a generated {@code CordonFoo}, a composition, anything {@link AutoCloseable}), and a
 * {@link dev.cordon.flink.BatchFunction} calls its typed methods.
 */
package dev.cordon.flink;
