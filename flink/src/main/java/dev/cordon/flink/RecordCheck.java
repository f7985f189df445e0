package dev.cordon.flink;

import java.io.Serializable;

/**
 * Checks one record before it joins a batch: returns {@code null} when the record can be scored,
 * or the reason it cannot (e.g. {@code "expected 784 pixels, got 12"}), which the bad-record side
 * output carries. An exception thrown here also sends the record there.
 */
@FunctionalInterface
public interface RecordCheck<IN> extends Serializable {
  String problem(IN record) throws Exception;

  /** Accepts every record. */
  static <IN> RecordCheck<IN> none() {
    return record -> null;
  }
}
