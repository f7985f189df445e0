package dev.cordon.runtime.savedmodel;

import dev.cordon.runtime.ModelBuildException;
import java.util.List;

/**
 * A SavedModel holds ops outside the import's allowlist (see {@link SavedModelImport#allowOps}). Thrown before
 * anything reaches the graph: nothing was imported and nothing ran. The message and
 * {@link #refusals()} name each refused op type and node (and function, for a function body).
 */
public class UnsafeSavedModelException extends ModelBuildException {
  private static final long serialVersionUID = 1L;

  private final List<String> refusals;

  public UnsafeSavedModelException(String message, List<String> refusals) {
    super(message);
    this.refusals = List.copyOf(refusals);
  }

  /** One line per refused node: op type, node name, where it is and why it is refused. */
  public List<String> refusals() {
    return refusals;
  }
}
