package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.Member;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ScopeConflict}: members sharing the composition's graph (all but GRAPH members), and the
 * composition's own scope when it has labels or a loss, need scopes apart: equal, or one a
 * {@code /}-prefix of the other, would mix their variables. Reported on the later member, with a
 * free scope to use instead.
 */
final class ScopeConflictRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    Map<String, String> taken = new LinkedHashMap<>(); // scope -> who
    if (graph.hasOwnScope()) {
      taken.put(graph.scope(), "the composition's own labels and loss");
    }
    for (Member m : graph.members()) {
      if (m.isGraph()) {
        continue;
      }
      String conflict = null;
      for (String scope : taken.keySet()) {
        if (overlaps(scope, m.scope())) {
          conflict = scope;
          break;
        }
      }
      if (conflict == null) {
        taken.put(m.scope(), method(m.method()));
        continue;
      }
      String suggestion = m.name();
      for (int i = 2; overlapsAny(suggestion, taken.keySet()); i++) {
        suggestion = m.name() + i;
      }
      report.error(
          Messages.scopeConflict(
              ElementFormatter.type(graph.type()),
              method(m.method()),
              m.scope(),
              taken.get(conflict),
              conflict,
              suggestion),
          m.method(),
          m.scopeValue() == null ? null : m.isolated(),
          m.scopeValue());
    }
  }

  private static boolean overlapsAny(String scope, Iterable<String> scopes) {
    for (String s : scopes) {
      if (overlaps(s, scope)) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}
