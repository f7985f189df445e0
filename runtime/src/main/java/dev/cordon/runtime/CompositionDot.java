package dev.cordon.runtime;

import dev.cordon.Isolation;
import dev.cordon.runtime.CompositionSpec.MemberSpec;
import dev.cordon.runtime.CompositionSpec.PortSpec;
import dev.cordon.runtime.CompositionSpec.WireSpec;
import java.util.Map;

/** Graphviz DOT of a built composition: a cluster per graph, a box per member, labelled wires. */
final class CompositionDot {
  private CompositionDot() {}

  static String describe(CompositionSpec spec, Map<String, String> scopes) {
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quote(spec.simpleName())).append(" {\n");
    dot.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    dot.append("  subgraph cluster_shared {\n    label=").append(quote("shared graph + session"))
        .append(";\n    style=rounded;\n");
    for (MemberSpec m : spec.members()) {
      if (m.level() != Isolation.GRAPH) {
        dot.append("    ").append(node(m, scopes)).append('\n');
      }
    }
    dot.append("  }\n");
    for (MemberSpec m : spec.members()) {
      if (m.level() == Isolation.GRAPH) {
        dot.append("  subgraph ").append(quote("cluster_" + m.name())).append(" {\n    label=")
            .append(quote("own graph + session")).append(";\n    style=rounded;\n    ")
            .append(node(m, scopes)).append("\n  }\n");
      }
    }
    for (PortSpec in : spec.inputs()) {
      dot.append("  ").append(quote("in:" + in.name())).append(" [shape=plaintext, label=")
          .append(quote(in.name())).append("];\n  ").append(quote("in:" + in.name())).append(" -> ")
          .append(quote(in.member())).append(" [label=").append(quote(in.port())).append("];\n");
    }
    for (WireSpec w : spec.wires()) {
      Isolation level = CompositionRuntime.wireLevel(spec, w);
      String how = switch (level) {
        case SCOPE -> "SCOPE (identity)";
        case BOUNDARY -> "BOUNDARY (stopGradient)";
        case GRAPH -> "GRAPH (tensor hand-off)";
      };
      dot.append("  ").append(quote(w.fromMember())).append(" -> ").append(quote(w.toMember()))
          .append(" [label=").append(quote(w.fromOutput() + " -> " + w.toInput() + "\n" + how))
          .append(level == Isolation.SCOPE ? "" : ", style=dashed").append("];\n");
    }
    return dot.append("}\n").toString();
  }

  private static String node(MemberSpec m, Map<String, String> scopes) {
    return quote(m.name()) + " [label=" + quote(m.name() + "\nscope: " + scopes.get(m.name()) + "\n" + m.level()) + "];";
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
