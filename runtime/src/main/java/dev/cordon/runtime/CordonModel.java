package dev.cordon.runtime;

import java.nio.file.Path;

/** What every generated model offers besides its typed methods. */
public interface CordonModel extends AutoCloseable {

  /** The name scope the model was built under. */
  String scope();

  /** The model's trainable variables, by scope-relative name. */
  ModelVariables variables();

  /**
   * Writes this model's variables (and nothing else of its graph) to the checkpoint directory
   * {@code dir}, replacing an earlier checkpoint there atomically.
   */
  void save(Path dir);

  /**
   * Loads this model's variables from a checkpoint directory written by {@link #save}, possibly by
   * the same model built under another scope. On any mismatch the weights stay as they were.
   */
  void restore(Path dir);

  /**
   * Releases the model. A standalone model closes its graph and session; a model in a {@link
   * SharedGraph} leaves them to the shared graph. Idempotent; any other call afterwards throws
   * {@link IllegalStateException}.
   */
  @Override
  void close();
}
