package dev.cordon.runtime.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Updates one model's variables from the gradients of its loss. An optimizer is an immutable
 * recipe: the same instance may configure many models, and each build adds its own update ops and
 * slot variables inside that model's scope.
 *
 * <p>Cordon ships its own optimizers because TF Java 1.1.0's cannot isolate models: they
 * differentiate every variable of the graph, reject variables inside a name scope (slot names
 * like {@code model/w-m} are invalid), and their Adam updates its beta powers in a race with the
 * first step. These differentiate only the model's variables, name their slots under the model's
 * scope, and are deterministic: the same seed and data give bit-identical weights.
 */
public abstract class Optimizer {

  protected Optimizer() {}

  /** Plain gradient descent: {@code w -= lr * g}. */
  public static Optimizer sgd(float learningRate) {
    checkPositive("SGD learning rate", learningRate);
    return new Sgd(LearningRate.constant(learningRate));
  }

  /** Plain gradient descent with a learning-rate schedule. */
  public static Optimizer sgd(LearningRate learningRate) {
    return new Sgd(requireSchedule(learningRate));
  }

  /** Gradient descent with momentum: {@code a = m * a + g; w -= lr * a}. */
  public static Optimizer momentum(float learningRate, float momentum) {
    checkPositive("Momentum learning rate", learningRate);
    return new Momentum(LearningRate.constant(learningRate), momentum);
  }

  /** Gradient descent with momentum and a learning-rate schedule. */
  public static Optimizer momentum(LearningRate learningRate, float momentum) {
    return new Momentum(requireSchedule(learningRate), momentum);
  }

  /** Adam with beta1 0.9, beta2 0.999 and epsilon 1e-7 (Kingma and Ba, 2015; Keras' defaults). */
  public static Optimizer adam(float learningRate) {
    return adam(learningRate, 0.9f, 0.999f, 1e-7f);
  }

  /** Adam with a learning-rate schedule and Keras' default betas and epsilon. */
  public static Optimizer adam(LearningRate learningRate) {
    return adam(learningRate, 0.9f, 0.999f, 1e-7f);
  }

  /** Adam with explicit hyper-parameters. */
  public static Optimizer adam(float learningRate, float beta1, float beta2, float epsilon) {
    checkPositive("Adam learning rate", learningRate);
    return new Adam(LearningRate.constant(learningRate), beta1, beta2, epsilon, 0f);
  }

  /** Adam with a learning-rate schedule and explicit hyper-parameters. */
  public static Optimizer adam(LearningRate learningRate, float beta1, float beta2, float epsilon) {
    return new Adam(requireSchedule(learningRate), beta1, beta2, epsilon, 0f);
  }

  /**
   * AdamW: Adam with decoupled weight decay, {@code w -= lr * weightDecay * w} before each Adam
   * update (Loshchilov and Hutter, 2019), with Keras' default betas and epsilon. Every trained
   * variable decays, biases included.
   */
  public static Optimizer adamW(float learningRate, float weightDecay) {
    checkPositive("AdamW learning rate", learningRate);
    return adamW(LearningRate.constant(learningRate), weightDecay, 0.9f, 0.999f, 1e-7f);
  }

  /** AdamW with a learning-rate schedule (the decay follows it) and explicit hyper-parameters. */
  public static Optimizer adamW(
      LearningRate learningRate, float weightDecay, float beta1, float beta2, float epsilon) {
    checkPositive("AdamW weight decay", weightDecay);
    return new Adam(requireSchedule(learningRate), beta1, beta2, epsilon, weightDecay);
  }

  /** RMSProp with rho 0.9, no momentum and epsilon 1e-7 (Keras' defaults). */
  public static Optimizer rmsProp(float learningRate) {
    return rmsProp(learningRate, 0.9f, 0f, 1e-7f);
  }

  /** RMSProp with a learning-rate schedule and Keras' defaults. */
  public static Optimizer rmsProp(LearningRate learningRate) {
    return new RmsProp(requireSchedule(learningRate), 0.9f, 0f, 1e-7f);
  }

  /** RMSProp with explicit hyper-parameters. */
  public static Optimizer rmsProp(float learningRate, float rho, float momentum, float epsilon) {
    checkPositive("RMSProp learning rate", learningRate);
    return new RmsProp(LearningRate.constant(learningRate), rho, momentum, epsilon);
  }

  /**
   * This optimizer with every gradient element clipped to {@code [-limit, limit]} (Keras'
   * {@code clipvalue}).
   */
  public Optimizer clipByValue(float limit) {
    return new Clipped(this, Clipped.Kind.VALUE, limit);
  }

  /**
   * This optimizer with each variable's gradient rescaled to an L2 norm of at most {@code
   * maxNorm} (Keras' {@code clipnorm}).
   */
  public Optimizer clipByNorm(float maxNorm) {
    return new Clipped(this, Clipped.Kind.NORM, maxNorm);
  }

  /**
   * This optimizer with all gradients rescaled together so that their global L2 norm (over every
   * trained variable) is at most {@code maxNorm} (Keras' {@code global_clipnorm}).
   */
  public Optimizer clipByGlobalNorm(float maxNorm) {
    return new Clipped(this, Clipped.Kind.GLOBAL_NORM, maxNorm);
  }

  /**
   * The optimizer's name, a valid TensorFlow name segment: its ops and slots live under {@code
   * <model scope>/cordon.train/<name>}.
   */
  public abstract String name();

  /**
   * Adds the ops of one training step. Called once per model build, with the gradients of the
   * model's loss with respect to each of its variables that the loss depends on; every gradient
   * is already computed when any update op runs. Returns the op that completes the step.
   */
  public abstract Op applyGradients(TrainingGraph graph, List<Gradient<?>> gradients);

  /** {@code value} as a scalar constant of {@code type}. */
  protected static <T extends TType> Operand<T> constant(Ops tf, float value, Class<T> type) {
    return tf.dtypes.cast(tf.constant(value), type);
  }

  private static LearningRate requireSchedule(LearningRate learningRate) {
    if (learningRate == null) {
      throw new NullPointerException("learning rate schedule");
    }
    return learningRate;
  }

  static void checkPositive(String what, float value) {
    if (!(value > 0f) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be a positive finite number, got " + value);
    }
  }

  static void checkFraction(String what, float value) {
    if (!(value >= 0f && value < 1f)) {
      throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
    }
  }
}
