package dev.cordon.internal;

import dev.cordon.Init;
import dev.cordon.runtime.ModelBuildException;
import java.nio.charset.StandardCharsets;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Initial values of variables. Random kinds use stateless random ops keyed by the model's seed and
 * the variable's scope-relative name, so a variable's initial value depends on nothing else: not
 * on the graph it is built in, the order of builds, or how often the init op runs.
 */
public final class Initializers {

  /** Keras' correction: stddev of a normal truncated at two standard deviations. */
  private static final double TRUNCATION_STDDEV = 0.87962566103423978;

  private Initializers() {}

  /** The stateless seed of one variable: the model's seed and a hash of its name. */
  public static long[] seed(long modelSeed, String path) {
    long hash = 0xcbf29ce484222325L; // FNV-1a, stable across JVMs unlike String.hashCode's spec-free uses
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return new long[] {modelSeed, hash};
  }

  /** A seed of its own for the part {@code name} of something seeded with {@code seed}. */
  public static long mix(long seed, String name) {
    return seed * 0x9E3779B97F4A7C15L + seed(0, name)[1];
  }

  static <T extends TType> Operand<T> create(
      Ops tf, Init init, Class<T> type, Shape shape, long[] seed, String variable) {
    Operand<TInt64> dims = tf.constant(shape.asArray());
    switch (init) {
      case ZEROS:
        if (type == TString.class) {
          return tf.fill(dims, tf.constant("")).asOutput().expect(type);
        }
        if (type == TBool.class) {
          return tf.fill(dims, tf.constant(false)).asOutput().expect(type);
        }
        return tf.zeros(dims, type);
      case ONES:
        if (type == TBool.class) {
          return tf.fill(dims, tf.constant(true)).asOutput().expect(type);
        }
        requireNumeric(init, type, variable);
        return tf.fill(dims, tf.dtypes.cast(tf.constant(1f), type));
      default:
        requireFloating(init, type, variable);
        return tf.dtypes.cast(random(tf, init, shape, dims, seed), type);
    }
  }

  private static Operand<TFloat32> random(Ops tf, Init init, Shape shape, Operand<TInt64> dims, long[] seed) {
    Operand<TInt64> seedOp = tf.constant(seed);
    double fanIn = fanIn(shape);
    double fanOut = fanOut(shape);
    switch (init) {
      case GLOROT_UNIFORM:
        return uniform(tf, dims, seedOp, Math.sqrt(6.0 / (fanIn + fanOut)));
      case HE_UNIFORM:
        return uniform(tf, dims, seedOp, Math.sqrt(6.0 / fanIn));
      case GLOROT_NORMAL:
        return truncatedNormal(tf, dims, seedOp, Math.sqrt(2.0 / (fanIn + fanOut)));
      case HE_NORMAL:
        return truncatedNormal(tf, dims, seedOp, Math.sqrt(2.0 / fanIn));
      case LECUN_NORMAL:
        return truncatedNormal(tf, dims, seedOp, Math.sqrt(1.0 / fanIn));
      default:
        throw new AssertionError(init);
    }
  }

  /** Uniform in [-limit, limit). */
  private static Operand<TFloat32> uniform(Ops tf, Operand<TInt64> dims, Operand<TInt64> seed, double limit) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(dims, seed, TFloat32.class);
    return tf.math.mul(tf.math.sub(tf.math.mul(u, tf.constant(2f)), tf.constant(1f)), tf.constant((float) limit));
  }

  private static Operand<TFloat32> truncatedNormal(Ops tf, Operand<TInt64> dims, Operand<TInt64> seed, double stddev) {
    Operand<TFloat32> n = tf.random.statelessTruncatedNormal(dims, seed, TFloat32.class);
    return tf.math.mul(n, tf.constant((float) (stddev / TRUNCATION_STDDEV)));
  }

  /** Keras' fan rules: a kernel's last axis is its outputs, the one before its inputs. */
  static double fanIn(Shape shape) {
    int rank = shape.numDimensions();
    if (rank == 0) {
      return 1;
    }
    if (rank == 1) {
      return Math.max(1, shape.get(0));
    }
    return Math.max(1, shape.get(rank - 2) * receptiveField(shape));
  }

  static double fanOut(Shape shape) {
    int rank = shape.numDimensions();
    if (rank == 0) {
      return 1;
    }
    if (rank == 1) {
      return Math.max(1, shape.get(0));
    }
    return Math.max(1, shape.get(rank - 1) * receptiveField(shape));
  }

  private static long receptiveField(Shape shape) {
    long size = 1;
    for (int i = 0; i < shape.numDimensions() - 2; i++) {
      size *= shape.get(i);
    }
    return size;
  }

  private static void requireFloating(Init init, Class<?> type, String variable) {
    if (!(type == TFloat32.class || type == TFloat64.class || type == TFloat16.class || type == TBfloat16.class)) {
      throw new ModelBuildException(
          variable + ": Init." + init + " draws random floats and cannot initialise a "
              + type.getSimpleName() + " variable. Use Init.ZEROS or Init.ONES.");
    }
  }

  private static void requireNumeric(Init init, Class<?> type, String variable) {
    if (type == TString.class) {
      throw new ModelBuildException(
          variable + ": Init." + init + " cannot initialise a TString variable. Use Init.ZEROS (empty strings).");
    }
  }
}
