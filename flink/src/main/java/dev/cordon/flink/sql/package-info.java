/**
 * Flink SQL's model provider for Cordon models: {@code CREATE MODEL ... WITH ('provider' =
 * 'cordon', ...)} and {@code ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(...))}; see {@link
 * dev.cordon.flink.sql.CordonModelProviderFactory}.
 */
package dev.cordon.flink.sql;
