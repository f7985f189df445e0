package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.internal.IsolationAudit;
import dev.cordon.runtime.SharedGraph;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** A generated model over a TF2 SavedModel (library functions, a resource variable), made by Python TF. */
class GeneratedTf2SavedModelTest {

  @Test
  void twoInstancesInOneSharedGraphUnderTwoScopesBothAdd() {
    try (SharedGraph shared = SharedGraph.create();
        CordonAdder first = CordonAdder.builder().graph(shared).build();
        CordonAdder second = CordonAdder.builder().graph(shared).scope("team/adder").build()) {
      assertEquals("adder", first.scope());
      assertEquals("team/adder", second.scope());
      assertEquals(5.5f, sum(first, 2f, 3.5f), 0f);
      assertEquals(3f, sum(second, 1f, 2f), 0f);
      assertEquals(-1f, sum(first, 1f, -2f), 0f);
      try (TFloat32 a = TFloat32.scalarOf(4f);
          TFloat32 b = TFloat32.scalarOf(0.25f);
          CordonAdder.Outputs all = second.run(a, b)) {
        assertEquals(4.25f, all.sum().getFloat(), 0f);
      }
      assertTrue(first.variables().names().isEmpty(), "imported variables are not Cordon variables");
      assertEquals(List.of(), IsolationAudit.audit(shared.graph(), shared.scopes(), List.of()));
    }
  }

  @Test
  void standalone() {
    try (CordonAdder alone = CordonAdder.builder().build()) {
      assertEquals(10f, sum(alone, 7f, 3f), 0f);
    }
  }

  private static float sum(CordonAdder m, float a, float b) {
    try (TFloat32 ta = TFloat32.scalarOf(a);
        TFloat32 tb = TFloat32.scalarOf(b);
        TFloat32 out = m.sum(ta, tb)) {
      return out.getFloat();
    }
  }
}
