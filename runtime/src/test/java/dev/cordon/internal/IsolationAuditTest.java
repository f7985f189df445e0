package dev.cordon.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.Isolation;
import dev.cordon.runtime.IsolationViolation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The audit engine on hand-made graphs (on built models and compositions: the integration tests). */
class IsolationAuditTest {

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
  void anOwnerExchangesEdgesWithItsMembersOnly() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withSubScope("a").withName("x").constant(1f);
      Operand<TFloat32> z = tf.withSubScope("c").withName("z").constant(3f);
      tf.withSubScope("own").withName("loss").math.add(x, z); // owns a, not c
      Map<String, String> scopes = Map.of("a", "a", "c", "c", "own", "own");
      List<IsolationViolation> violations =
          IsolationAudit.audit(g, scopes, List.of(), Map.of("own", Set.of("a")));
      assertEquals(1, violations.size(), violations.toString());
      assertEquals("c/z", violations.get(0).source());
      assertEquals("own/loss", violations.get(0).target());
    }
  }
}
