package dev.cordon.runtime;

/**
 * A model could not be built: something only the graph can know is wrong (a declared shape the
 * graph does not compute, a layer name used twice, a scope already taken). The message names the
 * model, the member and what was expected. Nothing the failed build created stays open.
 */
public class ModelBuildException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelBuildException(String message) {
    super(message);
  }

  public ModelBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
