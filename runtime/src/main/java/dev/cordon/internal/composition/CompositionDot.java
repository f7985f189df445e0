package dev.cordon.internal.composition;

import dev.cordon.Isolation;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.composition.CompositionGraph.Member;
import dev.cordon.internal.composition.CompositionGraph.Port;
import dev.cordon.internal.composition.CompositionGraph.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Graphviz DOT of a built composition: a cluster per graph, a box per model, labelled wires. */
final class CompositionDot {
  private CompositionDot() {}

  static String describe(String name, GraphHandle shared, CompositionGraph composition) {
    Map<GraphHandle, List<Member>> byGraph = new LinkedHashMap<>();
    byGraph.put(shared, new ArrayList<>());
    for (Member m : composition.members()) {
      byGraph.computeIfAbsent(m.handle(), h -> new ArrayList<>()).add(m);
    }
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quote(name)).append(" {\n");
    dot.append("  rankdir=LR;\n  fontname=\"Helvetica\";\n  node [shape=box, fontname=\"Helvetica\"];\n");
    dot.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    int cluster = 0;
    for (Map.Entry<GraphHandle, List<Member>> graph : byGraph.entrySet()) {
      if (graph.getValue().isEmpty()) {
        continue;
      }
      String label = graph.getKey() == shared ? "shared graph + session" : "own graph + session";
      dot.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(quote(label))
          .append(";\n    style=rounded;\n");
      for (Member m : graph.getValue()) {
        dot.append("    ").append(quote(m.path())).append(" [label=")
            .append(quote(m.path() + "\nscope: " + m.scope() + "\n" + m.level())).append("];\n");
      }
      dot.append("  }\n");
    }
    for (Map.Entry<String, Port> in : composition.inputs().entrySet()) {
      String node = quote("input " + in.getKey());
      dot.append("  ").append(node).append(" [shape=plaintext, label=").append(quote(in.getKey())).append("];\n");
      dot.append("  ").append(node).append(" -> ").append(quote(in.getValue().member().path()))
          .append(" [label=").append(quote(in.getValue().name())).append("];\n");
    }
    for (Wire w : composition.wires()) {
      String how = switch (w.level()) {
        case SCOPE -> "SCOPE (identity)";
        case BOUNDARY -> "BOUNDARY (stopGradient)";
        case GRAPH -> "GRAPH (tensor hand-off)";
      };
      dot.append("  ").append(quote(w.from().member().path())).append(" -> ").append(quote(w.to().member().path()))
          .append(" [label=").append(quote(w.from().name() + " -> " + w.to().name() + "\n" + how))
          .append(w.level() == Isolation.SCOPE ? "" : ", style=dashed").append("];\n");
    }
    return dot.append("}\n").toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
