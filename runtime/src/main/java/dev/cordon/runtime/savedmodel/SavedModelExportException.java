package dev.cordon.runtime.savedmodel;

/**
 * A SavedModel export failed. Nothing was written at the target: an earlier export there, if any,
 * is intact, and no half-written SavedModel is left behind.
 */
public class SavedModelExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SavedModelExportException(String message) {
    super(message);
  }

  public SavedModelExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
