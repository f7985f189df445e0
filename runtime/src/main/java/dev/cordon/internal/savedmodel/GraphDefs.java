package dev.cordon.internal.savedmodel;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The one set of {@code GraphDef} helpers that the import and the export share: tensor and op
 * names, the subgraph a set of nodes reaches through their inputs, and the library functions a set
 * of nodes calls, directly or through other functions.
 *
 * <p>A node calls a function when its op type is the function's name, or when one of its attrs
 * names the function ({@code f} of {@code (Stateful)PartitionedCall}, {@code body}/{@code cond}
 * of {@code While}, {@code then_branch}/{@code else_branch} of {@code If}, a list of functions for
 * {@code Case}), including an attr nested inside such a function-valued attr (a function called
 * with a function-valued attr of its own). A function calls what the nodes of its body and its
 * own attrs call.
 */
public final class GraphDefs {

  private GraphDefs() {}

  /** {@code ^name}, {@code name}, {@code name:1} -> {@code name}. */
  public static String opName(String tensorOrOp) {
    String s = tensorOrOp.startsWith("^") ? tensorOrOp.substring(1) : tensorOrOp;
    int colon = s.lastIndexOf(':');
    if (colon > 0 && colon < s.length() - 1 && s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      return s.substring(0, colon);
    }
    return s;
  }

  /** {@code name:1} -> 1; {@code name} -> 0. */
  public static int outputIndex(String tensor) {
    String op = opName(tensor);
    return op.length() == tensor.length() ? 0 : Integer.parseInt(tensor.substring(op.length() + 1));
  }

  /** {@code name} -> {@code name:0}; {@code name:1} stays. */
  static String tensorName(String tensor) {
    return opName(tensor) + ":" + outputIndex(tensor);
  }

  /** The graph's nodes by name, in the graph's order. */
  static Map<String, NodeDef> nodes(GraphDef graph) {
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    for (NodeDef node : graph.getNodeList()) {
      nodes.put(node.getName(), node);
    }
    return nodes;
  }

  /** The library's functions by name, in the library's order. */
  static Map<String, FunctionDef> functions(FunctionDefLibrary library) {
    Map<String, FunctionDef> functions = new LinkedHashMap<>();
    for (FunctionDef f : library.getFunctionList()) {
      functions.put(f.getSignature().getName(), f);
    }
    return functions;
  }

  /**
   * The nodes {@code roots} reach through data and control inputs, in the graph's order. A node in
   * {@code stops} is kept but its inputs are not followed. A name that is not a node of the graph
   * goes to {@code missing} and is not kept.
   */
  static Set<String> inputClosure(
      Map<String, NodeDef> nodes, Collection<String> roots, Set<String> stops, Consumer<String> missing) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (seen.contains(name)) {
        continue;
      }
      NodeDef node = nodes.get(name);
      if (node == null) {
        missing.accept(name);
        continue;
      }
      seen.add(name);
      if (stops.contains(name)) {
        continue;
      }
      for (String input : node.getInputList()) {
        todo.add(opName(input));
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    for (String n : nodes.keySet()) {
      if (seen.contains(n)) {
        ordered.add(n);
      }
    }
    return ordered;
  }

  /** The functions of {@code functions} that {@code callers} call, directly or through other functions. */
  static Set<String> functionsReached(Collection<NodeDef> callers, Map<String, FunctionDef> functions) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (NodeDef node : callers) {
      todo.addAll(functionRefs(node, functions));
    }
    while (!todo.isEmpty()) {
      String f = todo.poll();
      if (!seen.add(f)) {
        continue;
      }
      FunctionDef def = functions.get(f);
      for (NodeDef node : def.getNodeDefList()) {
        todo.addAll(functionRefs(node, functions));
      }
      for (AttrValue a : def.getAttrMap().values()) {
        todo.addAll(functionRefs(a, functions));
      }
    }
    return seen;
  }

  /** The functions {@code node} calls itself: as its op type, or named by its attrs. */
  static Set<String> functionRefs(NodeDef node, Map<String, FunctionDef> functions) {
    Set<String> refs = new LinkedHashSet<>();
    if (functions.containsKey(node.getOp())) {
      refs.add(node.getOp());
    }
    for (AttrValue a : node.getAttrMap().values()) {
      refs.addAll(functionRefs(a, functions));
    }
    return refs;
  }

  /** The functions an attr names, including those named by the attrs of a function it names. */
  static Set<String> functionRefs(AttrValue a, Map<String, FunctionDef> functions) {
    Set<String> refs = new LinkedHashSet<>();
    if (a.hasFunc()) {
      addRefs(a.getFunc(), functions, refs);
    }
    if (a.hasList()) {
      for (NameAttrList f : a.getList().getFuncList()) {
        addRefs(f, functions, refs);
      }
    }
    return refs;
  }

  private static void addRefs(NameAttrList f, Map<String, FunctionDef> functions, Set<String> refs) {
    if (functions.containsKey(f.getName())) {
      refs.add(f.getName());
    }
    for (AttrValue inner : f.getAttrMap().values()) {
      refs.addAll(functionRefs(inner, functions));
    }
  }

  /**
   * The functions of {@code library} named in {@code keep}, in the library's order, and the
   * gradients between two of them.
   */
  static FunctionDefLibrary subLibrary(FunctionDefLibrary library, Set<String> keep) {
    FunctionDefLibrary.Builder b = FunctionDefLibrary.newBuilder();
    for (FunctionDef f : library.getFunctionList()) {
      if (keep.contains(f.getSignature().getName())) {
        b.addFunction(f);
      }
    }
    library.getGradientList().stream()
        .filter(g -> keep.contains(g.getFunctionName()) && keep.contains(g.getGradientFunc()))
        .forEach(b::addGradient);
    return b.build();
  }

  /** A shape as TensorFlow declares it; {@code null} or unknown -> unknown rank. */
  static TensorShapeProto shapeProto(Shape shape) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    if (shape == null || shape.isUnknown()) {
      return b.setUnknownRank(true).build();
    }
    for (int i = 0; i < shape.numDimensions(); i++) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(shape.get(i)));
    }
    return b.build();
  }

  /** A declared shape; unknown rank -> {@link Shape#unknown()}, {@code -1} for an unknown dimension. */
  static Shape shape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return Shape.unknown();
    }
    long[] dims = new long[proto.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = proto.getDim(i).getSize();
    }
    return Shape.of(dims);
  }
}
