package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CordonEncoder;
import com.acme.CordonRanker;
import dev.cordon.Isolation;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.CompositionBuilder;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.TensorArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The processor lists the composition inputs a loss needs ({@code .trainInputs(...)}, read from
 * the loss's source); the engine checks at build time that the loss's graph reaches no other. A
 * spec built by hand (or by an older processor) that omits one is refused with a message saying
 * which, instead of a trainStep that would feed too little.
 */
class CompositionSpecTrainInputsTest {

  /** The generated SearchPipeline's spec (test-fixtures), with {@code trainInputs} as given. */
  private static CompositionSpec searchPipeline(String... trainInputs) {
    return CompositionSpec.builder("com.acme.SearchPipeline", "handBuilt")
        .member("encoder", Isolation.BOUNDARY, "encoder")
        .member("ranker", Isolation.SCOPE, "ranker")
        .wire("encoder.embedding", "ranker.embedding")
        .input("encoderPixels", "encoder.pixels")
        .output("rankerScore", "ranker.score")
        .label("relevance", TFloat32.class, -1L, 1L)
        .loss()
        .trainInputs(trainInputs)
        .build();
  }

  /** What the generated constructor does, on a spec of the test's choosing. */
  private static final class HandBuilt extends CompositionBuilder<HandBuilt> {
    HandBuilt(CompositionSpec spec) {
      super(spec);
    }

    CompositionEngine build() {
      CompositionAssembly assembly = start();
      CompositionEngine engine = null;
      try {
        assembly.member("encoder", CordonEncoder.builder()).build();
        CordonRanker ranker = assembly.member("ranker", CordonRanker.builder()).build();
        Operand<TFloat32> relevance = assembly.label("relevance", TFloat32.class);
        assembly.loss(assembly.layers().meanSquaredError(ranker.score(assembly.ops()), relevance));
        engine = assembly.finish();
        return engine;
      } finally {
        if (engine == null) { // a refused build frees what it built, as the generated one does
          assembly.abort();
        }
      }
    }
  }

  @Test
  void aSpecWhoseTrainInputsOmitAnInputTheLossNeedsIsRefusedAtBuild() {
    ModelBuildException refused =
        assertThrows(ModelBuildException.class, () -> new HandBuilt(searchPipeline()).build());
    assertEquals(
        "SearchPipeline: its @Loss reads the composition input(s) [encoderPixels], which trainStep"
            + " does not take (it takes [] and the labels). Recompile SearchPipeline with the Cordon"
            + " processor of this runtime.",
        refused.getMessage());
  }

  @Test
  void theSameSpecListingTheInputBuildsAndTrains() {
    try (CompositionEngine engine = new HandBuilt(searchPipeline("encoderPixels")).build();
        TFloat32 pixels = TensorArrays.of(new float[][] {{1, 0, 0, 1}, {0, 1, 1, 0}});
        TFloat32 relevance = TensorArrays.of(new float[][] {{1}, {-1}})) {
      assertEquals(List.of("encoderPixels"), engine.spec().trainInputs());
      float loss = engine.trainStep(pixels, relevance);
      assertTrue(Float.isFinite(loss) && loss > 0, "a real loss: " + loss);
    }
  }
}
