package dev.cordon.internal.savedmodel;

import dev.cordon.internal.BufferSharing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Decides from the GraphDef alone which fetched tensors may share a buffer with the session's
 * state, so that the import gives only those a copy ({@code DeepCopy}) and leaves every other
 * fetch as it is.
 *
 * <p>The rule is {@link BufferSharing}'s (which says what was measured), applied to a GraphDef and
 * its function library instead of a live graph: a fetched tensor may alias when, going back through ops that hand on an input's buffer
 * ({@link BufferSharing#FORWARDING}: {@code Identity} and the like, reshapes, casts, function calls into their
 * bodies and out through their arguments), it reaches a buffer the session keeps ({@link BufferSharing#STATE}:
 * variables and their reads, the ref outputs of assign ops, constants); or when it depends on no
 * fed input and no stateful op at all (it may be folded into a constant). Functional control flow
 * ({@code If}, {@code While}, {@code Case}) and op types outside the default allowlist are assumed
 * to alias. Every other op of the allowlist allocates its output (or forwards only a buffer no one
 * else holds), so a fetch computed by one from a fed input needs no copy.
 */
final class Aliasing {

  private static final Set<String> STATE = BufferSharing.STATE;
  private static final Set<String> FORWARDING = BufferSharing.FORWARDING;
  private static final Set<String> NOT_FOLDABLE = BufferSharing.NOT_FOLDABLE;

  private static final Set<String> CALLS = Set.of("PartitionedCall", "StatefulPartitionedCall");
  private static final Set<String> CONTROL_FLOW =
      Set.of("If", "StatelessIf", "While", "StatelessWhile", "Case", "StatelessCase", "SymbolicGradient");
  private static final int MAX_DEPTH = 64;

  private final ImportPlan plan;
  private final Map<String, Boolean> foldable = new HashMap<>();

  Aliasing(ImportPlan plan) {
    this.plan = plan;
  }

  /** Whether the graph tensor {@code tensor} ({@code node:index}) may share a buffer the session keeps. */
  boolean mayAlias(String tensor) {
    Context graph = new Context(null, null, null);
    return reachesState(graph, tensor, 0) || !dynamic(graph, tensor, 0);
  }

  /** Where a tensor name is read: the graph (function null), or a function's body called by a node. */
  private record Context(FunctionDef function, NodeDef caller, Context outer) {
    Map<String, NodeDef> body() {
      Map<String, NodeDef> m = new HashMap<>();
      for (NodeDef n : function.getNodeDefList()) {
        m.put(n.getName(), n);
      }
      return m;
    }

    String key() {
      return function == null ? "" : outer.key() + "/" + caller.getName() + "@" + function.getSignature().getName();
    }
  }

  private NodeDef node(Context c, String input) {
    if (c.function() == null) {
      return plan.nodes().get(GraphDefs.opName(input));
    }
    return c.body().get(input.split(":")[0]);
  }

  private int argIndex(Context c, String input) {
    if (c.function() == null) {
      return -1;
    }
    String name = input.split(":")[0];
    List<OpDef.ArgDef> args = c.function().getSignature().getInputArgList();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private boolean reachesState(Context c, String input, int depth) {
    if (depth > MAX_DEPTH) {
      return true;
    }
    int arg = argIndex(c, input);
    if (arg >= 0) {
      NodeDef caller = c.caller();
      return arg >= caller.getInputCount() || reachesState(c.outer(), caller.getInput(arg), depth + 1);
    }
    NodeDef node = node(c, input);
    if (node == null) {
      return true;
    }
    String op = node.getOp();
    if (STATE.contains(op) || CONTROL_FLOW.contains(op)) {
      return true;
    }
    FunctionDef callee = callee(node);
    if (callee != null) {
      Context inner = new Context(callee, node, c);
      for (String ret : callee.getRetMap().values()) {
        if (reachesState(inner, ret, depth + 1)) {
          return true; // any output of the call: precise enough, and safe
        }
      }
      return false;
    }
    if (callee == null && CALLS.contains(op)) {
      return true; // a call of a function the library does not have: assume the worst
    }
    if (!SavedModelOps.DEFAULT_ALLOWED.contains(op)) {
      return true; // allowed explicitly (allowOps): nothing known about its buffers
    }
    if (FORWARDING.contains(op)) {
      for (String in : node.getInputList()) {
        if (!in.startsWith("^") && reachesState(c, in, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the tensor depends on a fed input or a stateful op (so it cannot be folded into a constant). */
  private boolean dynamic(Context c, String input, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    int arg = argIndex(c, input);
    if (arg >= 0) {
      NodeDef caller = c.caller();
      return arg < caller.getInputCount() && dynamic(c.outer(), caller.getInput(arg), depth + 1);
    }
    NodeDef node = node(c, input);
    if (node == null) {
      return false;
    }
    String key = c.key() + "|" + node.getName();
    Boolean known = foldable.get(key);
    if (known != null) {
      return !known;
    }
    boolean dyn;
    FunctionDef callee = callee(node);
    if (NOT_FOLDABLE.contains(node.getOp()) || SavedModelOps.TABLE_OPS.contains(node.getOp())) {
      dyn = true;
    } else if (callee != null) {
      Context inner = new Context(callee, node, c);
      dyn = true;
      for (String ret : callee.getRetMap().values()) {
        dyn &= dynamic(inner, ret, depth + 1); // every output must be dynamic: safe
      }
    } else {
      dyn = false;
      for (String in : node.getInputList()) {
        if (!in.startsWith("^") && dynamic(c, in, depth + 1)) {
          dyn = true;
          break;
        }
      }
    }
    foldable.put(key, !dyn);
    return dyn;
  }

  private FunctionDef callee(NodeDef node) {
    if (plan.functions().containsKey(node.getOp())) {
      return plan.functions().get(node.getOp());
    }
    if (CALLS.contains(node.getOp())) {
      AttrValue f = node.getAttrMap().get("f");
      if (f != null && f.hasFunc()) {
        return plan.functions().get(f.getFunc().getName());
      }
    }
    return null;
  }
}
