package dev.cordon.runtime.train;

/**
 * Ends training quietly, with the weights as they are, at the first batch whose loss is NaN or
 * infinite. Without it such a batch makes {@code fit} throw a {@link TrainingException}.
 */
public final class TerminateOnNaN implements Callback {

  @Override
  public void onBatchEnd(TrainingRun run, int epoch, long batch, double loss, int size) {
    if (Double.isNaN(loss) || Double.isInfinite(loss)) {
      run.stop("TerminateOnNaN: loss " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch + 1));
    }
  }
}
