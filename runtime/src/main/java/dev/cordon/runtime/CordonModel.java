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
   * {@code dir}, as a new version behind the folder's pointer file: at every instant, even after a
   * crash, the folder restores the previous or the new weights (see the README's "Durability").
   */
  void save(Path dir);

  /**
   * Loads this model's variables from a checkpoint directory written by {@link #save}, possibly by
   * the same model built under another scope. On any mismatch the weights stay as they were.
   */
  void restore(Path dir);

  /**
   * Writes a SavedModel of this model alone (not the other models of a shared graph) to {@code
   * dir}, with its variables' current values, loadable by TF Java's {@code
   * SavedModelBundle.load(dir, "serve")}, by TensorFlow in Python or Serving, and by Cordon's
   * {@link dev.cordon.runtime.savedmodel.SavedModelImport}. One MetaGraph tagged {@code serve}; one signature per output
   * ({@code @Output} method), keyed by the output's name, plus {@code serving_default} for the
   * first declared output; each takes every prediction input (keyed by input name) and returns its output (keyed
   * by output name). The variables are real resource variables restored through the MetaGraph's
   * {@code saver_def} ({@code variables/} doubles as a checkpoint for {@link #restore}).
   *
   * <p>Atomic: written into a hidden sibling directory and moved into place; on failure ({@link
   * dev.cordon.runtime.savedmodel.SavedModelExportException}) nothing is left behind and an earlier export at {@code dir} is
   * intact. Only an absent path, an empty directory or an earlier SavedModel is replaced.
   */
  void exportSavedModel(Path dir);

  /**
   * Releases the model. A standalone model closes its graph and session; a model in a {@link
   * SharedGraph} leaves them to the shared graph. Idempotent; any other call afterwards throws
   * {@link IllegalStateException}.
   */
  @Override
  void close();
}
