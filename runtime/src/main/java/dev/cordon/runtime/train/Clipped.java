package dev.cordon.runtime.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * An optimizer whose gradients are clipped before it sees them. Its name, and so the scope of its
 * slots, is the wrapped optimizer's.
 */
final class Clipped extends Optimizer {

  enum Kind {
    VALUE("clipByValue"),
    NORM("clipByNorm"),
    GLOBAL_NORM("clipByGlobalNorm");

    final String method;

    Kind(String method) {
      this.method = method;
    }
  }

  private final Optimizer inner;
  private final Kind kind;
  private final float limit;

  Clipped(Optimizer inner, Kind kind, float limit) {
    checkPositive(kind.method + " limit", limit);
    this.inner = inner;
    this.kind = kind;
    this.limit = limit;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Op applyGradients(TrainingGraph graph, List<Gradient<?>> gradients) {
    Ops tf = graph.ops().withSubScope("clip");
    List<Gradient<?>> clipped = new ArrayList<>();
    switch (kind) {
      case VALUE:
        for (Gradient<?> g : gradients) {
          clipped.add(byValue(tf, g));
        }
        break;
      case NORM:
        for (Gradient<?> g : gradients) {
          clipped.add(scaled(tf, g, scale(tf, sumOfSquares(tf, g))));
        }
        break;
      case GLOBAL_NORM:
        Operand<TFloat32> total = tf.constant(0f);
        for (Gradient<?> g : gradients) {
          total = tf.math.add(total, sumOfSquares(tf, g));
        }
        Operand<TFloat32> scale = scale(tf, total);
        for (Gradient<?> g : gradients) {
          clipped.add(scaled(tf, g, scale));
        }
        break;
      default:
        throw new AssertionError(kind);
    }
    return inner.applyGradients(graph, clipped);
  }

  private <T extends TType> Gradient<T> byValue(Ops tf, Gradient<T> g) {
    Operand<T> value = tf.clipByValue(g.value(), constant(tf, -limit, g.type()), constant(tf, limit, g.type()));
    return new Gradient<>(g.name(), g.variable(), value, g.type(), g.shape());
  }

  private static <T extends TType> Operand<TFloat32> sumOfSquares(Ops tf, Gradient<T> g) {
    Operand<TFloat32> v = tf.dtypes.cast(g.value(), TFloat32.class);
    Operand<TFloat32> flat = tf.reshape(v, tf.constant(new long[] {-1}));
    return tf.sum(tf.math.mul(flat, flat), tf.constant(0));
  }

  /** {@code limit / max(norm, limit)}: 1 while the norm is within the limit. */
  private Operand<TFloat32> scale(Ops tf, Operand<TFloat32> sumOfSquares) {
    Operand<TFloat32> norm = tf.math.sqrt(sumOfSquares);
    return tf.math.div(tf.constant(limit), tf.math.maximum(norm, tf.constant(limit)));
  }

  private static <T extends TType> Gradient<T> scaled(Ops tf, Gradient<T> g, Operand<TFloat32> scale) {
    Operand<T> value = tf.math.mul(g.value(), tf.dtypes.cast(scale, g.type()));
    return new Gradient<>(g.name(), g.variable(), value, g.type(), g.shape());
  }

  @Override
  public String toString() {
    return inner + "." + kind.method + "(" + limit + ")";
  }
}
