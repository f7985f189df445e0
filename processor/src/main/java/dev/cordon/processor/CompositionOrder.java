package dev.cordon.processor;

import dev.cordon.processor.CompositionWires.Wire;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * The build order of a composition's members: a stable topological sort of the wire graph (among
 * the members ready to build, declaration order wins). Reports each wire cycle once ({@code
 * WireCycle}), printed from its first member, on the cycle's last wire in source order.
 */
final class CompositionOrder {

  private CompositionOrder() {}

  /** The members in build order, or empty when the wires form a cycle. */
  static List<CompositionMember> sort(List<CompositionMember> members, List<Wire> wires) {
    List<CompositionMember> order = new ArrayList<>();
    Set<CompositionMember> placed = new HashSet<>();
    while (order.size() < members.size()) {
      CompositionMember next = null;
      for (CompositionMember m : members) {
        if (!placed.contains(m)
            && wires.stream()
                .filter(w -> w.toMember().equals(m))
                .allMatch(w -> placed.contains(w.fromMember()))) {
          next = m;
          break;
        }
      }
      if (next == null) {
        return List.of();
      }
      order.add(next);
      placed.add(next);
    }
    return order;
  }

  static ValidationReport validate(
      TypeElement composition, List<CompositionMember> members, List<Wire> wires) {
    ValidationReport.Builder report = ValidationReport.builder();
    Set<CompositionMember> reported = new HashSet<>();
    for (CompositionMember start : members) {
      if (reported.contains(start)) {
        continue;
      }
      List<Wire> cycle = shortestCycle(start, wires);
      if (cycle.isEmpty()) {
        continue;
      }
      // Every member on a strongly connected component reaches `start`: report its cycle once.
      for (CompositionMember m : members) {
        if (reaches(start, m, wires) && reaches(m, start, wires)) {
          reported.add(m);
        }
      }
      Wire last = cycle.stream().max((a, b) -> Integer.compare(wires.indexOf(a), wires.indexOf(b)))
          .orElseThrow();
      List<String> steps = new ArrayList<>();
      cycle.forEach(w -> steps.add(w.from() + " -> " + w.to()));
      report.error(
          Messages.wireCycle(ElementFormatter.type(composition), String.join(", ", steps)),
          composition,
          last.declaration().mirror(),
          last.declaration().fromValue());
    }
    return report.build();
  }

  /** The wires of a shortest cycle through {@code start}, beginning there; empty if none. */
  private static List<Wire> shortestCycle(CompositionMember start, List<Wire> wires) {
    Map<CompositionMember, Wire> reachedBy = new HashMap<>();
    Deque<CompositionMember> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      CompositionMember m = queue.poll();
      for (Wire w : wires) {
        if (!w.fromMember().equals(m) || w.fromMember().equals(w.toMember())) {
          continue;
        }
        CompositionMember next = w.toMember();
        if (next.equals(start)) {
          List<Wire> cycle = new ArrayList<>();
          cycle.add(w);
          for (CompositionMember at = m; !at.equals(start); ) {
            Wire back = reachedBy.get(at);
            cycle.add(0, back);
            at = back.fromMember();
          }
          return cycle;
        }
        if (!reachedBy.containsKey(next)) {
          reachedBy.put(next, w);
          queue.add(next);
        }
      }
    }
    return List.of();
  }

  private static boolean reaches(CompositionMember from, CompositionMember to, List<Wire> wires) {
    Set<CompositionMember> seen = new LinkedHashSet<>();
    Deque<CompositionMember> stack = new ArrayDeque<>();
    stack.push(from);
    while (!stack.isEmpty()) {
      CompositionMember m = stack.pop();
      if (m.equals(to)) {
        return true;
      }
      if (seen.add(m)) {
        wires.stream().filter(w -> w.fromMember().equals(m)).forEach(w -> stack.push(w.toMember()));
      }
    }
    return false;
  }
}
