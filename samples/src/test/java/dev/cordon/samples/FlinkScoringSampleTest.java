package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Flink sample's job, on an embedded MiniCluster, with a briefly trained classifier. */
class FlinkScoringSampleTest {

  @Test
  void scoresEveryTestDigitAndRefusesTheBrokenOnes() throws Exception {
    FlinkScoringSample.Summary summary =
        FlinkScoringSample.run(FlinkScoringSample.trainBriefly(20));
    assertEquals(MnistData.SIZE - MnistData.TRAIN_SIZE, summary.scored);
    assertEquals(java.util.Map.of("digits-v1", summary.scored), summary.byVersion);
    assertEquals(FlinkScoringSample.BROKEN, summary.refused.size(), summary.refused.toString());
    assertTrue(summary.refused.values().stream().allMatch(r -> r.startsWith("expected 784 pixels")));
    assertTrue(summary.correct > summary.scored / 2, "20 steps already read most digits: "
        + summary.correct);
  }
}
