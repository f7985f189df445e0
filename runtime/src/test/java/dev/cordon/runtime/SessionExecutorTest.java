package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.SessionExecutor;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Which TF executor runs a session: the single-threaded one for a graph built in one go whose ops
 * it accepts, TF's default for graphs others may join, for ops it refuses and for the inter-op
 * pool; and the same numbers either way.
 */
class SessionExecutorTest {

  static final float[][] X = {{0.1f, 0.2f, 0.3f, 0.4f}, {1, -1, 0.5f, 2}, {0, 0, 0, 1}};
  static final int[] LABELS = {0, 2, 1};

  @Test
  void aModelsOwnGraphRunsOnTheSingleThreadedExecutorWithTheNumbersOfTfsDefault() {
    try (MlpModel single = MlpModel.builder().seed(7).build();
        MlpModel pooled = MlpModel.builder().seed(7).execution(Execution.INTER_OP_POOL).build()) {
      assertEquals(SessionExecutor.SINGLE_THREADED, single.runtime.handle().executor());
      assertEquals("", pooled.runtime.handle().executor());
      assertArrayEquals(pooled.logits(X), single.logits(X));
      for (int step = 0; step < 3; step++) {
        assertEquals(pooled.trainStep(X, LABELS), single.trainStep(X, LABELS));
      }
      assertArrayEquals(pooled.logits(X), single.logits(X));
    }
  }

  @Test
  void aSharedGraphKeepsTfsDefaultExecutor() {
    try (SharedGraph shared = SharedGraph.create(); MlpModel m = MlpModel.builder().graph(shared).build()) {
      assertEquals("", m.runtime.handle().executor());
      assertEquals(3, m.logits(X).length);
    }
  }

  @Test
  void aTf1ImportWithRefVariablesKeepsTfsDefaultAndATf221ImportRunsSingleThreaded() throws Exception {
    try (ImportedSavedModel tf1 = SavedModelImport.from(SavedModelImportTest.HALF_PLUS_TWO).importAlone("h2");
        ImportedSavedModel keras = SavedModelImport.fromResource(SavedModelTf221Test.ROOT + "keras3_mlp").importAlone("mlp")) {
      assertEquals("", handle(tf1).executor());
      assertEquals(SessionExecutor.SINGLE_THREADED, handle(keras).executor());
    }
  }

  @Test
  void refusalNamesTheFirstOpTheExecutorCannotRun() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      tf.math.add(tf.constant(1f), tf.constant(2f));
      assertNull(SessionExecutor.refusal(g));
      assertEquals(SessionExecutor.SINGLE_THREADED, SessionExecutor.choose(g, Execution.AUTO, 2));
      assertEquals("", SessionExecutor.choose(g, Execution.INTER_OP_POOL, 2));
      tf.withName("legacy").variable(Shape.scalar(), TFloat32.class);
      String refusal = SessionExecutor.refusal(g);
      assertTrue(refusal.contains("op 'legacy'") && refusal.contains("reference-typed"), refusal);
      assertEquals("", SessionExecutor.choose(g, Execution.AUTO, 2));
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      tf.withName("branch").switchCond(tf.constant(1f), tf.constant(true));
      String refusal = SessionExecutor.refusal(g);
      assertTrue(refusal.contains("op 'branch'") && refusal.contains("control flow (Switch)"), refusal);
    }
  }

  private static GraphHandle handle(ImportedSavedModel m) throws ReflectiveOperationException {
    Field f = ImportedSavedModel.class.getDeclaredField("handle");
    f.setAccessible(true);
    return (GraphHandle) f.get(m);
  }
}
