package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import dev.cordon.runtime.train.Optimizer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;

/** SavedModels imported by hand ({@code SavedModelImport}) beside a generated model in one graph. */
class ImportBesideModelTest {

  static final Path MODELS = Path.of("src/test/resources/savedmodels");
  static final Path HALF_PLUS_TWO = MODELS.resolve("half_plus_two_tf1");
  static final Path HALF_PLUS_THREE = MODELS.resolve("half_plus_three_tf1");

  private static float[][] y(ImportedSavedModel m, String signature, String in, String out, float[][] x) {
    try (TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(x));
        SignatureOutputs o = m.run(signature, Map.of(in, t))) {
      return StdArrays.array2dCopyOf(o.get(out, TFloat32.class));
    }
  }

  @Test
  void importingTwiceUnderOneScopeIsRefusedAndTheGraphStaysRunnable() {
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importInto(g, "model");
      int ops = countOps(g.graph());
      ModelBuildException e = assertThrows(ModelBuildException.class,
          () -> SavedModelImport.from(HALF_PLUS_THREE).importInto(g, "model"));
      assertTrue(e.getMessage().contains("'model'"), e.getMessage());
      assertThrows(ModelBuildException.class, () -> SavedModelImport.from(HALF_PLUS_TWO).importInto(g, "model/inner"));
      assertEquals(ops, countOps(g.graph()));
      assertEquals(2.5f, y(two, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
      // a Java model's scope and the import's cannot overlap either
      assertThrows(ModelBuildException.class,
          () -> CordonLinear.builder().graph(g).scope("model").build());
      ImportedSavedModel three = SavedModelImport.from(HALF_PLUS_THREE).importInto(g, "model2");
      assertEquals(3.5f, y(three, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
    }
  }

  @Test
  void anImportLivesNextToAJavaModelWithoutTouchingIt() {
    try (SharedGraph g = SharedGraph.create();
        CordonLinear linear = CordonLinear.builder().graph(g).optimizer(Optimizer.sgd(0.01f)).build()) {
      linear.trainStep(new float[][] {{1, 2}, {3, 4}}, new float[][] {{1}, {2}});
      float[] before = linear.variables().readFloats("w");
      assertNotEquals(1f, before[0]);
      ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importInto(g, "imported");
      assertEquals(2.5f, y(two, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
      assertEquals(before.length, linear.variables().readFloats("w").length);
      for (int i = 0; i < before.length; i++) {
        assertEquals(before[i], linear.variables().readFloats("w")[i], 0f);
      }
    }
  }

  private static int countOps(Graph g) {
    int n = 0;
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
