package dev.cordon.runtime;

import dev.cordon.Isolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Graphviz DOT of a built composition: a cluster per graph, a box per model, labelled wires. */
final class CompositionDot {
  private CompositionDot() {}

  static String describe(
      String name, GraphHandle shared, List<Leaf> leaves, List<LeafWire> wires, Map<String, LeafPort> inputs) {
    Map<GraphHandle, List<Leaf>> byGraph = new LinkedHashMap<>();
    byGraph.put(shared, new ArrayList<>());
    for (Leaf leaf : leaves) {
      byGraph.computeIfAbsent(leaf.handle(), h -> new ArrayList<>()).add(leaf);
    }
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quote(name)).append(" {\n");
    dot.append("  rankdir=LR;\n  fontname=\"Helvetica\";\n  node [shape=box, fontname=\"Helvetica\"];\n");
    dot.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    int cluster = 0;
    for (Map.Entry<GraphHandle, List<Leaf>> graph : byGraph.entrySet()) {
      if (graph.getValue().isEmpty()) {
        continue;
      }
      String label = graph.getKey() == shared ? "shared graph + session" : "own graph + session";
      dot.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(quote(label))
          .append(";\n    style=rounded;\n");
      for (Leaf leaf : graph.getValue()) {
        dot.append("    ").append(quote(leaf.path())).append(" [label=")
            .append(quote(leaf.path() + "\nscope: " + leaf.scope() + "\n" + leaf.level())).append("];\n");
      }
      dot.append("  }\n");
    }
    for (Map.Entry<String, LeafPort> in : inputs.entrySet()) {
      String node = quote("input " + in.getKey());
      dot.append("  ").append(node).append(" [shape=plaintext, label=").append(quote(in.getKey())).append("];\n");
      dot.append("  ").append(node).append(" -> ").append(quote(in.getValue().leaf()))
          .append(" [label=").append(quote(in.getValue().port())).append("];\n");
    }
    for (LeafWire w : wires) {
      String how = switch (w.level()) {
        case SCOPE -> "SCOPE (identity)";
        case BOUNDARY -> "BOUNDARY (stopGradient)";
        case GRAPH -> "GRAPH (tensor hand-off)";
      };
      dot.append("  ").append(quote(w.fromLeaf())).append(" -> ").append(quote(w.toLeaf()))
          .append(" [label=").append(quote(w.fromOutput() + " -> " + w.toInput() + "\n" + how))
          .append(w.level() == Isolation.SCOPE ? "" : ", style=dashed").append("];\n");
    }
    return dot.append("}\n").toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
