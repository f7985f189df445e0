package dev.cordon.internal.savedmodel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;

/**
 * Proves, from the GraphDef alone, that every table initialiser that reads a file
 * ({@link SavedModelOps#TABLE_FILE_INITIALIZERS}) among what an import keeps reads one of the
 * SavedModel's own assets: its file name must come from an {@code asset_file_def} placeholder
 * (which the import feeds with a file under {@code assets/}), through
 *
 * <ul>
 *   <li>{@code Identity} / {@code Snapshot} ops,
 *   <li>function arguments (every kept caller of the function, a graph node or a node of another
 *       kept function, passing a proven name there through {@code PartitionedCall} /
 *       {@code StatefulPartitionedCall} or a direct call),
 *   <li>a {@code ReadVariableOp} of a resource variable that nothing kept writes except with a
 *       proven name ({@code AssignVariableOp}), and that no kept function receives except to read
 *       it — TF2's asset-path variable, assigned from the asset placeholder by the init op.
 * </ul>
 *
 * Anything else (a constant path, a path computed from an input, a variable restored from the
 * checkpoint) is refused naming the node and the path or the node it comes from. Nothing runs
 * before this check, so a refused initialiser has read nothing.
 */
final class TableFiles {

  private static final Set<String> PASS_THROUGH = Set.of("Identity", "Snapshot");
  private static final Set<String> CALLS = Set.of("PartitionedCall", "StatefulPartitionedCall");
  private static final Set<String> READS = Set.of("ReadVariableOp", "VarIsInitializedOp");
  private static final int MAX_DEPTH = 16;

  private final ImportPlan plan;
  private final Set<String> keptNodes;
  private final Set<String> keptFunctions;
  private final Set<String> assetOps;

  private TableFiles(ImportPlan plan) {
    this.plan = plan;
    this.keptNodes = plan.keptNodes();
    this.keptFunctions = plan.keptFunctions();
    // An asset placeholder that a signature takes as input could be fed any path by a caller.
    Set<String> assets = new HashSet<>(plan.assetOps());
    for (org.tensorflow.proto.SignatureDef sig : plan.signatures().values()) {
      for (org.tensorflow.proto.TensorInfo in : sig.getInputsMap().values()) {
        assets.remove(GraphDefs.opName(in.getName()));
      }
    }
    this.assetOps = assets;
  }

  /** Adds one refusal per table file initialiser whose file is not proven to be an asset. */
  static void check(ImportPlan plan, Set<String> extraOps, List<String> refusals) {
    new TableFiles(plan).checkAll(extraOps, refusals);
  }

  private void checkAll(Set<String> extraOps, List<String> refusals) {
    for (String n : keptNodes) {
      NodeDef node = plan.nodes().get(n);
      if (checked(node, extraOps)) {
        String why = node.getInputCount() < 2 ? "has no file name input" : graphSource(node.getInput(1), 0);
        if (why != null) {
          refusals.add(node.getOp() + " (node '" + n + "'): " + why + MESSAGE_TAIL);
        }
      }
    }
    for (String fname : keptFunctions) {
      FunctionDef f = plan.functions().get(fname);
      for (NodeDef node : f.getNodeDefList()) {
        if (checked(node, extraOps)) {
          String why = node.getInputCount() < 2 ? "has no file name input" : functionSource(f, node.getInput(1), 0);
          if (why != null) {
            refusals.add(node.getOp() + " (node '" + node.getName() + "' in function '" + fname + "'): " + why
                + MESSAGE_TAIL);
          }
        }
      }
    }
  }

  private static final String MESSAGE_TAIL =
      "; a table initialiser may only read a file of the SavedModel's own assets/ (an asset_file_def "
          + "placeholder). Nothing was read";

  private static boolean checked(NodeDef node, Set<String> extraOps) {
    return SavedModelOps.TABLE_FILE_INITIALIZERS.contains(node.getOp()) && !extraOps.contains(node.getOp());
  }

  /** Null when the graph tensor {@code input} is proven to be an asset's file name; else why not. */
  private String graphSource(String input, int depth) {
    if (depth > MAX_DEPTH) {
      return "its file name goes through more than " + MAX_DEPTH + " steps";
    }
    String opName = GraphDefs.opName(input);
    NodeDef node = plan.nodes().get(opName);
    if (node == null) {
      return "its file name comes from '" + input + "', which the graph does not have";
    }
    if (assetOps.contains(opName) && node.getOp().equals("Placeholder")
        && plan.assets().containsKey(GraphDefs.tensorName(input))) {
      return null;
    }
    if (PASS_THROUGH.contains(node.getOp()) && node.getInputCount() > 0) {
      return graphSource(node.getInput(0), depth + 1);
    }
    if (node.getOp().equals("Const")) {
      return "reads " + constPath(node) + " (constant '" + opName + "'), a path outside the SavedModel's assets";
    }
    if (node.getOp().equals("ReadVariableOp") && node.getInputCount() > 0) {
      return variableSource(node.getInput(0), depth + 1);
    }
    if (CALLS.contains(node.getOp()) || plan.functions().containsKey(node.getOp())) {
      return "its file name is computed by function call '" + opName + "'";
    }
    return "its file name comes from node '" + opName + "' (" + node.getOp() + "), not from an asset of the SavedModel";
  }

