package dev.cordon.internal;

import dev.cordon.Isolation;
import dev.cordon.runtime.IsolationViolation;
import dev.cordon.internal.savedmodel.SavedModelBinding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;

/**
 * Walks a built graph and reports every edge (data or control) that enters one member's scope
 * from another member's scope other than through a declared wire: the wire's copy op at the
 * downstream member's input, an {@code Identity} for a SCOPE wire or a {@code StopGradient} for a
 * BOUNDARY one. Ops outside every member's scope (a composition's own loss and training ops) may
 * read members freely; so may, in the audit of a whole graph, a scope that owns members (a
 * composition's own scope, for the models it holds).
 */
public final class IsolationAudit {

  /** A wire the composition declares between two members of one graph, at its level. */
  public record DeclaredWire(String fromMember, String fromOutput, String toMember, String toInput, Isolation level) {}

  private IsolationAudit() {}

  /**
   * @param scopes each member's scope in {@code graph}, by member name
   * @param wires the declared wires between those members
   */
  public static List<IsolationViolation> audit(Graph graph, Map<String, String> scopes, List<DeclaredWire> wires) {
    return audit(graph, scopes, wires, Map.of());
  }

  /**
   * @param scopes each member's scope in {@code graph}, by member name
   * @param wires the declared wires between those members
   * @param owners members whose ops may exchange edges freely with the members listed for them (a
   *     composition's own scope and its models), by owner
   */
  public static List<IsolationViolation> audit(
      Graph graph, Map<String, String> scopes, List<DeclaredWire> wires, Map<String, Set<String>> owners) {
    List<IsolationViolation> violations = new ArrayList<>();
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
        if (from != null && !from.equals(target) && !owns(owners, from, target) && !owns(owners, target, from)) {
          String reason = check(op, from, target, scopes, wires);
          if (reason != null) {
            violations.add(new IsolationViolation(src.name(), op.name(), reason));
          }
        }
      }
    }
    return violations;
  }

  private static boolean owns(Map<String, Set<String>> owners, String owner, String member) {
    return owners.getOrDefault(owner, Set.of()).contains(member);
  }

  private static String check(
      GraphOperation op, String from, String to, Map<String, String> scopes, List<DeclaredWire> wires) {
    for (DeclaredWire w : wires) {
      if (w.fromMember().equals(from) && w.toMember().equals(to) && isWireCopy(op, scopes.get(to), w.toInput())) {
        String expected = w.level() == Isolation.BOUNDARY ? "StopGradient" : "Identity";
        if (!op.type().equals(expected)) {
          return "the " + w.level() + " wire " + from + "." + w.fromOutput() + " -> " + to + "." + w.toInput()
              + " crosses through " + op.type() + ", not " + expected;
        }
        return null;
      }
    }
    return "enters member '" + to + "' (scope '" + scopes.get(to) + "') from member '" + from + "' (scope '"
        + scopes.get(from) + "') without a declared wire";
  }

  /**
   * Whether {@code op} is the copy a wire makes at a member's input: {@code <scope>/<input>}, or,
   * for a model imported from a SavedModel (whose graph already has a node {@code <input>}),
   * {@code <scope>/cordon.wire/<input>}.
   */
  private static boolean isWireCopy(GraphOperation op, String scope, String input) {
    return op.name().equals(scope + "/" + input)
        || op.name().equals(scope + "/" + SavedModelBinding.WIRE_SCOPE + "/" + input);
  }

  /** The member whose scope holds {@code opName} (the longest matching scope), or null. */
  private static String memberOf(String opName, Map<String, String> scopes) {
    String best = null;
    int length = -1;
    for (Map.Entry<String, String> e : scopes.entrySet()) {
      if (opName.startsWith(e.getValue() + "/") && e.getValue().length() > length) {
        best = e.getKey();
        length = e.getValue().length();
      }
    }
    return best;
  }
}
