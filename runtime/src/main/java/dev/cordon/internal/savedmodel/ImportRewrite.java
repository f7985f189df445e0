package dev.cordon.internal.savedmodel;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GradientDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites what an {@link ImportPlan} keeps so that it cannot touch another import of the same
 * graph once imported under {@code scope}:
 *
 * <ul>
 *   <li>every {@code shared_name} becomes the node's imported name, so two imports of one stateful
 *       SavedModel keep separate resource variables;
 *   <li>every library function gets a per-import name ({@link #functionPrefix}), and every
 *       reference to it too (function-valued attrs, nested ones included, functions called as ops,
 *       gradients): functions are global in a graph, not prefixed by an import;
 *   <li>root nodes named {@code Init...} are renamed, since TF Java registers every imported
 *       {@code <prefix>/Init...} as a graph initializer, which would run for every model;
 *   <li>colocation constraints ({@code _class}) on nodes that were not kept are dropped.
 * </ul>
 */
final class ImportRewrite {

  /** The rewritten graph, ready for {@code importGraphDef(graphDef, scope)}, and its names. */
  record Result(GraphDef graphDef, ImportedNames names) {}

  private ImportRewrite() {}

  static Result rewrite(ImportPlan plan, String scope) {
    Set<String> keptNodes = plan.keptNodes();
    Set<String> keptFunctions = plan.keptFunctions();
    Map<String, String> renames = initRenames(plan.nodes().keySet(), keptNodes);
    Map<String, String> functionRenames = new HashMap<>();
    String functionPrefix = functionPrefix(scope);
    for (String f : keptFunctions) {
      functionRenames.put(f, functionPrefix + f);
    }

    GraphDef.Builder out = GraphDef.newBuilder();
    if (plan.source().hasVersions()) {
      out.setVersions(plan.source().getVersions());
    }
    for (String nodeName : keptNodes) {
      NodeDef node = plan.nodes().get(nodeName);
      NodeDef.Builder b = node.toBuilder();
      b.setName(renames.getOrDefault(node.getName(), node.getName()));
      b.clearInput();
      for (String input : node.getInputList()) {
        b.addInput(renameInput(input, renames));
      }
      rewriteNode(b, functionRenames, renames, keptNodes, scope + "/" + b.getName());
      out.addNode(b);
    }
    FunctionDefLibrary kept = GraphDefs.subLibrary(plan.source().getLibrary(), keptFunctions);
    FunctionDefLibrary.Builder library = FunctionDefLibrary.newBuilder();
    for (FunctionDef def : kept.getFunctionList()) {
      library.addFunction(rewriteFunction(def, functionRenames, scope));
    }
    for (GradientDef g : kept.getGradientList()) {
      library.addGradient(GradientDef.newBuilder()
          .setFunctionName(functionRenames.get(g.getFunctionName()))
          .setGradientFunc(functionRenames.get(g.getGradientFunc())));
    }
    out.setLibrary(library);
    return new Result(out.build(), new ImportedNames(scope, renames));
  }

  /** A per-import prefix for function names: functions are global in a graph, not prefixed. */
  static String functionPrefix(String scope) {
    String safe = scope.replaceAll("[^A-Za-z0-9]", "_");
    String hash = Integer.toHexString(Arrays.hashCode(scope.getBytes(StandardCharsets.UTF_8)));
    return "cordon_" + safe + "_" + hash + "__";
  }

  /** {@code Init...} -> {@code cordon.renamed.Init...}, avoiding every name the graph has. */
  private static Map<String, String> initRenames(Set<String> allNodes, Set<String> keptNodes) {
    Map<String, String> renames = new HashMap<>();
    Set<String> taken = new HashSet<>(allNodes);
    for (String node : keptNodes) {
      if (node.startsWith("Init")) {
        String renamed = "cordon.renamed." + node;
        for (int i = 1; taken.contains(renamed); i++) {
          renamed = "cordon.renamed" + i + "." + node;
        }
        taken.add(renamed);
        renames.put(node, renamed);
      }
    }
    return renames;
  }

  private static FunctionDef rewriteFunction(FunctionDef def, Map<String, String> functionRenames, String scope) {
    FunctionDef.Builder fb = def.toBuilder();
    String renamed = functionRenames.get(def.getSignature().getName());
    fb.getSignatureBuilder().setName(renamed);
    fb.clearNodeDef();
    for (NodeDef node : def.getNodeDefList()) {
      NodeDef.Builder nb = node.toBuilder();
      rewriteNode(nb, functionRenames, Map.of(), null, scope + "/" + renamed + "/" + node.getName());
      fb.addNodeDef(nb);
    }
    fb.clearAttr();
    for (Map.Entry<String, AttrValue> a : def.getAttrMap().entrySet()) {
      fb.putAttr(a.getKey(), rewriteAttr(a.getValue(), functionRenames));
    }
    return fb.build();
  }

  /**
   * Renames function references, makes {@code shared_name} unique to this import, and drops
   * colocation constraints on nodes that were not kept ({@code keptNodes} null: in a function).
   */
  private static void rewriteNode(
      NodeDef.Builder b,
      Map<String, String> functionRenames,
      Map<String, String> nodeRenames,
      Set<String> keptNodes,
      String uniqueName) {
    if (functionRenames.containsKey(b.getOp())) {
      b.setOp(functionRenames.get(b.getOp()));
    }
    Map<String, AttrValue> attrs = new LinkedHashMap<>(b.getAttrMap());
    b.clearAttr();
    for (Map.Entry<String, AttrValue> e : attrs.entrySet()) {
      AttrValue value = rewriteAttr(e.getValue(), functionRenames);
      if (e.getKey().equals("shared_name") && value.getValueCase() == AttrValue.ValueCase.S) {
        value = AttrValue.newBuilder().setS(ByteString.copyFromUtf8(uniqueName)).build();
      }
      if (e.getKey().equals("_class") && value.hasList() && keptNodes != null) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (ByteString s : value.getList().getSList()) {
          String loc = s.toStringUtf8();
          if (loc.startsWith("loc:@")) {
            String target = loc.substring(5);
            if (!keptNodes.contains(target)) {
              continue;
            }
            loc = "loc:@" + nodeRenames.getOrDefault(target, target);
          }
          list.addS(ByteString.copyFromUtf8(loc));
        }
        if (list.getSCount() == 0) {
          continue;
        }
        value = AttrValue.newBuilder().setList(list).build();
      }
      b.putAttr(e.getKey(), value);
    }
  }

  private static AttrValue rewriteAttr(AttrValue a, Map<String, String> functionRenames) {
    if (a.hasFunc()) {
      return a.toBuilder().setFunc(rewriteFunc(a.getFunc(), functionRenames)).build();
    }
    if (a.hasList() && a.getList().getFuncCount() > 0) {
      AttrValue.ListValue.Builder list = a.getList().toBuilder().clearFunc();
      for (NameAttrList f : a.getList().getFuncList()) {
        list.addFunc(rewriteFunc(f, functionRenames));
      }
      return a.toBuilder().setList(list).build();
    }
    return a;
  }

  private static NameAttrList rewriteFunc(NameAttrList f, Map<String, String> functionRenames) {
    NameAttrList.Builder b = f.toBuilder().setName(functionRenames.getOrDefault(f.getName(), f.getName()));
    b.clearAttr();
    for (Map.Entry<String, AttrValue> e : f.getAttrMap().entrySet()) {
      b.putAttr(e.getKey(), rewriteAttr(e.getValue(), functionRenames));
    }
    return b.build();
  }

  private static String renameInput(String input, Map<String, String> renames) {
    if (renames.isEmpty()) {
      return input;
    }
    boolean control = input.startsWith("^");
    String body = control ? input.substring(1) : input;
    String op = GraphDefs.opName(body);
    String renamed = renames.get(op);
    if (renamed == null) {
      return input;
    }
    return (control ? "^" : "") + renamed + body.substring(op.length());
  }
}