  /** A resource variable whose every kept writer writes a proven asset name, and which no function writes. */
  private String variableSource(String handleInput, int depth) {
    String handle = GraphDefs.opName(handleInput);
    while (plan.nodes().containsKey(handle) && PASS_THROUGH.contains(plan.nodes().get(handle).getOp())) {
      handle = GraphDefs.opName(plan.nodes().get(handle).getInput(0));
    }
    NodeDef var = plan.nodes().get(handle);
    if (var == null || !var.getOp().equals("VarHandleOp")) {
      return "its file name is read from '" + handle + "', which is not a resource variable of the graph";
    }
    boolean written = false;
    for (String n : keptNodes) {
      NodeDef user = plan.nodes().get(n);
      for (int i = 0; i < user.getInputCount(); i++) {
        String in = user.getInput(i);
        if (in.startsWith("^") || !GraphDefs.opName(in).equals(handle)) {
          continue;
        }
        if (READS.contains(user.getOp())) {
          continue;
        }
        if (user.getOp().equals("AssignVariableOp") && i == 0 && user.getInputCount() > 1) {
          String why = graphSource(user.getInput(1), depth + 1);
          if (why != null) {
            return "its file name is read from variable '" + handle + "', which node '" + n + "' assigns: " + why;
          }
          written = true;
          continue;
        }
        String fname = calledFunction(user);
        if (fname != null && onlyRead(fname, i, 0)) {
          continue;
        }
        return "its file name is read from variable '" + handle + "', which node '" + n + "' (" + user.getOp()
            + ") may write";
      }
    }
    return written ? null : "its file name is read from variable '" + handle + "', which nothing assigns from an asset";
  }

  /** Whether argument {@code arg} of function {@code fname} is only read (or passed on to be only read). */
  private boolean onlyRead(String fname, int arg, int depth) {
    FunctionDef f = plan.functions().get(fname);
    if (f == null || arg >= f.getSignature().getInputArgCount() || depth > MAX_DEPTH) {
      return false;
    }
    String argName = f.getSignature().getInputArg(arg).getName();
    for (NodeDef node : f.getNodeDefList()) {
      for (int i = 0; i < node.getInputCount(); i++) {
        String in = node.getInput(i);
        if (in.startsWith("^") || !in.split(":")[0].equals(argName)) {
          continue;
        }
        if (READS.contains(node.getOp())) {
          continue;
        }
        String callee = calledFunction(node);
        if (callee != null && onlyRead(callee, i, depth + 1)) {
          continue;
        }
        return false;
      }
    }
    return true;
  }

  /** Null when the function-body tensor {@code input} of {@code f} is proven to be an asset's file name. */
  private String functionSource(FunctionDef f, String input, int depth) {
    if (depth > MAX_DEPTH) {
      return "its file name goes through more than " + MAX_DEPTH + " steps";
    }
    Map<String, NodeDef> body = new HashMap<>();
    for (NodeDef node : f.getNodeDefList()) {
      body.put(node.getName(), node);
    }
    Set<String> seen = new HashSet<>();
    String source = input.split(":")[0];
    while (body.containsKey(source) && PASS_THROUGH.contains(body.get(source).getOp())
        && body.get(source).getInputCount() > 0 && seen.add(source)) {
      source = body.get(source).getInput(0).split(":")[0];
    }
    NodeDef node = body.get(source);
    if (node != null) {
      if (node.getOp().equals("Const")) {
        return "reads " + constPath(node) + " (constant '" + source + "'), a path outside the SavedModel's assets";
      }
      return "its file name comes from node '" + source + "' (" + node.getOp() + "), not from an asset of the SavedModel";
    }
    int arg = -1;
    for (int i = 0; i < f.getSignature().getInputArgCount(); i++) {
      if (f.getSignature().getInputArg(i).getName().equals(source)) {
        arg = i;
      }
    }
    if (arg < 0) {
      return "its file name comes from '" + source + "', which the function does not have";
    }
    String fname = f.getSignature().getName();
    boolean called = false;
    for (String n : keptNodes) {
      NodeDef caller = plan.nodes().get(n);
      if (!GraphDefs.functionRefs(caller, plan.functions()).contains(fname)) {
        continue;
      }
      if (!fname.equals(calledFunction(caller))) {
        return "function '" + fname + "' is called by node '" + n + "' (" + caller.getOp() + "), whose arguments cannot be traced";
      }
      String why = arg < caller.getInputCount() ? graphSource(caller.getInput(arg), depth + 1) : "a call passes no file name";
      if (why != null) {
        return "called by node '" + n + "': " + why;
      }
      called = true;
    }
    for (String other : keptFunctions) {
      FunctionDef g = plan.functions().get(other);
      for (NodeDef caller : g.getNodeDefList()) {
        if (!GraphDefs.functionRefs(caller, plan.functions()).contains(fname)) {
          continue;
        }
        if (!fname.equals(calledFunction(caller))) {
          return "function '" + fname + "' is called by node '" + caller.getName() + "' of function '" + other
              + "' (" + caller.getOp() + "), whose arguments cannot be traced";
        }
        String why = arg < caller.getInputCount() ? functionSource(g, caller.getInput(arg), depth + 1)
            : "a call passes no file name";
        if (why != null) {
          return "called by node '" + caller.getName() + "' of function '" + other + "': " + why;
        }
        called = true;
      }
    }
    return called ? null : "function '" + fname + "' has no caller that passes an asset";
  }

  /** The function a call node calls with its inputs as the function's arguments, or null. */
  private String calledFunction(NodeDef node) {
    if (plan.functions().containsKey(node.getOp())) {
      return node.getOp();
    }
    if (CALLS.contains(node.getOp())) {
      AttrValue f = node.getAttrMap().get("f");
      return f != null && f.hasFunc() ? f.getFunc().getName() : null;
    }
    return null;
  }

  private static String constPath(NodeDef node) {
    AttrValue value = node.getAttrMap().get("value");
    if (value != null && value.hasTensor() && value.getTensor().getStringValCount() > 0) {
      return "'" + value.getTensor().getStringVal(0).toStringUtf8() + "'";
    }
    return "a constant path";
  }
}
