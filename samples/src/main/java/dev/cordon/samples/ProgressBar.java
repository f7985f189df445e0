package dev.cordon.samples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training progress. On a terminal, one line redrawn in place:
 *
 * <pre>epoch 1/3 [##########..........] 63/125  loss 0.4123  12.3 s</pre>
 *
 * Elsewhere (a log file, a CI console), a plain line about every tenth of an epoch. The loss shown
 * is the mean over the epoch's steps so far; the time is the time since the bar was created.
 */
public final class ProgressBar {

  private static final int WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoTime;
  private final long start;

  private int epoch;
  private int epochs;
  private int steps;
  private int step;
  private double lossSum;
  private int lastDecile;
  private long lastDraw;
  private int lastLength;

  /**
   * @param out where to print
   * @param interactive redraw one line with {@code \r} rather than print plain lines
   * @param nanoTime the clock, {@link System#nanoTime} outside tests
   */
  public ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoTime) {
    this.out = out;
    this.interactive = interactive;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  /** A bar on {@code System.out}, redrawn in place when it is a terminal. */
  public static ProgressBar onStandardOutput() {
    return new ProgressBar(System.out, System.console() != null, System::nanoTime);
  }

  /** Starts epoch {@code epoch} (1-based) of {@code epochs}, which takes {@code steps} steps. */
  public void startEpoch(int epoch, int epochs, int steps) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.steps = steps;
    this.step = 0;
    this.lossSum = 0;
    this.lastDecile = 0;
    this.lastDraw = Long.MIN_VALUE;
    this.lastLength = 0;
  }

  /** Records one more step of the current epoch and its loss. */
  public void step(float loss) {
    step++;
    lossSum += loss;
    boolean last = step >= steps;
    if (interactive) {
      long now = nanoTime.getAsLong();
      if (last || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
        lastDraw = now;
        redraw(last);
      }
    } else {
      int decile = steps == 0 ? 10 : (int) ((long) step * 10 / steps);
      if (decile > lastDecile || last) {
        lastDecile = decile;
        out.println(line());
        out.flush();
      }
    }
  }

  /** Seconds since the bar was created. */
  public double elapsedSeconds() {
    return (nanoTime.getAsLong() - start) / 1e9;
  }

  private void redraw(boolean last) {
    String line = line();
    StringBuilder sb = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < lastLength; i++) {
      sb.append(' ');
    }
    lastLength = line.length();
    if (last) {
      sb.append(System.lineSeparator());
    }
    out.print(sb);
    out.flush();
  }

  private String line() {
    int digits = String.valueOf(steps).length();
    String counter = String.format(Locale.ROOT, "%" + digits + "d/%d", step, steps);
    String loss = String.format(Locale.ROOT, "loss %.4f", step == 0 ? 0 : lossSum / step);
    String time = String.format(Locale.ROOT, "%.1f s", elapsedSeconds());
    String head = "epoch " + epoch + "/" + epochs;
    if (interactive) {
      int filled = steps == 0 ? WIDTH : (int) ((long) step * WIDTH / steps);
      String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
      return head + " [" + bar + "] " + counter + "  " + loss + "  " + time;
    }
    return head + "  step " + counter + "  " + loss + "  " + time;
  }
}
