package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CordonRanker;
import com.acme.CordonSearchPipeline;
import com.acme.SearchPipeline;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.train.Optimizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** Generated compositions, through their generated API, against real TensorFlow. */
class GeneratedCompositionTest {

  private static final float[][] PIXELS = {{1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 0}};
  private static final float[][] RELEVANCE = {{1}, {-1}, {0.5f}};

  private static CordonSearchPipeline pipeline() {
    return CordonSearchPipeline.builder().seed(7).optimizer(Optimizer.sgd(0.1f)).build();
  }

  /** With w = ones, a ranker's score is the sum of its embedding row. */
  private static void assertRowSums(float[][] embedding, float[][] score) {
    assertEquals(embedding.length, score.length);
    for (int i = 0; i < embedding.length; i++) {
      assertEquals(embedding[i][0] + embedding[i][1] + embedding[i][2], score[i][0], 1e-6f);
    }
  }

  @Test
  void numbersEqualRunningTheMembersByHandAtEveryLevel() {
    try (CordonSearchPipeline p = pipeline()) {
      // The BOUNDARY encoder, run through its own generated API.
      float[][] embedding = p.encoder().embedding(PIXELS);
      assertArrayEquals(embedding, p.encoderEmbedding(PIXELS));
      // The SCOPE ranker (shared graph) and the GRAPH audit (own session) from the same embedding.
      assertRowSums(embedding, p.rankerScore(PIXELS));
      assertRowSums(embedding, p.auditScore(PIXELS));
      // The members' own predictions, fed by hand, agree with the wired ones.
      assertArrayEquals(p.rankerScore(PIXELS)[1], p.ranker().score(embedding)[1], 1e-6f);
      assertArrayEquals(p.auditScore(PIXELS)[2], p.audit().score(embedding)[2], 1e-6f);
      try (TFloat32 in = TensorArrays.of(PIXELS); CordonSearchPipeline.Outputs all = p.run(in)) {
        assertArrayEquals(embedding, TensorArrays.floats2d(all.encoderEmbedding()));
        assertRowSums(embedding, TensorArrays.floats2d(all.rankerScore()));
        assertRowSums(embedding, TensorArrays.floats2d(all.auditScore()));
      }
      assertEquals(List.of("encoderPixels"), Engines.of(p).inputsOf("auditScore"));
    }
    try (CordonJointPipeline j = CordonJointPipeline.builder().seed(7).build()) {
      assertRowSums(j.encoder().embedding(PIXELS), j.rankerScore(PIXELS));
    }
  }

  @Test
  void trainStepChangesScopeMembersOnly() {
    try (CordonSearchPipeline p = pipeline()) {
      float[] encoderBefore = p.encoder().variables().readFloats("embed/kernel");
      float[] rankerBefore = p.ranker().variables().readFloats("w");
      float[] auditBefore = p.audit().variables().readFloats("w");
      float first = p.trainStep(PIXELS, RELEVANCE);
      float last = first;
      for (int i = 0; i < 20; i++) {
        last = p.trainStep(PIXELS, RELEVANCE);
      }
      assertTrue(last < first, first + " -> " + last);
      assertFalse(Arrays.equals(rankerBefore, p.ranker().variables().readFloats("w")));
      assertArrayEquals(encoderBefore, p.encoder().variables().readFloats("embed/kernel"), 0f);
      assertArrayEquals(auditBefore, p.audit().variables().readFloats("w"), 0f);
    }
    try (CordonJointPipeline j =
        CordonJointPipeline.builder().seed(7).optimizer(Optimizer.sgd(0.1f)).build()) {
      float[] encoderBefore = j.encoder().variables().readFloats("embed/kernel");
      j.trainStep(PIXELS, RELEVANCE);
      assertFalse(
          Arrays.equals(encoderBefore, j.encoder().variables().readFloats("embed/kernel")),
          "SCOPE members train jointly");
    }
  }

  @Test
  void auditIsEmptyAndDotMentionsEveryMember() {
    try (CordonSearchPipeline p = pipeline()) {
      assertEquals(List.of(), p.inspect().audit());
      assertEquals(List.of(), p.inspect().gradientLeaks());
      String dot = p.inspect().toDot();
      for (String member : List.of("encoder", "ranker", "audit")) {
        assertTrue(dot.contains(member), dot);
      }
    }
  }

  @Test
  void memberAccessorsGiveTheFullMemberApi() {
    try (CordonSearchPipeline p = pipeline()) {
      SearchPipeline declared = p;
      CordonComposition composition = p;
      assertTrue(declared.ranker() instanceof CordonRanker);
      assertEquals("ranker", p.ranker().scope());
      assertEquals("audit", p.audit().scope());
      assertEquals(List.of("w"), p.ranker().variables().names());
      float[][] score = p.ranker().score(new float[][] {{1, 2, 3}});
      assertEquals(6f, score[0][0], 1e-6f);
      assertEquals(p.inspect().graph(), composition.inspect().graph());
    }
  }

  @Test
  void builderOverridesAMemberScope() {
    try (CordonSearchPipeline p =
        CordonSearchPipeline.builder().encoderScope("team/encoder").build()) {
      assertEquals("team/encoder", p.encoder().scope());
      assertEquals("team/encoder", p.inspect().scopes().get("encoder"));
    }
  }

  @Test
  void closeClosesEveryMember() {
    CordonSearchPipeline p = pipeline();
    p.close();
    assertThrows(IllegalStateException.class, () -> p.rankerScore(PIXELS));
    assertThrows(IllegalStateException.class, () -> p.encoder().embedding(PIXELS));
    assertThrows(IllegalStateException.class, () -> p.ranker().score(new float[][] {{1, 2, 3}}));
    assertThrows(IllegalStateException.class, () -> p.audit().score(new float[][] {{1, 2, 3}}));
    p.close(); // idempotent
  }
}
