package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.savedmodel.UnsafeSavedModelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;

/**
 * Which ops an import accepts, applied to an {@link ImportPlan} before anything reaches a graph:
 * every op type of the graph and of its whole library must be in {@link SavedModelOps#DEFAULT_ALLOWED}
 * or allowed explicitly; checkpoint readers only where the restore op alone reaches them, reading
 * the saver's filename tensor; checkpoint writers only where nothing imported reaches them (the
 * save path, which is dropped).
 */
final class OpPolicy {

  private final Set<String> extraOps;

  /** The default allowlist widened by {@code extraOps}. */
  OpPolicy(Set<String> extraOps) {
    this.extraOps = new TreeSet<>(extraOps);
  }

  /** Throws {@link UnsafeSavedModelException}, naming every refused node, if the plan has any. */
  void check(ImportPlan plan, String name, String location) {
    List<String> refusals = refusals(plan);
    if (!refusals.isEmpty()) {
      throw new UnsafeSavedModelException(name + ": refused to import " + location + ": "
          + refusals.size() + " node(s) with op types outside the allowlist: " + String.join("; ", refusals)
          + ". Nothing was imported. If you trust this SavedModel, widen the allowlist with "
          + "SavedModelImport.allowOps(...)", refusals);
    }
  }

  /** One line per refused node: op type, node (and function), why. */
  List<String> refusals(ImportPlan plan) {
    List<String> refusals = new ArrayList<>();
    if (!extraOps.containsAll(SavedModelOps.RESTORE_OPS)) {
      checkRestorePrefixes(plan, refusals);
    }
    for (NodeDef node : plan.nodes().values()) {
      String why = refusal(node.getOp(), plan.functions(),
          plan.restoreNodes().contains(node.getName()), plan.signatureNodes().contains(node.getName()));
      if (why != null) {
        refusals.add(node.getOp() + " (node '" + node.getName() + "'): " + why);
      }
    }
    for (FunctionDef f : plan.functions().values()) {
      String fname = f.getSignature().getName();
      for (NodeDef node : f.getNodeDefList()) {
        String why = refusal(node.getOp(), plan.functions(),
            plan.restoreFunctions().contains(fname), plan.signatureFunctions().contains(fname));
        if (why != null) {
          refusals.add(node.getOp() + " (node '" + node.getName() + "' in function '" + fname + "'): " + why);
        }
      }
    }
    return refusals;
  }

  private String refusal(String op, Map<String, FunctionDef> functions, boolean inRestore, boolean inSignatures) {
    if (SavedModelOps.DEFAULT_ALLOWED.contains(op) || extraOps.contains(op) || functions.containsKey(op)) {
      return null;
    }
    if (SavedModelOps.RESTORE_OPS.contains(op)) {
      if (inRestore && !inSignatures) {
        return null;
      }
      return inSignatures
          ? "reads checkpoint files and is reached from a signature or the init op, not only from the saver's restore op"
          : "reads checkpoint files outside the saver's restore op";
    }
    if (SavedModelOps.SAVE_OPS.contains(op)) {
      if (!inRestore && !inSignatures) {
        return null; // the saver's save path: dropped, never imported
      }
      return "writes files and is reached from a signature, the init op or the restore op";
    }
    return "not in the allowlist";
  }

  /**
   * A checkpoint reader accepted in the restore subgraph must read the checkpoint the import feeds
   * (the saver's filename tensor), not a path of the graph's choosing: its prefix input must come,
   * through {@code Identity} ops only, from the filename tensor; in a function, from an argument
   * of the function, and every call of that function must be a graph node of the restore subgraph
   * passing the filename tensor there. Restore ops in functions called from functions are refused.
   */
  private void checkRestorePrefixes(ImportPlan plan, List<String> refusals) {
    Map<String, NodeDef> nodes = plan.nodes();
    Map<String, FunctionDef> functions = plan.functions();
    String filenameOp = plan.filenameOp();
    for (String n : plan.restoreNodes()) {
      NodeDef node = nodes.get(n);
      if (isCheckedRestore(node)) {
        String source = node.getInputCount() == 0 ? null : traceIdentity(nodes, GraphDefs.opName(node.getInput(0)));
        if (filenameOp == null || !filenameOp.equals(source)) {
          refusals.add(node.getOp() + " (node '" + n + "'): reads checkpoint prefix '" + source
              + "' instead of the saver's filename tensor");
        }
      }
    }
    for (FunctionDef f : functions.values()) {
      String fname = f.getSignature().getName();
      Map<String, NodeDef> body = new HashMap<>();
      for (NodeDef node : f.getNodeDefList()) {
        body.put(node.getName(), node);
      }
      for (NodeDef node : f.getNodeDefList()) {
        if (!isCheckedRestore(node)) {
          continue;
        }
        int arg = prefixArgument(f, body, node);
        String where = node.getOp() + " (node '" + node.getName() + "' in function '" + fname + "'): ";
        if (arg < 0) {
          refusals.add(where + "its checkpoint prefix is not an argument of the function");
          continue;
        }
        for (FunctionDef other : functions.values()) {
          for (NodeDef caller : other.getNodeDefList()) {
            if (GraphDefs.functionRefs(caller, functions).contains(fname)) {
              refusals.add(where + "the function is called from function '" + other.getSignature().getName()
                  + "'; only calls from the graph's restore subgraph are accepted");
            }
          }
        }
        for (NodeDef caller : nodes.values()) {
          if (!GraphDefs.functionRefs(caller, functions).contains(fname)) {
            continue;
          }
          String source = arg < caller.getInputCount()
              ? traceIdentity(nodes, GraphDefs.opName(caller.getInput(arg))) : null;
          if (!plan.restoreNodes().contains(caller.getName()) || filenameOp == null || !filenameOp.equals(source)) {
            refusals.add(where + "called by node '" + caller.getName() + "' with checkpoint prefix '" + source
                + "' instead of the saver's filename tensor");
          }
        }
      }
    }
  }

  private boolean isCheckedRestore(NodeDef node) {
    return SavedModelOps.RESTORE_OPS.contains(node.getOp()) && !extraOps.contains(node.getOp());
  }

  /** The index of the function argument a restore node's prefix comes from (through Identity), or -1. */
  private static int prefixArgument(FunctionDef f, Map<String, NodeDef> body, NodeDef node) {
    if (node.getInputCount() == 0) {
      return -1;
    }
    String source = node.getInput(0);
    while (body.containsKey(source.split(":")[0]) && body.get(source.split(":")[0]).getOp().equals("Identity")) {
      source = body.get(source.split(":")[0]).getInput(0);
    }
    int arg = -1;
    for (int i = 0; i < f.getSignature().getInputArgCount(); i++) {
      if (f.getSignature().getInputArg(i).getName().equals(source)) {
        arg = i;
      }
    }
    return arg;
  }

  private static String traceIdentity(Map<String, NodeDef> nodes, String op) {
    Set<String> seen = new HashSet<>();
    while (nodes.containsKey(op) && nodes.get(op).getOp().equals("Identity") && seen.add(op)
        && nodes.get(op).getInputCount() > 0) {
      op = GraphDefs.opName(nodes.get(op).getInput(0));
    }
    return op;
  }
}
