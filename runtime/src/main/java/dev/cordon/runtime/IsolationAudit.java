package dev.cordon.runtime;

import dev.cordon.Isolation;
import dev.cordon.runtime.CompositionSpec.WireSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;

/**
 * Walks a built graph and reports every edge (data or control) that enters one member's scope
 * from another member's scope other than through a declared wire: the wire's copy op at the
 * downstream member's input, an {@code Identity} between SCOPE members or a {@code StopGradient}
 * when either side is a BOUNDARY. Ops outside every member's scope (a composition's own loss and
 * training ops) may read members freely.
 */
public final class IsolationAudit {

  /** An edge that breaks isolation: {@code source -> target}, with why. */
  public record Violation(String source, String target, String reason) {
    @Override
    public String toString() {
      return source + " -> " + target + ": " + reason;
    }
  }

  private IsolationAudit() {}

  /**
   * @param scopes each member's scope in {@code graph}
   * @param wires the declared wires between those members
   * @param levels each member's isolation level
   */
  public static List<Violation> audit(
      Graph graph, Map<String, String> scopes, List<WireSpec> wires, Map<String, Isolation> levels) {
    List<Violation> violations = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      String target = memberOf(op.name(), scopes);
      if (target == null) {
        continue;
      }
      List<GraphOperation> sources = new ArrayList<>();
      for (Operand<?> in : op.inputs()) {
        sources.add((GraphOperation) in.op());
      }
      sources.addAll(op.controlInputs());
      for (GraphOperation src : sources) {
        String from = memberOf(src.name(), scopes);
        if (from == null || from.equals(target)) {
          continue;
        }
        String reason = check(op, src, from, target, scopes, wires, levels);
        if (reason != null) {
          violations.add(new Violation(src.name(), op.name(), reason));
        }
      }
    }
    return violations;
  }

  private static String check(
      GraphOperation op, GraphOperation src, String from, String to, Map<String, String> scopes,
      List<WireSpec> wires, Map<String, Isolation> levels) {
    for (WireSpec w : wires) {
      if (!w.fromMember().equals(from) || !w.toMember().equals(to)) {
        continue;
      }
      if (!op.name().equals(scopes.get(to) + "/" + w.toInput())) {
        continue;
      }
      boolean boundary = levels.get(from) == Isolation.BOUNDARY || levels.get(to) == Isolation.BOUNDARY;
      String expected = boundary ? "StopGradient" : "Identity";
      if (!op.type().equals(expected)) {
        return "the wire " + w.from() + " -> " + w.to() + " crosses a BOUNDARY through " + op.type()
            + ", not StopGradient";
      }
      return null;
    }
    return "enters member '" + to + "' (scope '" + scopes.get(to) + "') from member '" + from + "' (scope '"
        + scopes.get(from) + "') without a declared wire";
  }

  /** The member whose scope holds {@code opName}, or null. */
  private static String memberOf(String opName, Map<String, String> scopes) {
    for (Map.Entry<String, String> e : scopes.entrySet()) {
      if (opName.startsWith(e.getValue() + "/")) {
        return e.getKey();
      }
    }
    return null;
  }
}
