package dev.cordon.flink;

import dev.cordon.runtime.CordonModel;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Builds the model of one version, once per parallel subtask, inside the task (never on the
 * client): the loader is serialised with the job, so it must capture only serialisable values (a
 * lambda over a generated builder is fine). Called on a background thread for a version switch,
 * on the task thread when the task opens; the model it returns belongs to the operator, which
 * closes it.
 *
 * @param <M> the model type: a generated {@code CordonFoo}, a composition, or any closeable
 */
@FunctionalInterface
public interface ModelLoader<M extends AutoCloseable> extends Serializable {

  /** Builds a new, independent model instance of {@code version}. */
  M load(ModelVersion version) throws Exception;

  /** A model built from code, whatever the version: {@code fixed(() -> CordonFoo.builder().build())}. */
  static <M extends AutoCloseable> ModelLoader<M> fixed(SerializableSupplier<M> factory) {
    return version -> factory.get();
  }

  /**
   * A model built from code whose weights are then restored from the Cordon checkpoint at the
   * version's {@link ModelVersion#path() location} (written by {@link CordonModel#save}).
   */
  static <M extends CordonModel> ModelLoader<M> checkpoint(SerializableSupplier<M> factory) {
    return version -> {
      M model = factory.get();
      try {
        model.restore(version.path());
        return model;
      } catch (RuntimeException | Error e) {
        model.close();
        throw e;
      }
    };
  }

  /** A {@link Supplier} that Flink can ship with the job. */
  @FunctionalInterface
  interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
}
