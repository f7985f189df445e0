package dev.cordon.runtime.train;

/** A fit that cannot go on: a NaN or infinite loss (without {@link TerminateOnNaN}), a failing callback. */
public class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
