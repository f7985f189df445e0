package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.train.Optimizer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A composition's trainStep takes only the composition inputs its loss needs. */
class CompositionTrainInputsTest {

  private static final float[][] PIXELS = {{1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 0}};
  private static final float[][] RELEVANCE = {{1}, {-1}, {0.5f}};
  private static final float[][] SIDE_X = {{1, 2}, {3, 4}};

  @Test
  void trainStepTakesThePixelsTheLossNeedsAcrossTheGraphWireAndNotTheSideInput() {
    List<String> trainSteps = new ArrayList<>();
    for (Method m : CordonTwoBranches.class.getMethods()) {
      if (m.getName().equals("trainStep")) {
        trainSteps.add(m.getParameterTypes()[0].getSimpleName() + "," + m.getParameterCount());
      }
    }
    assertEquals(List.of("TFloat32,2", "float[][],2"), trainSteps.stream().sorted().toList());
    try (CordonTwoBranches p =
        CordonTwoBranches.builder().seed(7).optimizer(Optimizer.sgd(0.1f)).build()) {
      assertEquals(List.of("encoderPixels", "sideX"), List.copyOf(Engines.of(p).resolved().inputs().keySet()));
      assertEquals(List.of("encoderPixels"), Engines.of(p).spec().trainInputs());
      float[][] sideBefore = p.sideY(SIDE_X);
      float[][] scoreBefore = p.rankerScore(PIXELS);
      float first = p.trainStep(PIXELS, RELEVANCE);
      float last = first;
      for (int i = 0; i < 20; i++) {
        last = p.trainStep(PIXELS, RELEVANCE);
      }
      assertTrue(last < first, "the loss fell: " + first + " -> " + last);
      assertNotEquals(scoreBefore[0][0], p.rankerScore(PIXELS)[0][0], "the SCOPE ranker trained");
      assertArrayEquals(sideBefore, p.sideY(SIDE_X), "the member the loss never reads did not move");
    }
  }
}
