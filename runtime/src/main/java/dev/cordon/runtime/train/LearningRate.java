package dev.cordon.runtime.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A learning rate as a function of the optimizer's step (the number of steps taken before the
 * current one, starting at 0). A schedule is computed inside the model's graph from a step
 * counter that lives in the model's scope, so it advances with every training step and never
 * rebuilds anything; the rate in force is that value times a scale variable (1 until a callback
 * such as ReduceLROnPlateau changes it).
 *
 * <p>{@link #at(long)} computes the same value in Java, for logs and tests. Schedules are
 * immutable: one instance may configure many optimizers and models.
 */
public abstract class LearningRate {

  /** For custom schedules: implement {@link #at} and {@link #build} alike. */
  protected LearningRate() {}

  /** The same rate at every step. */
  public static LearningRate constant(float rate) {
    Optimizer.checkPositive("learning rate", rate);
    return new Constant(rate);
  }

  /**
   * Step decay: {@code initial * factor^floor(step / stepsPerDrop)}, e.g. halve every 1000
   * steps with {@code stepDecay(0.1f, 1000, 0.5f)}.
   */
  public static LearningRate stepDecay(float initial, long stepsPerDrop, float factor) {
    Optimizer.checkPositive("step decay initial rate", initial);
    checkSteps("step decay stepsPerDrop", stepsPerDrop);
    checkFactor("step decay factor", factor);
    return new Decay(initial, stepsPerDrop, factor, true);
  }

  /**
   * Exponential decay: {@code initial * rate^(step / decaySteps)} (Keras' {@code
   * ExponentialDecay} without staircase).
   */
  public static LearningRate exponentialDecay(float initial, long decaySteps, float rate) {
    Optimizer.checkPositive("exponential decay initial rate", initial);
    checkSteps("exponential decay decaySteps", decaySteps);
    checkFactor("exponential decay rate", rate);
    return new Decay(initial, decaySteps, rate, false);
  }

  /**
   * Cosine decay with linear warm-up (Keras' {@code CosineDecay} with {@code
   * initial_learning_rate = 0} and {@code warmup_target = peak}): {@code peak * step /
   * warmupSteps} during the first {@code warmupSteps} steps, then {@code peak * ((1 - alpha) *
   * (1 + cos(pi * min(s, decaySteps) / decaySteps)) / 2 + alpha)} with {@code s = step -
   * warmupSteps}, ending at {@code alpha * peak}.
   */
  public static LearningRate cosineDecay(float peak, long warmupSteps, long decaySteps, float alpha) {
    Optimizer.checkPositive("cosine decay peak rate", peak);
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("cosine decay warmupSteps must be >= 0, got " + warmupSteps);
    }
    checkSteps("cosine decay decaySteps", decaySteps);
    if (!(alpha >= 0f && alpha <= 1f)) {
      throw new IllegalArgumentException("cosine decay alpha must be in [0, 1], got " + alpha);
    }
    return new CosineDecay(peak, warmupSteps, decaySteps, alpha);
  }

  /** Cosine decay without warm-up. */
  public static LearningRate cosineDecay(float initial, long decaySteps, float alpha) {
    return cosineDecay(initial, 0, decaySteps, alpha);
  }

  /** The rate at {@code step}, computed in Java (float arithmetic as in the graph, up to rounding). */
  public abstract double at(long step);

  /**
   * The rate at {@code step} (a float scalar holding a whole number) as graph ops created with
   * {@code tf}, which is scoped inside the model.
   */
  public abstract Operand<TFloat32> build(Ops tf, Operand<TFloat32> step);

  private static void checkSteps(String what, long steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException(what + " must be > 0, got " + steps);
    }
  }

  private static void checkFactor(String what, float factor) {
    if (!(factor > 0f && factor <= 1f)) {
      throw new IllegalArgumentException(what + " must be in (0, 1], got " + factor);
    }
  }

  private static final class Constant extends LearningRate {
    private final float rate;

    Constant(float rate) {
      this.rate = rate;
    }

    @Override
    public double at(long step) {
      return rate;
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> step) {
      return tf.constant(rate);
    }

    @Override
    public String toString() {
      return Float.toString(rate);
    }
  }

  /** {@code initial * factor^(step / steps)}, the exponent floored for a staircase (step decay). */
  private static final class Decay extends LearningRate {
    private final float initial;
    private final long steps;
    private final float factor;
    private final boolean staircase;

    Decay(float initial, long steps, float factor, boolean staircase) {
      this.initial = initial;
      this.steps = steps;
      this.factor = factor;
      this.staircase = staircase;
    }

    @Override
    public double at(long step) {
      double p = (double) step / steps;
      return initial * Math.pow(factor, staircase ? Math.floor(p) : p);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> step) {
      Operand<TFloat32> p = tf.math.div(step, tf.constant((float) steps));
      return tf.math.mul(tf.constant(initial), tf.math.pow(tf.constant(factor), staircase ? tf.math.floor(p) : p));
    }

    @Override
    public String toString() {
      return staircase ? "stepDecay(" + initial + ", every " + steps + " steps x" + factor + ")"
          : "exponentialDecay(" + initial + ", x" + factor + " per " + steps + " steps)";
    }
  }

  private static final class CosineDecay extends LearningRate {
    private final float peak;
    private final long warmupSteps;
    private final long decaySteps;
    private final float alpha;

    CosineDecay(float peak, long warmupSteps, long decaySteps, float alpha) {
      this.peak = peak;
      this.warmupSteps = warmupSteps;
      this.decaySteps = decaySteps;
      this.alpha = alpha;
    }

    @Override
    public double at(long step) {
      if (step < warmupSteps) {
        return peak * (double) step / warmupSteps;
      }
      double done = Math.min(step - warmupSteps, decaySteps) / (double) decaySteps;
      return peak * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * done)) + alpha);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> step) {
      Operand<TFloat32> warm = tf.constant((float) warmupSteps);
      Operand<TFloat32> s = tf.math.minimum(tf.math.maximum(tf.math.sub(step, warm), tf.constant(0f)),
          tf.constant((float) decaySteps));
      Operand<TFloat32> done = tf.math.div(s, tf.constant((float) decaySteps));
      Operand<TFloat32> cos = tf.math.mul(tf.constant(0.5f),
          tf.math.add(tf.constant(1f), tf.math.cos(tf.math.mul(tf.constant((float) Math.PI), done))));
      Operand<TFloat32> decayed = tf.math.mul(tf.constant(peak),
          tf.math.add(tf.math.mul(tf.constant(1f - alpha), cos), tf.constant(alpha)));
      if (warmupSteps == 0) {
        return decayed;
      }
      Operand<TFloat32> warming = tf.math.mul(tf.constant(peak), tf.math.div(step, warm));
      return tf.select(tf.math.less(step, warm), warming, decayed);
    }

    @Override
    public String toString() {
      return "cosineDecay(peak " + peak + ", warm-up " + warmupSteps + ", decay " + decaySteps + ", alpha " + alpha + ")";
    }
  }
}
