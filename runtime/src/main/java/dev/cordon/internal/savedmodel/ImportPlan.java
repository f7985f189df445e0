package dev.cordon.internal.savedmodel;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * What an import takes from a MetaGraph: the nodes and library functions that its signatures, its
 * init op and its saver's restore op reach. The saver's save path, which nothing of these reaches,
 * is left out (it writes files).
 *
 * @param source the MetaGraph's whole graph
 * @param nodes every node of the graph by name
 * @param functions every library function by name
 * @param signatures the signatures by key, without the TF2 init op signature
 * @param initOp the init op's node name, or null
 * @param filenameTensor the saver's filename tensor, or null when there is nothing to restore
 * @param restoreOp the saver's restore op, or null
 * @param signatureNodes the nodes the signatures and the init op reach
 * @param restoreNodes the nodes the restore op and the filename tensor reach
 * @param signatureFunctions the functions the signature nodes call
 * @param restoreFunctions the functions the restore nodes call
 */
record ImportPlan(
    GraphDef source,
    Map<String, NodeDef> nodes,
    Map<String, FunctionDef> functions,
    Map<String, SignatureDef> signatures,
    String initOp,
    String filenameTensor,
    String restoreOp,
    Set<String> signatureNodes,
    Set<String> restoreNodes,
    Set<String> signatureFunctions,
    Set<String> restoreFunctions) {

  /** The signature key under which TF2 SavedModels name their init op. */
  static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  static ImportPlan of(MetaGraphDef meta) {
    GraphDef source = meta.getGraphDef();
    Map<String, NodeDef> nodes = GraphDefs.nodes(source);
    Map<String, FunctionDef> functions = GraphDefs.functions(source.getLibrary());

    // Roots: signatures (and the TF2 init op signature), the init op, the saver's restore op.
    Map<String, SignatureDef> signatures = new LinkedHashMap<>();
    String initOp = null;
    Set<String> signatureRoots = new LinkedHashSet<>();
    for (Map.Entry<String, SignatureDef> e : meta.getSignatureDefMap().entrySet()) {
      if (e.getKey().equals(INIT_OP_SIGNATURE)) {
        for (TensorInfo info : e.getValue().getOutputsMap().values()) {
          initOp = GraphDefs.opName(info.getName());
        }
        continue;
      }
      signatures.put(e.getKey(), e.getValue());
      for (TensorInfo info : e.getValue().getInputsMap().values()) {
        signatureRoots.add(GraphDefs.opName(info.getName()));
      }
      for (TensorInfo info : e.getValue().getOutputsMap().values()) {
        signatureRoots.add(GraphDefs.opName(info.getName()));
      }
    }
    if (initOp == null) {
      initOp = legacyInitOp(meta);
    }
    if (initOp != null) {
      signatureRoots.add(initOp);
    }
    String restoreOp = null;
    String filenameTensor = null;
    Set<String> restoreRoots = new LinkedHashSet<>();
    SaverDef saver = meta.getSaverDef();
    if (meta.hasSaverDef() && !saver.getRestoreOpName().isEmpty() && !saver.getFilenameTensorName().isEmpty()) {
      restoreOp = GraphDefs.opName(saver.getRestoreOpName());
      filenameTensor = GraphDefs.tensorName(saver.getFilenameTensorName());
      restoreRoots.add(restoreOp);
      restoreRoots.add(GraphDefs.opName(filenameTensor));
    }
    Set<String> signatureNodes = GraphDefs.inputClosure(nodes, signatureRoots, Set.of(), missing -> {});
    Set<String> restoreNodes = GraphDefs.inputClosure(nodes, restoreRoots, Set.of(), missing -> {});
    return new ImportPlan(source, nodes, functions, signatures, initOp, filenameTensor, restoreOp,
        signatureNodes, restoreNodes,
        GraphDefs.functionsReached(select(nodes, signatureNodes), functions),
        GraphDefs.functionsReached(select(nodes, restoreNodes), functions));
  }

  /** A TF1 SavedModel's init op: the first node of {@code saved_model_main_op} or {@code legacy_init_op}. */
  private static String legacyInitOp(MetaGraphDef meta) {
    for (String key : List.of("saved_model_main_op", "legacy_init_op")) {
      CollectionDef c = meta.getCollectionDefMap().get(key);
      if (c != null && c.hasNodeList() && c.getNodeList().getValueCount() > 0) {
        return GraphDefs.opName(c.getNodeList().getValue(0));
      }
    }
    return null;
  }

  private static List<NodeDef> select(Map<String, NodeDef> nodes, Set<String> names) {
    return names.stream().map(nodes::get).toList();
  }

  /** The nodes imported: those of the signatures and the init op, then those of the restore op. */
  Set<String> keptNodes() {
    Set<String> kept = new LinkedHashSet<>(signatureNodes);
    kept.addAll(restoreNodes);
    return kept;
  }

  /** The library functions imported. */
  Set<String> keptFunctions() {
    Set<String> kept = new LinkedHashSet<>(signatureFunctions);
    kept.addAll(restoreFunctions);
    return kept;
  }

  /** The op of the saver's filename tensor, or null. */
  String filenameOp() {
    return filenameTensor == null ? null : GraphDefs.opName(filenameTensor);
  }
}
