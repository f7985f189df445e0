package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cordon.runtime.SharedGraph;
import org.junit.jupiter.api.Test;

/** The Layers DSL in a generated model (the layers themselves: the runtime's LayersTest). */
class LayersTest {

  @Test
  void theModelsOwnVariablesAreNamedUnderItsScope() {
    try (SharedGraph shared = SharedGraph.create();
        CordonMlp m = CordonMlp.builder().graph(shared).scope("classifier").build()) {
      assertNotNull(shared.graph().operation("classifier/hidden/kernel"));
      assertNotNull(shared.graph().operation("classifier/out/bias"));
    }
  }
}
