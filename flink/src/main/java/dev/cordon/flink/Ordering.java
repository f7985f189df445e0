package dev.cordon.flink;

/**
 * How results and watermarks relate. Within a subtask, results always leave in the order their
 * records arrived (a subtask scores one batch at a time).
 */
public enum Ordering {
  /**
   * A watermark waits for the records that arrived before it: the waiting batch is scored first
   * (a smaller batch), so no result becomes late. The default.
   */
  ORDERED,
  /**
   * A watermark is forwarded at once and overtakes the records waiting in the batch: full batches
   * and lower latency for event-time operators downstream, but results whose timestamps the
   * watermark already passed arrive late there.
   */
  UNORDERED
}
