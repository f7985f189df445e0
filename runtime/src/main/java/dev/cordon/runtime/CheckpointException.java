package dev.cordon.runtime;

/**
 * A save or restore failed. A failed restore leaves the model's weights as they were; a failed
 * save leaves any earlier checkpoint at that path intact.
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
