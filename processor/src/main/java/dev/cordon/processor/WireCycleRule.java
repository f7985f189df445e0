package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.Wire;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code WireCycle}: wires that form a cycle, so that no member of it can be built first. Each
 * cycle is reported once, printed from its first member, on the cycle's last wire in source
 * order. Only checked when every {@code @Wire} resolved into an edge: with a wire missing or set
 * aside the order would be meaningless.
 */
final class WireCycleRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    if (!graph.fullyWired()) {
      return;
    }
    List<Member> members = graph.members();
    List<Wire> wires = graph.edges();
    Set<Member> reported = new HashSet<>();
    for (Member start : members) {
      if (reported.contains(start)) {
        continue;
      }
      List<Wire> cycle = shortestCycle(start, wires);
      if (cycle.isEmpty()) {
        continue;
      }
      // Every member on a strongly connected component reaches `start`: report its cycle once.
      for (Member m : members) {
        if (reaches(start, m, wires) && reaches(m, start, wires)) {
          reported.add(m);
        }
      }
      Wire last =
          cycle.stream()
              .max((a, b) -> Integer.compare(wires.indexOf(a), wires.indexOf(b)))
              .orElseThrow();
      List<String> steps = new ArrayList<>();
      cycle.forEach(w -> steps.add(w.from() + " -> " + w.to()));
      report.error(
          Messages.wireCycle(ElementFormatter.type(graph.type()), String.join(", ", steps)),
          graph.type(),
          last.declaration().mirror(),
          last.declaration().from().position());
    }
  }

  /** The wires of a shortest cycle through {@code start}, beginning there; empty if none. */
  private static List<Wire> shortestCycle(Member start, List<Wire> wires) {
    Map<Member, Wire> reachedBy = new HashMap<>();
    Deque<Member> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      Member m = queue.poll();
      for (Wire w : wires) {
        if (!w.fromMember().equals(m) || w.isSelf()) {
          continue;
        }
        Member next = w.toMember();
        if (next.equals(start)) {
          List<Wire> cycle = new ArrayList<>();
          cycle.add(w);
          for (Member at = m; !at.equals(start); ) {
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

  private static boolean reaches(Member from, Member to, List<Wire> wires) {
    Set<Member> seen = new LinkedHashSet<>();
    Deque<Member> stack = new ArrayDeque<>();
    stack.push(from);
    while (!stack.isEmpty()) {
      Member m = stack.pop();
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
