package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A TF1 signature that fetches a variable as it is declares its reference dtype (DT_FLOAT_REF,
 * base + 100): the import keeps the declared name and reads it as a plain TFloat32.
 */
class SavedModelRefDtypeTest {

  @TempDir Path tmp;

  /** x: DT_FLOAT [-1, 1]; w: the VariableV2 itself (DT_FLOAT_REF [1]); y = x * w. */
  private Path refSavedModel() {
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
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  @Test
  void aReferenceOutputIsReadAsItsBaseType() {
    try (ImportedSavedModel m = SavedModelImport.from(refSavedModel()).importAlone("ref")) {
      assertEquals(
          DataType.DT_FLOAT_REF, m.signature("serving_default").outputs().get("w").dtype());
      try (TFloat32 x = TensorArrays.of(new float[][] {{2f}});
          SignatureOutputs out = m.run("serving_default", Map.of("x", x))) {
        assertEquals(4f, out.get("w", TFloat32.class).getFloat(0), 0f);
        assertEquals(8f, out.get("y", TFloat32.class).getFloat(0, 0), 0f);
      }
    }
  }
}
