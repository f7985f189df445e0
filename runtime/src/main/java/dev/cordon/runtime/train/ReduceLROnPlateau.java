package dev.cordon.runtime.train;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a logged value has not improved for {@code
 * patience} epochs, as Keras' {@code ReduceLROnPlateau}, never below {@code minLearningRate}. The
 * rate is scaled inside the graph (a variable in the model's scope): nothing is rebuilt, and a
 * learning-rate schedule keeps running under the scale.
 */
public final class ReduceLROnPlateau extends Plateau {

  private final double factor;
  private final int patience;
  private final int cooldown;
  private final double minLearningRate;
  private int cooling;

  private ReduceLROnPlateau(Monitor monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
    super(monitor, minDelta);
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("ReduceLROnPlateau factor must be in (0, 1), got " + factor);
    }
    if (patience < 0 || cooldown < 0 || !(minDelta >= 0) || !(minLr >= 0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau needs patience, cooldown, minDelta and minLearningRate >= 0");
    }
    this.factor = factor;
    this.patience = patience;
    this.cooldown = cooldown;
    this.minLearningRate = minLr;
    alsoSave("cooling", 0, () -> cooling, c -> cooling = c);
  }

  /** Watches {@code key}; Keras' defaults: factor 0.1, patience 10, min delta 1e-4, no cooldown, no minimum. */
  public static ReduceLROnPlateau monitor(String key) {
    return new ReduceLROnPlateau(new Monitor(key, null), 0.1, 10, 1e-4, 0, 0);
  }

  public ReduceLROnPlateau factor(double f) {
    return new ReduceLROnPlateau(monitor, f, patience, minDelta, cooldown, minLearningRate);
  }

  public ReduceLROnPlateau patience(int epochs) {
    return new ReduceLROnPlateau(monitor, factor, epochs, minDelta, cooldown, minLearningRate);
  }

  public ReduceLROnPlateau minDelta(double delta) {
    return new ReduceLROnPlateau(monitor, factor, patience, delta, cooldown, minLearningRate);
  }

  public ReduceLROnPlateau cooldown(int epochs) {
    return new ReduceLROnPlateau(monitor, factor, patience, minDelta, epochs, minLearningRate);
  }

  public ReduceLROnPlateau minLearningRate(double rate) {
    return new ReduceLROnPlateau(monitor, factor, patience, minDelta, cooldown, rate);
  }

  @Override
  public void onEpochEnd(TrainingRun run, EpochLogs logs) {
    if (cooling > 0) {
      cooling--;
      wait = 0;
    }
    if (improved(run, logs, "ReduceLROnPlateau")) {
      return;
    }
    if (cooling > 0) {
      return;
    }
    wait++;
    if (wait >= patience) {
      double lr = run.learningRate();
      if (lr > minLearningRate) {
        double target = Math.max(lr * factor, minLearningRate);
        run.setLearningRateScale(run.learningRateScale() * target / lr);
        run.out().printf("%s: ReduceLROnPlateau: learning rate %.3g -> %.3g after epoch %d%n",
            run.modelName(), lr, target, logs.epoch() + 1);
        cooling = cooldown;
        wait = 0;
      }
    }
  }
}
