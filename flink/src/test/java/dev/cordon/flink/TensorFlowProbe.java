package dev.cordon.flink;

import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Runs a small graph; loaded by a job class loader in {@link NativeLibraryClassLoadingTest}, so
 * that it uses whichever TF Java that class loader sees.
 */
public final class TensorFlowProbe implements Supplier<String> {
  @Override
  public String get() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      try (TFloat32 y = (TFloat32) s.runner()
          .fetch(tf.math.add(tf.constant(2f), tf.constant(3f))).run().get(0)) {
        return Graph.class.getClassLoader().getClass().getSimpleName() + " " + y.getFloat();
      }
    }
  }
}
