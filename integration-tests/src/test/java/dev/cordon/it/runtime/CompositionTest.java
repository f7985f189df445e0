package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CordonRanker;
import dev.cordon.Isolation;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionGraph;
import dev.cordon.it.Engines;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.train.Optimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.types.TFloat32;

class CompositionTest {

  /** A model member's engine, as the tests reach it. */
  record Member(ModelEngine runtime) {}

  /**
   * A built pipeline (a generated {@code CordonPipeline<level>}: its encoder at that level, wired
   * into a SCOPE head) with the engines behind it, for the checks users cannot make.
   */
  static final class Pipeline implements AutoCloseable {
    final CordonComposition composition;
    final CompositionEngine runtime;
    final Member encoder;
    final Member head;

    Pipeline(Isolation encoderLevel) {
      this(build(encoderLevel));
    }

    Pipeline(CordonComposition composition) {
      this.composition = composition;
      this.runtime = Engines.of(composition);
      this.encoder = member(runtime, "encoder");
      this.head = member(runtime, "head");
    }

    private static CordonComposition build(Isolation encoderLevel) {
      switch (encoderLevel) {
        case SCOPE:
          return CordonPipelineSCOPE.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build();
        case BOUNDARY:
          return CordonPipelineBOUNDARY.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build();
        case GRAPH:
          return CordonPipelineGRAPH.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build();
        default:
          throw new AssertionError(encoderLevel);
      }
    }

    float[][] score(float[][] pixels) {
      try (TFloat32 in = TensorArrays.of(pixels);
          TFloat32 out = runtime.predict("headScore", TFloat32.class, in)) {
        return TensorArrays.floats2d(out);
      }
    }

    float trainStep(float[][] pixels, float[][] target) {
      try (TFloat32 in = TensorArrays.of(pixels); TFloat32 t = TensorArrays.of(target)) {
        return runtime.trainStep(in, t);
      }
    }

    @Override
    public void close() {
      composition.close();
    }
  }

  /** The engine of the model at {@code path} of a composition. */
  static Member member(CompositionEngine composition, String path) {
    for (CompositionGraph.Member m : composition.resolved().members()) {
      if (m.path().equals(path)) {
        return new Member(m.engine());
      }
    }
    throw new AssertionError("no member " + path + " in " + composition.scopes());
  }

