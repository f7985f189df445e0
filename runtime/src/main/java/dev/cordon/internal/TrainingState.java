package dev.cordon.internal;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * What a trainable model keeps beside its weights: a checkpoint of weights and optimizer state
 * together (slots, step counters, the learning-rate scale), for an exact resume; and the ops that
 * read the learning rate and change its scale without rebuilding anything.
 */
final class TrainingState {

  final Checkpoints checkpoints;
  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> scaleRead;
  private final Operand<TInt64> iterationsRead;
  private final Placeholder<TFloat32> newScale;
  private final Op assignScale;

  TrainingState(Checkpoints checkpoints, Operand<TFloat32> learningRate, Operand<? extends TType> scale,
      Operand<? extends TType> iterations, Ops tf) {
    this.checkpoints = checkpoints;
    this.learningRate = learningRate;
    if (scale != null) {
      this.scaleRead = tf.withName("scale.read").readVariableOp(scale, TFloat32.class);
      this.newScale = tf.withName("scale.new").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      this.assignScale = tf.withName("scale.assign").assignVariableOp(scale, newScale);
    } else {
      this.scaleRead = null;
      this.newScale = null;
      this.assignScale = null;
    }
    this.iterationsRead = iterations == null ? null
        : tf.withName("iterations.read").readVariableOp(iterations, TInt64.class);
  }

  boolean hasLearningRate() {
    return learningRate != null;
  }

  /** The learning rate the next step will use. */
  double learningRate(Session session) {
    return readFloat(session, learningRate);
  }

  double learningRateScale(Session session) {
    return readFloat(session, scaleRead);
  }

  void setLearningRateScale(Session session, double scale) {
    if (assignScale == null) {
      throw new IllegalStateException("the optimizer has no learning rate to scale");
    }
    try (TFloat32 value = TFloat32.scalarOf((float) scale)) {
      session.runner().feed(newScale, value).addTarget(assignScale).run().close();
    }
  }

  /** The number of optimizer steps taken, or -1 if the optimizer keeps no counter. */
  long iterations(Session session) {
    if (iterationsRead == null) {
      return -1;
    }
    try (Result r = session.runner().fetch(iterationsRead).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  private static double readFloat(Session session, Operand<TFloat32> op) {
    if (op == null) {
      throw new IllegalStateException("the optimizer has no learning rate");
    }
    try (Result r = session.runner().fetch(op).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
