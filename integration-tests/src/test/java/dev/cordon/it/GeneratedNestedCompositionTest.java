package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CordonJudgedSearch;
import com.acme.CordonSearchPipeline;
import com.acme.JudgedSearch;
import com.acme.SearchPipeline;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.train.Optimizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** A generated composition nesting another ({@link JudgedSearch}), against real TensorFlow. */
class GeneratedNestedCompositionTest {

  private static final float[][] PIXELS = {{1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 0}};
  private static final float[][] VERDICT = {{0.5f}, {-1}, {2}};

  private static CordonJudgedSearch judged() {
    return CordonJudgedSearch.builder().seed(11).optimizer(Optimizer.sgd(0.1f)).build();
  }

  /** With w = ones, a ranker's score is the sum of its embedding row. */
  private static void assertRowSums(float[][] embedding, float[][] score) {
    assertEquals(embedding.length, score.length);
    for (int i = 0; i < embedding.length; i++) {
      assertEquals(embedding[i][0] + embedding[i][1] + embedding[i][2], score[i][0], 1e-6f);
    }
  }

  @Test
  void numbersEqualRunningTheNestedMembersByHand() {
    try (CordonJudgedSearch j = judged()) {
      CordonSearchPipeline retrieval = j.retrieval();
      float[][] embedding = retrieval.encoder().embedding(PIXELS);
      assertArrayEquals(embedding, j.retrievalEncoderEmbedding(PIXELS));
      assertArrayEquals(retrieval.rankerScore(PIXELS), j.retrievalRankerScore(PIXELS));
      assertArrayEquals(retrieval.auditScore(PIXELS), j.retrievalAuditScore(PIXELS));
      assertRowSums(embedding, j.retrievalRankerScore(PIXELS));
      assertRowSums(embedding, j.judgeScore(PIXELS));
      assertArrayEquals(j.judgeScore(PIXELS)[2], j.judge().score(embedding)[2], 1e-6f);
      try (TFloat32 in = TensorArrays.of(PIXELS); CordonJudgedSearch.Outputs all = j.run(in)) {
        assertArrayEquals(embedding, TensorArrays.floats2d(all.retrievalEncoderEmbedding()));
        assertRowSums(embedding, TensorArrays.floats2d(all.judgeScore()));
      }
      for (String output :
          List.of("retrievalEncoderEmbedding", "retrievalRankerScore", "retrievalAuditScore",
              "judgeScore")) {
        assertEquals(List.of("retrievalEncoderPixels"), Engines.of(j).inputsOf(output), output);
      }
    }
  }

  @Test
  void trainStepTrainsTheJudgeAndLeavesTheNestedMembersBitIdentical() {
    try (CordonJudgedSearch j = judged()) {
      CordonSearchPipeline retrieval = j.retrieval();
      float[] encoderBefore = retrieval.encoder().variables().readFloats("embed/kernel");
      float[] rankerBefore = retrieval.ranker().variables().readFloats("w");
      float[] auditBefore = retrieval.audit().variables().readFloats("w");
      float[] judgeBefore = j.judge().variables().readFloats("w");
      float first = j.trainStep(PIXELS, VERDICT);
      float last = first;
      for (int i = 0; i < 20; i++) {
        last = j.trainStep(PIXELS, VERDICT);
      }
      assertTrue(last < first, first + " -> " + last);
      assertFalse(Arrays.equals(judgeBefore, j.judge().variables().readFloats("w")), "judge trains");
      assertArrayEquals(encoderBefore, retrieval.encoder().variables().readFloats("embed/kernel"), 0f);
      assertArrayEquals(rankerBefore, retrieval.ranker().variables().readFloats("w"), 0f);
      assertArrayEquals(auditBefore, retrieval.audit().variables().readFloats("w"), 0f);
    }
  }

  @Test
  void auditIsEmptyAndScopesNest() {
    try (CordonJudgedSearch j = judged()) {
      assertEquals(List.of(), j.inspect().audit());
      assertEquals(List.of(), j.inspect().gradientLeaks());
      assertEquals(
          Map.of(
              "retrieval.encoder", "retrieval/encoder",
              "retrieval.ranker", "retrieval/ranker",
              "retrieval.audit", "retrieval/audit",
              "judge", "judge"),
          j.inspect().scopes());
      assertEquals("retrieval/encoder", j.retrieval().encoder().scope());
    }
  }

  @Test
  void theNestedMemberStillWorksOnItsOwn() {
    try (CordonJudgedSearch j = judged()) {
      CordonSearchPipeline retrieval = j.retrieval();
      SearchPipeline declared = ((JudgedSearch) j).retrieval();
      assertTrue(declared instanceof CordonSearchPipeline);
      assertRowSums(retrieval.encoder().embedding(PIXELS), retrieval.rankerScore(PIXELS));
      assertEquals(List.of(), retrieval.inspect().audit());
    }
  }

  @Test
  void builderOverridesTheNestedMemberScope() {
    try (CordonJudgedSearch j = CordonJudgedSearch.builder().retrievalScope("team/search").build()) {
      assertEquals("team/search/encoder", j.inspect().scopes().get("retrieval.encoder"));
      assertEquals(List.of(), j.inspect().audit());
    }
  }

  @Test
  void aScopeNestedMemberIsTrainedByTheOuterLoss() {
    try (CordonTunedJoint t =
        CordonTunedJoint.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build()) {
      float[] encoderBefore = t.joint().encoder().variables().readFloats("embed/kernel");
      float[] rankerBefore = t.joint().ranker().variables().readFloats("w");
      float first = t.trainStep(PIXELS, VERDICT);
      float last = first;
      for (int i = 0; i < 20; i++) {
        last = t.trainStep(PIXELS, VERDICT);
      }
      assertTrue(last < first, first + " -> " + last);
      assertFalse(
          Arrays.equals(encoderBefore, t.joint().encoder().variables().readFloats("embed/kernel")));
      assertFalse(Arrays.equals(rankerBefore, t.joint().ranker().variables().readFloats("w")));
      assertEquals(List.of(), t.inspect().audit());
      assertEquals("joint/encoder", t.inspect().scopes().get("joint.encoder"));
    }
  }

  @Test
  void generatedPredictionsTakeExactlyTheInputsTheRuntimeNeeds() throws ReflectiveOperationException {
    float[][] other = {{0, 0, 1, 1}, {1, 0, 1, 0}, {0, 1, 0, 1}};
    try (CordonPairedRanker p = CordonPairedRanker.builder().seed(3).build()) {
      assertEquals(List.of("pairBPixels"), Engines.of(p).inputsOf("rankerScore"));
      assertEquals(List.of("pairAPixels"), Engines.of(p).inputsOf("pairAEmbedding"));
      assertRowSums(p.pair().b().embedding(other), p.rankerScore(other));
      assertArrayEquals(p.pair().a().embedding(PIXELS), p.pairAEmbedding(PIXELS));
      assertCountsAgree(p, CordonPairedRanker.class);
    }
    try (CordonJudgedSearch j = judged()) {
      assertCountsAgree(j, CordonJudgedSearch.class);
    }
  }

  /** Each output's tensor overload has one parameter per input {@code inputsOf} lists. */
  private static void assertCountsAgree(CordonComposition c, Class<?> generated)
      throws ReflectiveOperationException {
    for (var output : Engines.of(c).spec().outputs()) {
      int needed = Engines.of(c).inputsOf(output.name()).size();
      Class<?>[] parameters = new Class<?>[needed];
      Arrays.fill(parameters, TFloat32.class);
      assertEquals(TFloat32.class, generated.getMethod(output.name(), parameters).getReturnType());
    }
  }
}
