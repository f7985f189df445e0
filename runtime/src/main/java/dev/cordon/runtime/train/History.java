package dev.cordon.runtime.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What {@code fit} returns: the logs of every epoch run, and why training stopped early, if it did. */
public final class History {

  private final List<EpochLogs> epochs = new ArrayList<>();
  private String stopReason;

  public History() {}

  /** Used by fit: records a finished epoch. */
  public void add(EpochLogs logs) {
    epochs.add(logs);
  }

  /** Used by fit: records why it stopped before the last epoch. */
  public void stopped(String reason) {
    this.stopReason = reason;
  }

  /** The epochs, in order. */
  public List<EpochLogs> epochs() {
    return List.copyOf(epochs);
  }

  public int size() {
    return epochs.size();
  }

  /** The last epoch's logs. */
  public EpochLogs last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch has finished");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** {@code key} per epoch, such as {@code history.get("val_accuracy")}. */
  public double[] get(String key) {
    double[] out = new double[epochs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = epochs.get(i).get(key);
    }
    return out;
  }

  /** Every key logged. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (EpochLogs e : epochs) {
      keys.addAll(e.values().keySet());
    }
    return keys;
  }

  /** Why training stopped before its last epoch (early stopping, a NaN loss, a callback), if it did. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (EpochLogs e : epochs) {
      b.append(e).append('\n');
    }
    stopReason().ifPresent(r -> b.append("stopped: ").append(r).append('\n'));
    return b.toString();
  }
}
