package dev.cordon.flink;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model version announced to a scoring job: an id that every result names ({@link
 * Scored#modelVersion}), and where the version lives ({@code location}: a SavedModel directory
 * exported by Cordon or by Python, or a Cordon checkpoint directory, as a path or a {@code file:}
 * URI; empty for a model built from code alone). What the location means is up to the {@link
 * ModelLoader}.
 *
 * <p>A POJO (public fields, no-argument constructor) so that Flink serialises it without Kryo.
 */
public final class ModelVersion implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The version's name, e.g. {@code "mnist-2024-06-01"}; never null. */
  public String id;
  /** A path or URI of the version's files; empty when there are none. */
  public String location;

  /** For Flink's POJO serializer. */
  public ModelVersion() {
    this("", "");
  }

  private ModelVersion(String id, String location) {
    this.id = id;
    this.location = location;
  }

  /** A version whose model is built from code alone. */
  public static ModelVersion of(String id) {
    return of(id, "");
  }

  /** A version whose files are at {@code location} (a path, or a {@code file:} URI). */
  public static ModelVersion of(String id, String location) {
    if (Objects.requireNonNull(id, "id").isEmpty()) {
      throw new IllegalArgumentException("a model version needs a non-empty id");
    }
    return new ModelVersion(id, Objects.requireNonNull(location, "location"));
  }

  /** {@link #location} as a local path: a {@code file:} URI is converted, anything else read as a path. */
  public Path path() {
    if (location == null || location.isEmpty()) {
      throw new IllegalStateException("model version " + id + " has no location");
    }
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location));
    }
    return Path.of(location);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelVersion v && Objects.equals(id, v.id)
        && Objects.equals(location, v.location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, location);
  }

  @Override
  public String toString() {
    return location == null || location.isEmpty() ? id : id + " (" + location + ")";
  }
}
