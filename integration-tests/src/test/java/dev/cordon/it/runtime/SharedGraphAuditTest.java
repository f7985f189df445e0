package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.Isolation;
import dev.cordon.runtime.IsolationViolation;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.op.Ops;

/** {@code SharedGraph.audit()}: every model of a graph against every other, and the wires declared. */
class SharedGraphAuditTest {

  private static final Path HALF_PLUS_TWO = Path.of("src/test/resources/savedmodels/half_plus_two_tf1");

  @Test
  void modelsAndAnImportInOneGraphPassTheAudit() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).scope("team_a/linear").build();
        CordonMlp b = CordonMlp.builder().graph(shared).scope("team_b/mlp").build()) {
      SavedModelImport.from(HALF_PLUS_TWO).importInto(shared, "python");
      assertEquals(List.of(), shared.audit());
      assertEquals(3, shared.scopes().size());
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void aCompositionsGraphPassesWithItsWiresItsOwnLossAndTheModelsAddedToIt(Isolation level) {
    try (CompositionTest.Outer outer = new CompositionTest.Outer(level)) {
      SharedGraph shared = outer.composition.inspect().graph();
      try (CordonLinear linear = CordonLinear.builder().graph(shared).build()) {
        SavedModelImport.from(HALF_PLUS_TWO).importInto(shared, "python");
        // members, the nested composition's and the outer one's own scopes, the model, the import
        assertTrue(shared.scopes().containsKey("outer"), shared.scopes().toString());
        assertTrue(shared.scopes().containsKey("retrieval/pipeline"), shared.scopes().toString());
        assertEquals(List.of(), shared.audit());
        assertEquals(List.of(), outer.composition.inspect().audit());
      }
    }
  }

  @Test
  void anEdgeBetweenTwoModelsOutsideAnyWireIsReported() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).scope("a").build();
        CordonLinear b = CordonLinear.builder().graph(shared).scope("b").build()) {
      leak(shared, "b/leak", "a/w");
      List<IsolationViolation> violations = shared.audit();
      assertEquals(1, violations.size(), violations.toString());
      assertEquals("a/w", violations.get(0).source());
      assertEquals("b/leak", violations.get(0).target());
      assertTrue(violations.get(0).reason().contains("without a declared wire"), violations.get(0).reason());
    }
  }

  @Test
  void aModelReadingACompositionsMemberIsReported() {
    try (CompositionTest.Pipeline p = new CompositionTest.Pipeline(Isolation.SCOPE)) {
      SharedGraph shared = p.composition.inspect().graph();
      try (CordonLinear spy = CordonLinear.builder().graph(shared).scope("spy").build()) {
        leak(shared, "spy/copy", "encoder/embed/kernel");
        List<IsolationViolation> violations = shared.audit();
        assertEquals(1, violations.size(), violations.toString());
        assertEquals("spy/copy", violations.get(0).target());
        // the composition's own audit looks at its members only
        assertEquals(List.of(), p.composition.inspect().audit());
      }
    }
  }

  @Test
  void aClosedGraphCannotBeAudited() {
    SharedGraph shared = SharedGraph.create();
    shared.close();
    assertThrows(IllegalStateException.class, shared::audit);
  }

  /** Adds op {@code name} (inside a model's scope) reading op {@code source} (inside another's). */
  private static void leak(SharedGraph shared, String name, String source) {
    shared.graph().opBuilder("Identity", name, Ops.create(shared.graph()).scope())
        .addInput(shared.graph().operation(source).output(0))
        .build();
  }
}
