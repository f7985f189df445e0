package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** Generated models over real SavedModels made by Python TensorFlow. */
class SavedModelImportTest {

  private static final float[][] X = {{1}, {2}, {5}};

  @Test
  void twoSavedModelsWithTheSameVariableNamesRunSideBySideInOneGraph() {
    try (SharedGraph shared = SharedGraph.create();
        CordonHalfPlusTwo two = CordonHalfPlusTwo.builder().graph(shared).build();
        CordonHalfPlusThree three = CordonHalfPlusThree.builder().graph(shared).build()) {
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {4.5f}}, two.y(X));
      assertArrayEquals(new float[][] {{3.5f}, {4f}, {5.5f}}, three.y(X));
      assertEquals("half_plus_two", two.scope());
      assertEquals("half_plus_three", three.scope());
      assertTrue(two.variables().names().isEmpty(), "imported variables are not Cordon variables");
      try (TFloat32 in = TensorArrays.of(X); CordonHalfPlusTwo.Outputs all = two.run(in)) {
        assertArrayEquals(new float[][] {{2.5f}, {3f}, {4.5f}}, TensorArrays.floats2d(all.y()));
      }
      // Same scope twice in one graph: refused, the graph stays usable.
      ModelBuildException again =
          assertThrows(ModelBuildException.class, () -> CordonHalfPlusTwo.builder().graph(shared).build());
      assertTrue(again.getMessage().contains("half_plus_two"), again.getMessage());
      // A second instance under another scope.
      try (CordonHalfPlusTwo second = CordonHalfPlusTwo.builder().graph(shared).scope("second").build()) {
        assertArrayEquals(two.y(X), second.y(X));
      }
      assertArrayEquals(new float[][] {{3.5f}, {4f}, {5.5f}}, three.y(X));
    }
  }

  @Test
  void standaloneAndFromAFileSystemPath() {
    try (CordonHalfPlusThree three = CordonHalfPlusThree.builder().build()) {
      assertArrayEquals(new float[][] {{3.5f}}, three.y(new float[][] {{1}}));
    }
    Path dir = Path.of("src/test/resources/savedmodels/half_plus_two_tf1").toAbsolutePath();
    try (CordonHalfPlusThree fromPath = CordonHalfPlusThree.builder().savedModelPath(dir).build()) {
      assertArrayEquals(new float[][] {{2.5f}}, fromPath.y(new float[][] {{1}}), "the path overrides");
    }
  }

  @Test
  void inputsAreCheckedLikeAnyModel() {
    try (CordonHalfPlusTwo two = CordonHalfPlusTwo.builder().build()) {
      IllegalArgumentException wrongRank =
          assertThrows(IllegalArgumentException.class, () -> two.y(TensorArrays.of(new float[] {1, 2})));
      assertTrue(wrongRank.getMessage().contains("HalfPlusTwo"), wrongRank.getMessage());
      two.close();
      assertThrows(IllegalStateException.class, () -> two.y(X));
    }
  }

  @Test
  void aDeclaredOutputOfTheWrongDtypeIsRefusedWithWhatTheSignatureHas() {
    ModelBuildException e =
        assertThrows(ModelBuildException.class, () -> CordonHalfPlusTwoWrongDtype.builder().build());
    assertEquals(
        "HalfPlusTwoWrongDtype does not match signature 'serving_default' of its SavedModel: output 'y'"
            + " is declared as Operand<TInt32> but the signature has DT_FLOAT (TFloat32). The signature has"
            + " inputs {x: DT_FLOAT [-1, 1]} and outputs {y: DT_FLOAT [-1, 1]}.",
        e.getMessage());
  }

  @Test
  void aJavaModelWiredIntoAnImportedOneAtBoundaryLevel() {
    try (CordonDoubleThenHalfBOUNDARY p = CordonDoubleThenHalfBOUNDARY.builder().build()) {
      assertArrayEquals(new float[][] {{3}, {4}, {7}}, p.halfY(X));
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {4.5f}}, p.half().y(X), "the member alone");
      assertEquals("StopGradient", p.inspect().graph().graph().operation("half_plus_two/cordon.wire/x").type());
      assertEquals(java.util.List.of(), p.inspect().audit());
    }
  }

  @Test
  void aJavaModelWiredIntoAnImportedOneAtScopeLevel() {
    try (CordonDoubleThenHalfSCOPE p = CordonDoubleThenHalfSCOPE.builder().build()) {
      assertArrayEquals(new float[][] {{3}, {4}, {7}}, p.halfY(X));
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {4.5f}}, p.half().y(X), "the member alone");
      assertEquals("Identity", p.inspect().graph().graph().operation("half_plus_two/cordon.wire/x").type());
      assertEquals(java.util.List.of(), p.inspect().audit());
    }
  }

  @Test
  void aJavaModelWiredIntoAnImportedOneAtGraphLevel() {
    try (CordonDoubleThenHalfGRAPH p = CordonDoubleThenHalfGRAPH.builder().build()) {
      assertArrayEquals(new float[][] {{3}, {4}, {7}}, p.halfY(X));
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {4.5f}}, p.half().y(X), "the member alone");
    }
  }
}
