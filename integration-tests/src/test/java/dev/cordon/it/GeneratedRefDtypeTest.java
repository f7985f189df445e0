package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A typed output of reference dtype (DT_FLOAT_REF) is a TFloat32 at run time as at compile time. */
class GeneratedRefDtypeTest {

  @TempDir Path tmp;

  @Test
  void aDtFloatRefOutputIsATypedFloatOutput() throws Exception {
    Path dir = tmp.resolve("tf1_ref");
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(new float[] {4f}));
      var y = tf.withName("y").math.mul(x, w);
      s.initialize();
      SessionFunction f =
          s.function(Signature.builder("serving_default").input("x", x).output("w", w).output("y", y).build());
      SavedModelBundle.exporter(dir.toString()).withFunction(f).export();
    }
    try (CordonTf1Ref m = CordonTf1Ref.builder().savedModelPath(dir).build()) {
      float[][] x = {{2f}, {0.5f}};
      assertArrayEquals(new float[] {4f}, m.w(x), 0f);
      assertArrayEquals(new float[][] {{8f}, {2f}}, m.y(x));
    }
  }
}