  private static final float[][] PIXELS = {{1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 0}};
  private static final float[][] TARGET = {{1}, {-1}, {0.5f}};

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void computesTheSameNumbersAtEveryLevel(Isolation level) {
    try (Pipeline p = new Pipeline(level)) {
      float[][] embedding;
      try (TFloat32 in = TensorArrays.of(PIXELS);
          TFloat32 e = p.encoder.runtime.predict("embedding", TFloat32.class, in)) {
        embedding = TensorArrays.floats2d(e);
      }
      // w = ones: the score is the sum of the embedding.
      float[][] score = p.score(PIXELS);
      for (int i = 0; i < PIXELS.length; i++) {
        assertEquals(embedding[i][0] + embedding[i][1] + embedding[i][2], score[i][0], 1e-6f);
      }
      assertEquals(List.of("encoderPixels"), p.runtime.inputsOf("headScore"));
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void compositionLossTrainsScopeMembersOnly(Isolation level) {
    try (Pipeline p = new Pipeline(level)) {
      float[] encoderBefore = p.encoder.runtime.variables().readFloats("embed/kernel");
      float[] headBefore = p.head.runtime.variables().readFloats("w");
      float first = p.trainStep(PIXELS, TARGET);
      float last = first;
      for (int i = 0; i < 20; i++) {
        last = p.trainStep(PIXELS, TARGET);
      }
      assertTrue(last < first, first + " -> " + last);
      float[] encoderAfter = p.encoder.runtime.variables().readFloats("embed/kernel");
      if (level == Isolation.SCOPE) {
        assertFalse(java.util.Arrays.equals(encoderBefore, encoderAfter), "SCOPE members train jointly");
      } else {
        assertArrayEquals(encoderBefore, encoderAfter, 0f, level + " members keep bit-identical weights");
      }
      assertFalse(java.util.Arrays.equals(headBefore, p.head.runtime.variables().readFloats("w")));
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void membersOwnTrainingNeverTouchesTheUpstreamMember(Isolation level) {
    try (Pipeline p = new Pipeline(level)) {
      float[] before = p.encoder.runtime.variables().readFloats("embed/kernel");
      try (TFloat32 e = TensorArrays.of(new float[][] {{1, 2, 3}}); TFloat32 t = TensorArrays.of(new float[][] {{1}})) {
        p.head.runtime.trainStep(e, t);
      }
      assertArrayEquals(before, p.encoder.runtime.variables().readFloats("embed/kernel"), 0f);
    }
  }

  @Test
  void identityPassesGradientsAndStopGradientCutsThem() {
    // The belief that tf.identity isolates is wrong: a SCOPE wire (identity) passes gradients,
    // a BOUNDARY wire (stopGradient) does not.
    for (Isolation level : List.of(Isolation.SCOPE, Isolation.BOUNDARY)) {
      try (Pipeline p = new Pipeline(level)) {
        Graph g = p.runtime.graph().graph();
        Output<?> loss = p.head.runtime.lossOperand().asOutput();
        Output<?> read = p.encoder.runtime.variableList().get(0).read().asOutput();
        Output<?>[] grads = g.addGradients("probe_" + level, new Output<?>[] {loss}, new Output<?>[] {read}, null);
        String wireOp = g.operation("head/embedding").type();
        if (level == Isolation.SCOPE) {
          assertEquals("Identity", wireOp);
          assertFalse(grads[0].isClosed(), "identity passes the gradient");
        } else {
          assertEquals("StopGradient", wireOp);
          assertTrue(grads[0].isClosed(), "stopGradient cuts it");
        }
      }
    }
  }

  @Test
  void graphMemberHasItsOwnGraphAndSession() {
    try (Pipeline p = new Pipeline(Isolation.GRAPH)) {
      Graph shared = p.runtime.graph().graph();
      assertNotSame(shared, p.encoder.runtime.handle().graph());
      assertNull(shared.operation("encoder/embed/kernel"));
      assertEquals("Placeholder", shared.operation("head/embedding").type());
    }
  }

  @Test
  void sameSharedNameInSeparateSessionsSharesNothing() {
    // Two builds of the same model in separate graphs use identical shared_names.
    try (CordonRanker a = CordonRanker.builder().build(); CordonRanker b = CordonRanker.builder().build()) {
      try (TFloat32 e = TensorArrays.of(new float[][] {{1, 2, 3}}); TFloat32 t = TensorArrays.of(new float[][] {{0}})) {
        a.trainStep(e, t);
      }
      assertArrayEquals(new float[] {1, 1, 1}, b.variables().readFloats("w"), 0f);
      assertFalse(a.variables().readFloats("w")[0] == 1f);
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void builtCompositionsPassTheAudit(Isolation level) {
    try (Pipeline p = new Pipeline(level)) {
      assertEquals(List.of(), p.runtime.audit());
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void noLossHasAGradientIntoABoundaryMember(Isolation level) {
    try (Pipeline p = new Pipeline(level)) {
      assertEquals(List.of(), p.runtime.gradientLeaks());
      int ops = 0;
      for (var it = p.runtime.graph().graph().operations(); it.hasNext(); it.next()) {
        ops++;
      }
      p.runtime.gradientLeaks();
      int after = 0;
      for (var it = p.runtime.graph().graph().operations(); it.hasNext(); it.next()) {
        after++;
      }
      assertEquals(ops, after, "the check works on a copy of the graph");
    }
  }

  @Test
  void gradientCheckReportsALossReadingABoundaryMemberDirectly() {
    // The composition's loss reads the BOUNDARY encoder's output itself, not through a wire: a
    // gradient reaches the encoder (its training step still never applies it), and the check says so.
    try (CordonDirect direct = CordonDirect.builder().seed(1).optimizer(Optimizer.sgd(0.1f)).build()) {
      assertEquals(
          List.of("Direct @Loss reaches encoder.embed/kernel", "Direct @Loss reaches encoder.embed/bias"),
          direct.inspect().gradientLeaks());
    }
  }

  @Test
  void graphMembersRunOnlyWhenNeeded() {
    try (Pipeline p = new Pipeline(Isolation.GRAPH)) {
      // Closing the GRAPH member's session makes any run of it fail: the head alone must not run it.
      p.encoder.runtime.close();
      try (TFloat32 e = TensorArrays.of(new float[][] {{1, 2, 3}});
          TFloat32 s = p.head.runtime.predict("score", TFloat32.class, e)) {
        assertEquals(6f, s.getFloat(0, 0));
      }
      assertThrows(IllegalStateException.class, () -> p.score(PIXELS));
    }
  }

  @Test
  void closeClosesEveryMemberAndGraph() {
    Pipeline p = new Pipeline(Isolation.GRAPH);
    p.close();
    p.close();
    assertThrows(IllegalStateException.class, () -> p.score(PIXELS));
    assertTrue(p.encoder.runtime.handle().isClosed());
    assertTrue(RuntimeAccess.get().handle(p.runtime.graph()).isClosed());
  }

  @Test
  void dotShowsAClusterPerGraphAndLabelledWires() {
    try (Pipeline p = new Pipeline(Isolation.GRAPH)) {
      String dot = p.runtime.toDot();
      assertTrue(dot.startsWith("digraph \"PipelineGRAPH\" {"), dot);
      assertTrue(dot.contains("label=\"shared graph + session\""), dot);
      assertTrue(dot.contains("label=\"own graph + session\""), dot);
      assertTrue(dot.contains("\"encoder\" [label=\"encoder\\nscope: encoder\\nGRAPH\"]"), dot);
      assertTrue(dot.contains("\"encoder\" -> \"head\" [label=\"embedding -> embedding\\nGRAPH (tensor hand-off)\""), dot);
    }
  }

  /**
   * A generated {@code CordonOuter<level>}: the pipeline, its encoder at that level, nested behind
   * a BOUNDARY, its embedding wired into a SCOPE judge.
   */
  static final class Outer implements AutoCloseable {
    final CordonComposition composition;
    final CompositionEngine runtime;
    final Pipeline retrieval;
    final Member judge;

    Outer(Isolation pipelineEncoderLevel) {
      CordonComposition nested;
      switch (pipelineEncoderLevel) {
        case SCOPE: {
          CordonOuterSCOPE o = CordonOuterSCOPE.builder().seed(9).optimizer(Optimizer.sgd(0.1f)).build();
          composition = o;
          nested = o.retrieval();
          break;
        }
        case BOUNDARY: {
          CordonOuterBOUNDARY o = CordonOuterBOUNDARY.builder().seed(9).optimizer(Optimizer.sgd(0.1f)).build();
          composition = o;
          nested = o.retrieval();
          break;
        }
        case GRAPH: {
          CordonOuterGRAPH o = CordonOuterGRAPH.builder().seed(9).optimizer(Optimizer.sgd(0.1f)).build();
          composition = o;
          nested = o.retrieval();
          break;
        }
        default:
          throw new AssertionError(pipelineEncoderLevel);
      }
      runtime = Engines.of(composition);
      retrieval = new Pipeline(nested);
      judge = member(runtime, "judge");
    }

    @Override
    public void close() {
      composition.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void nestedCompositionsNestScopesAndKeepTheirBoundary(Isolation innerEncoderLevel) {
    try (Outer outer = new Outer(innerEncoderLevel)) {
      assertEquals(
          Map.of("retrieval.encoder", "retrieval/encoder", "retrieval.head", "retrieval/head", "judge", "judge"),
          outer.runtime.scopes());
      // The retrieval member is a BOUNDARY: its output reaches the judge through a stopGradient,
      // or, when the encoder inside it has a graph of its own, as a fed tensor.
      assertEquals(innerEncoderLevel == Isolation.GRAPH ? "Placeholder" : "StopGradient",
          outer.runtime.graph().graph().operation("judge/embedding").type());
      float[][] embedding;
      try (TFloat32 in = TensorArrays.of(PIXELS);
          TFloat32 e = outer.retrieval.encoder.runtime.predict("embedding", TFloat32.class, in)) {
        embedding = TensorArrays.floats2d(e);
      }
      try (TFloat32 in = TensorArrays.of(PIXELS);
          TFloat32 judged = outer.runtime.predict("judgeScore", TFloat32.class, in)) {
        for (int i = 0; i < PIXELS.length; i++) {
          assertEquals(embedding[i][0] + embedding[i][1] + embedding[i][2], judged.getFloat(i, 0), 1e-6f);
        }
      }
      float[] encoderBefore = outer.retrieval.encoder.runtime.variables().readFloats("embed/kernel");
      float[] headBefore = outer.retrieval.head.runtime.variables().readFloats("w");
      try (TFloat32 in = TensorArrays.of(PIXELS); TFloat32 t = TensorArrays.of(TARGET)) {
        for (int i = 0; i < 5; i++) {
          outer.runtime.trainStep(in, t);
        }
      }
      assertArrayEquals(encoderBefore, outer.retrieval.encoder.runtime.variables().readFloats("embed/kernel"), 0f);
      assertArrayEquals(headBefore, outer.retrieval.head.runtime.variables().readFloats("w"), 0f);
      assertFalse(outer.judge.runtime.variables().readFloats("w")[0] == 1f, "the judge trains");
      assertEquals(List.of(), outer.runtime.audit());
      // The nested composition still works on its own.
      assertEquals(3, outer.retrieval.score(PIXELS).length);
    }
  }

  @Test
  void runReturnsEveryOutput() {
    try (Pipeline p = new Pipeline(Isolation.BOUNDARY);
        TFloat32 in = TensorArrays.of(PIXELS);
        OutputTensors out = p.runtime.run(in)) {
      assertEquals(3, out.get("encoderEmbedding", TFloat32.class).shape().get(1));
      assertEquals(1, out.get("headScore", TFloat32.class).shape().get(1));
    }
  }

  @Test
  void wrongCompositionInputIsRefusedByName() {
    try (Pipeline p = new Pipeline(Isolation.GRAPH); TFloat32 bad = TensorArrays.of(new float[][] {{1, 2}})) {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> p.runtime.predict("headScore", TFloat32.class, bad));
      assertEquals(
          "PipelineGRAPH.headScore: input 'encoderPixels' expects TFloat32 of shape [-1, 4], got TFloat32 of shape [1, 2]",
          e.getMessage());
    }
  }
}
