package dev.cordon.flink;

import java.util.Objects;

/**
 * One result of a scoring job and the model version that produced it. A POJO (public fields,
 * no-argument constructor) so that Flink serialises it with the result type's own serializer.
 *
 * @param <OUT> what the batch function returned for the record
 */
public final class Scored<OUT> {
  /** The batch function's result for one record. */
  public OUT value;
  /** The {@link ModelVersion#id} of the model that scored the record. */
  public String modelVersion;

  /** For Flink's POJO serializer. */
  public Scored() {}

  public Scored(OUT value, String modelVersion) {
    this.value = value;
    this.modelVersion = modelVersion;
  }

  public OUT value() {
    return value;
  }

  public String modelVersion() {
    return modelVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scored<?> s && Objects.equals(value, s.value)
        && Objects.equals(modelVersion, s.modelVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, modelVersion);
  }

  @Override
  public String toString() {
    return value + " @ " + modelVersion;
  }
}
