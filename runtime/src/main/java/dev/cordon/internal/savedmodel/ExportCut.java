package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.savedmodel.SavedModelExportException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Output;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Cuts the part to export out of the live {@code GraphDef}: every node the signature outputs and
 * the part's variables reach through data and control inputs, stopping at the signature inputs.
 * Each signature input becomes a {@code Placeholder} of its declared dtype and shape (so an input
 * a composition wires to another model's output is cut loose from that model). Every kept node
 * must lie under one of the part's scopes; otherwise the export is refused, naming the foreign
 * ops. Library functions are kept when a kept node calls them, directly or through other functions
 * ({@link GraphDefs#functionsReached}, as for an import).
 */
final class ExportCut {

  private ExportCut() {}

  static GraphDef cut(
      String what, GraphDef live, Set<String> scopes, List<ExportSignature> signatures,
      List<ExportVariable> variables) {
    Map<String, NodeDef> nodes = GraphDefs.nodes(live);
    Map<String, ExportSignature.Input> cuts = new HashMap<>();
    List<String> roots = new ArrayList<>();
    for (ExportSignature s : signatures) {
      for (ExportSignature.Input in : s.inputs()) {
        Output<?> o = in.operand().asOutput();
        if (o.index() != 0) {
          throw new SavedModelExportException(what + ": input '" + in.key() + "' is output " + o.index()
              + " of op '" + o.op().name() + "'; only first outputs can be cut into placeholders");
        }
        cuts.put(o.op().name(), in);
        roots.add(o.op().name());
      }
      for (ExportSignature.Output out : s.outputs()) {
        roots.add(out.operand().op().name());
      }
    }
    for (ExportVariable v : variables) {
      roots.add(v.variable().handle().op().name());
    }
    Set<String> reached = GraphDefs.inputClosure(nodes, roots, cuts.keySet(), missing -> {
      throw new SavedModelExportException(what + ": op '" + missing + "' is missing from the graph");
    });
    List<String> foreign = new ArrayList<>();
    for (String name : reached) {
      if (scopes.stream().noneMatch(s -> name.startsWith(s + "/"))) {
        foreign.add(name);
      }
    }
    if (!foreign.isEmpty()) {
      throw new SavedModelExportException(what + ": cannot export alone: it depends on "
          + foreign.size() + " op(s) outside its scope(s) " + scopes + ": "
          + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? ", ..." : ""));
    }
    GraphDef.Builder out = GraphDef.newBuilder();
    if (live.hasVersions()) {
      out.setVersions(live.getVersions());
    }
    for (String name : reached) {
      ExportSignature.Input in = cuts.get(name);
      if (in == null) {
        out.addNode(nodes.get(name));
      } else {
        out.addNode(NodeDef.newBuilder()
            .setName(name)
            .setOp("Placeholder")
            .putAttr("dtype", AttrValue.newBuilder().setType(in.operand().asOutput().dataType()).build())
            .putAttr("shape", AttrValue.newBuilder().setShape(GraphDefs.shapeProto(in.shape())).build()));
      }
    }
    Set<String> functions = GraphDefs.functionsReached(out.getNodeList(), GraphDefs.functions(live.getLibrary()));
    out.setLibrary(GraphDefs.subLibrary(live.getLibrary(), functions));
    return out.build();
  }
}
