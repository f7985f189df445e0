package dev.cordon.flink;

import java.util.Objects;

/**
 * A record that was not scored, on the bad-record side output, with the reason: the {@link
 * RecordCheck}'s verdict, or the message of what the batch function threw when given the record
 * alone. A POJO so that Flink serialises it with the record type's own serializer.
 *
 * @param <IN> the record type
 */
public final class BadRecord<IN> {
  /** The record as it arrived. */
  public IN record;
  /** Why it was not scored. */
  public String reason;
  /** The model version that refused it; empty when it was refused before any model saw it. */
  public String modelVersion;

  /** For Flink's POJO serializer. */
  public BadRecord() {}

  public BadRecord(IN record, String reason, String modelVersion) {
    this.record = record;
    this.reason = reason;
    this.modelVersion = modelVersion;
  }

  public IN record() {
    return record;
  }

  public String reason() {
    return reason;
  }

  public String modelVersion() {
    return modelVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BadRecord<?> b && Objects.equals(record, b.record)
        && Objects.equals(reason, b.reason) && Objects.equals(modelVersion, b.modelVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(record, reason, modelVersion);
  }

  @Override
  public String toString() {
    return record + " refused: " + reason;
  }
}
