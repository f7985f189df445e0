package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.Isolation;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.train.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.types.TFloat32;

/**
 * {@link CompositionSpec#trainInputs}: the composition inputs trainStep takes, listed by the
 * processor from the loss's source, checked when the composition is built against what the
 * loss's graph reaches.
 */
class CompositionTrainInputsTest {

  /** CompositionTest's pipeline (encoder -> head, loss on head.score), with trainStep's inputs. */
  private static CompositionSpec pipeline(Isolation encoderLevel, String... trainInputs) {
    return CompositionSpec.builder("dev.cordon.runtime.Pipeline", "pipeline")
        .member("encoder", encoderLevel, "encoder")
        .member("head", Isolation.SCOPE, "head")
        .wire("encoder.embedding", "head.embedding")
        .input("encoderPixels", "encoder.pixels")
        .output("encoderEmbedding", "encoder.embedding")
        .output("headScore", "head.score")
        .label("target", TFloat32.class, -1, 1)
        .loss()
        .trainInputs(trainInputs)
        .build();
  }

  private static final class Builder extends CompositionBuilder<Builder> {
    Builder(CompositionSpec spec) {
      super(spec);
    }

    @Override
    protected Builder self() {
      return this;
    }

    CompositionTest.Pipeline build() {
      CompositionAssembly assembly = seed(5).optimizer(Optimizer.sgd(0.1f)).start();
      return new CompositionTest.Pipeline(assembly);
    }
  }

  /** The loss reaches encoderPixels (in the shared graph, or across a GRAPH wire): listed, it trains. */
  @ParameterizedTest
  @EnumSource(Isolation.class)
  void listedInputsTrain(Isolation level) {
    try (CompositionTest.Pipeline p = new Builder(pipeline(level, "encoderPixels")).build()) {
      float[][] pixels = {{1, 0, 0, 1}, {0, 1, 1, 0}};
      float[][] target = {{1}, {-1}};
      float first = p.trainStep(pixels, target);
      float last = first;
      for (int i = 0; i < 10; i++) {
        last = p.trainStep(pixels, target);
      }
      assertTrue(last < first, first + " -> " + last);
      assertEquals(List.of("encoderPixels"), p.runtime.spec().trainInputs());
    }
  }

  /** A list leaving out an input the loss's graph reaches fails the build, naming the input. */
  @ParameterizedTest
  @EnumSource(Isolation.class)
  void anInputTheLossReachesButTrainStepDoesNotTakeFailsTheBuild(Isolation level) {
    ModelBuildException e =
        assertThrows(ModelBuildException.class, () -> new Builder(pipeline(level)).build().close());
    assertEquals(
        "Pipeline: its @Loss reads the composition input(s) [encoderPixels], which trainStep does"
            + " not take (it takes [] and the labels). Recompile Pipeline with the Cordon processor"
            + " of this runtime.",
        e.getMessage());
  }

  @Test
  void aTrainInputThatIsNoCompositionInputIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipeline(Isolation.SCOPE, "pixels"));
    assertEquals(
        "Pipeline: trainStep input 'pixels' is not a composition input; the inputs are [encoderPixels]",
        e.getMessage());
  }

  @Test
  void withoutTheListTrainStepTakesEveryInput() {
    CompositionSpec spec =
        CompositionSpec.builder("dev.cordon.runtime.Pipeline", "pipeline")
            .member("encoder", Isolation.SCOPE, "encoder")
            .input("encoderPixels", "encoder.pixels")
            .loss()
            .build();
    assertEquals(List.of("encoderPixels"), spec.trainInputs());
  }
}
