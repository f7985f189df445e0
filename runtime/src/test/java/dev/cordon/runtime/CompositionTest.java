package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.Init;
import dev.cordon.Isolation;
import dev.cordon.internal.IsolationAudit;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.train.Optimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class CompositionTest {

  static final ModelSpec ENCODER = ModelSpec.builder("dev.cordon.runtime.Encoder", "encoder")
      .input("pixels", TFloat32.class, -1, 4)
      .output("embedding", TFloat32.class, -1, 3)
      .build();

  static final ModelSpec HEAD = ModelSpec.builder("dev.cordon.runtime.Head", "head")
      .input("embedding", TFloat32.class, -1, 3)
      .label("target", TFloat32.class, -1, 1)
      .variable("w", TFloat32.class, Init.ONES, 3, 1)
      .output("score", TFloat32.class, -1, 1)
      .loss()
      .build();

  static TestModel.Builder encoder() {
    return TestModel.builder(ENCODER, b -> {
      Operand<TFloat32> pixels = b.input("pixels", TFloat32.class);
      b.output("embedding", b.layers().dense("embed", pixels, 3, Activation.TANH));
    });
  }

  static TestModel.Builder head() {
    return TestModel.builder(HEAD, b -> {
      Operand<TFloat32> embedding = b.input("embedding", TFloat32.class);
      Operand<TFloat32> target = b.input("target", TFloat32.class);
      Operand<TFloat32> w = b.variable("w", TFloat32.class);
      Operand<TFloat32> score = b.output("score", b.ops().linalg.matMul(embedding, w));
      b.loss(b.layers().meanSquaredError(score, target));
    });
  }

  static CompositionSpec pipeline(Isolation encoderLevel) {
    return CompositionSpec.builder("dev.cordon.runtime.Pipeline", "pipeline")
        .member("encoder", encoderLevel, "encoder")
        .member("head", Isolation.SCOPE, "head")
        .wire("encoder.embedding", "head.embedding")
        .input("encoderPixels", "encoder.pixels")
        .output("encoderEmbedding", "encoder.embedding")
        .output("headScore", "head.score")
        .label("target", TFloat32.class, -1, 1)
        .loss()
        .build();
  }

  /** Builds the pipeline as a generated constructor would. */
  static final class Pipeline implements AutoCloseable {
    final CompositionEngine runtime;
    final TestModel encoder;
    final TestModel head;

    Pipeline(Isolation encoderLevel) {
      this(new PipelineBuilder(encoderLevel).seed(5).optimizer(Optimizer.sgd(0.1f)).startBuild());
    }

    Pipeline(CompositionAssembly build) {
      try {
        encoder = build.member("encoder", encoder()).build();
        head = build.member("head", head()).build();
        Operand<TFloat32> target = build.label("target", TFloat32.class);
        build.loss(build.layers().meanSquaredError(head.output("score", TFloat32.class), target));
        runtime = build.finish();
      } catch (RuntimeException | Error e) {
        build.abort();
        throw e;
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
      runtime.close();
    }
  }

  static final class PipelineBuilder extends CompositionBuilder<PipelineBuilder> {
    PipelineBuilder(Isolation encoderLevel) {
      super(pipeline(encoderLevel));
    }

    @Override
    protected PipelineBuilder self() {
      return this;
    }

    CompositionAssembly startBuild() {
      return start();
    }

    Pipeline build() {
      return new Pipeline(start());
    }
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
    try (TestModel a = head().build(); TestModel b = head().build()) {
      try (TFloat32 e = TensorArrays.of(new float[][] {{1, 2, 3}}); TFloat32 t = TensorArrays.of(new float[][] {{0}})) {
        a.runtime.trainStep(e, t);
      }
      assertArrayEquals(new float[] {1, 1, 1}, b.runtime.variables().readFloats("w"), 0f);
      assertFalse(a.runtime.variables().readFloats("w")[0] == 1f);
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
    CompositionSpec spec = CompositionSpec.builder("dev.cordon.runtime.Direct", "direct")
        .member("encoder", Isolation.BOUNDARY, "encoder")
        .input("encoderPixels", "encoder.pixels")
        .output("encoderEmbedding", "encoder.embedding")
        .loss()
        .build();
    CompositionAssembly build = CompositionAssembly.start(spec, 1, Optimizer.sgd(0.1f), Map.of(), null);
    TestModel encoder = build.member("encoder", encoder()).build();
    Operand<TFloat32> embedding = encoder.output("embedding", TFloat32.class);
    build.loss(build.ops().math.mean(build.ops().math.square(embedding), build.ops().constant(new int[] {0, 1})));
    try (CompositionEngine runtime = build.finish()) {
      assertEquals(
          List.of("Direct @Loss reaches encoder.embed/kernel", "Direct @Loss reaches encoder.embed/bias"),
          runtime.gradientLeaks());
    }
  }

  @Test
  void auditReportsALeakyHandMadeGraph() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Ops a = tf.withSubScope("a");
      Ops b = tf.withSubScope("b");
      Operand<TFloat32> x = a.withName("x").constant(1f);
      b.withName("y").math.add(x, b.constant(2f)); // reaches into a without a wire
      List<IsolationViolation> violations = IsolationAudit.audit(g, Map.of("a", "a", "b", "b"), List.of());
      assertEquals(1, violations.size());
      assertEquals("a/x", violations.get(0).source());
      assertEquals("b/y", violations.get(0).target());
      assertTrue(violations.get(0).reason().contains("without a declared wire"), violations.get(0).reason());
    }
  }

  @Test
  void auditReportsABoundaryCrossedThroughIdentity() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withSubScope("a").withName("out").constant(1f);
      tf.withSubScope("b").withName("in").identity(x);
      var wire = new IsolationAudit.DeclaredWire("a", "out", "b", "in", Isolation.BOUNDARY);
      List<IsolationViolation> violations = IsolationAudit.audit(g, Map.of("a", "a", "b", "b"), List.of(wire));
      assertEquals(1, violations.size());
      assertTrue(violations.get(0).reason().contains("not StopGradient"), violations.get(0).reason());
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
    assertTrue(p.runtime.graph().handle.isClosed());
  }

  @Test
  void dotShowsAClusterPerGraphAndLabelledWires() {
    try (Pipeline p = new Pipeline(Isolation.GRAPH)) {
      String dot = p.runtime.toDot();
      assertTrue(dot.startsWith("digraph \"Pipeline\" {"), dot);
      assertTrue(dot.contains("label=\"shared graph + session\""), dot);
      assertTrue(dot.contains("label=\"own graph + session\""), dot);
      assertTrue(dot.contains("\"encoder\" [label=\"encoder\\nscope: encoder\\nGRAPH\"]"), dot);
      assertTrue(dot.contains("\"encoder\" -> \"head\" [label=\"embedding -> embedding\\nGRAPH (tensor hand-off)\""), dot);
    }
  }

  static final CompositionSpec OUTER = CompositionSpec.builder("dev.cordon.runtime.Outer", "outer")
      .member("retrieval", Isolation.BOUNDARY, "retrieval")
      .member("judge", Isolation.SCOPE, "judge")
      .wire("retrieval.encoderEmbedding", "judge.embedding")
      .input("retrievalEncoderPixels", "retrieval.encoderPixels")
      .output("retrievalEncoderEmbedding", "retrieval.encoderEmbedding")
      .output("retrievalHeadScore", "retrieval.headScore")
      .output("judgeScore", "judge.score")
      .label("verdict", TFloat32.class, -1, 1)
      .loss()
      .build();

  /** A composition nesting the pipeline behind a BOUNDARY, as generated code would build it. */
  static final class Outer implements AutoCloseable {
    final CompositionEngine runtime;
    final Pipeline retrieval;
    final TestModel judge;

    Outer(Isolation pipelineEncoderLevel) {
      CompositionAssembly build = CompositionAssembly.start(OUTER, 9, Optimizer.sgd(0.1f), Map.of(), null);
      try {
        retrieval = build.member("retrieval", new PipelineBuilder(pipelineEncoderLevel)).build();
        judge = build.member("judge", head()).build();
        Operand<TFloat32> verdict = build.label("verdict", TFloat32.class);
        build.loss(build.layers().meanSquaredError(judge.output("score", TFloat32.class), verdict));
        runtime = build.finish();
      } catch (RuntimeException | Error e) {
        build.abort();
        throw e;
      }
    }

    @Override
    public void close() {
      runtime.close();
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
          "Pipeline.headScore: input 'encoderPixels' expects TFloat32 of shape [-1, 4], got TFloat32 of shape [1, 2]",
          e.getMessage());
    }
  }
}
