package dev.cordon.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of a fit: on a terminal, a bar redrawn as batches finish; otherwise (a log file, a
 * CI console) one line per epoch. Added by {@code fit} unless {@link Fit#quiet()}.
 */
public final class ProgressLogger implements Callback {

  private final boolean bar;
  private long batches;
  private double lossSum;
  private long examples;
  private long lastDraw;

  /** A bar when the JVM has a console, plain lines otherwise. */
  public ProgressLogger() {
    this(System.console() != null);
  }

  public ProgressLogger(boolean bar) {
    this.bar = bar;
  }

  @Override
  public void onEpochBegin(TrainingRun run, int epoch) {
    batches = 0;
    lossSum = 0;
    examples = 0;
    lastDraw = 0;
  }

  @Override
  public void onBatchEnd(TrainingRun run, int epoch, long batch, double loss, int size) {
    batches++;
    lossSum += loss * size;
    examples += size;
    if (!bar) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    PrintStream out = run.out();
    long total = run.batchesPerEpoch().orElse(-1);
    StringBuilder b = new StringBuilder("\r").append(prefix(run, epoch));
    if (total > 0) {
      int width = 30;
      int done = (int) Math.min(width, width * batches / total);
      b.append(" [").append("=".repeat(done)).append(done < width ? ">" : "")
          .append(" ".repeat(Math.max(0, width - done - 1))).append("] ").append(batches).append('/').append(total);
    } else {
      b.append(' ').append(batches);
    }
    b.append(String.format(Locale.ROOT, " - loss: %.4f", lossSum / Math.max(1, examples)));
    out.print(b);
    out.flush();
  }

  @Override
  public void onEpochEnd(TrainingRun run, EpochLogs logs) {
    StringBuilder b = new StringBuilder(bar ? "\r" : "").append(prefix(run, logs.epoch()));
    b.append(String.format(Locale.ROOT, " - %.1fs", logs.seconds()));
    for (Map.Entry<String, Double> e : logs.values().entrySet()) {
      b.append(String.format(Locale.ROOT, " - %s: %.4g", e.getKey(), e.getValue()));
    }
    run.out().println(b);
  }

  @Override
  public void onTrainEnd(TrainingRun run, History history) {
    history.stopReason().ifPresent(r -> run.out().println(run.modelName() + ": stopped: " + r));
  }

  private static String prefix(TrainingRun run, int epoch) {
    return run.modelName() + " epoch " + (epoch + 1) + "/" + run.epochs();
  }
}
