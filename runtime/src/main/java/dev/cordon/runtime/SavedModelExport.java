package dev.cordon.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.op.train.Save;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Writes a SavedModel of one part of a live graph: a model (or the models of a composition that
 * share one graph), without anything else the graph holds.
 *
 * <p>How it is built:
 *
 * <ol>
 *   <li>The part is cut out of {@code graph.toGraphDef()}: every node the signature outputs and the
 *       part's variables reach through data and control inputs, stopping at the signature inputs.
 *       Each signature input becomes a {@code Placeholder} of its declared dtype and shape (so an
 *       input a composition wires to another model's output is cut loose from that model). Every
 *       kept node must lie under one of the part's scopes; otherwise the export is refused, naming
 *       the foreign ops. Library functions are kept only when a kept node (or a kept function)
 *       refers to them.
 *   <li>The cut-out graph is imported into a fresh {@link Graph} with its original op names
 *       ({@code <scope>/...}), and a saver is added under a root scope of its own ({@code save},
 *       or {@code save_1}... if a part's scope is named {@code save}): {@code SaveV2} over reads of
 *       the resource variables, and a {@code RestoreV2} feeding {@code AssignVariableOp}s grouped by
 *       {@code <saver>/restore_all}. The MetaGraph's {@code saver_def} names them (format V2), so
 *       plain TensorFlow ({@code SavedModelBundle.load}, Python's loader, TF Serving) restores the
 *       variables on load. Cordon uses resource variables, which {@code Session.save} and TF Java's
 *       {@code SavedModelBundle.exporter} ignore; hence this saver. The variables stay real
 *       variables: the SavedModel is not frozen.
 *   <li>The variables' current values are read from the live session in one run, assigned to the
 *       fresh graph's variables in a session of its own, and written by its {@code SaveV2} to
 *       {@code variables/variables}. For a model the checkpoint keys are the scope-relative
 *       variable names, so {@code variables/} is also a Cordon checkpoint of the model.
 *   <li>{@code saved_model.pb} holds one MetaGraph tagged {@code serve} with the signatures
 *       (method {@code tensorflow/serving/predict}). Everything is written into a hidden staging
 *       sibling of the target, forced to disk and swapped in by renames ({@link StagedDirectory}:
 *       after a crash at any step, Cordon finds the old or the new export at the target).
 * </ol>
 */
final class SavedModelExport {

  static final String SERVE_TAG = "serve";
  static final String SERVING_DEFAULT = "serving_default";
  static final String PREDICT_METHOD = "tensorflow/serving/predict";
  static final String MARKER = "saved_model.pb";

  /** Test hook: runs on the filled staging directory just before it is swapped in. */
  static volatile StagedDirectory.Contents beforeSwapForTests;

  /** A signature input: the fed operand (cut to a placeholder) and its declared shape. */
  record Input(String key, Operand<?> operand, Shape shape) {}

  /** A signature output. */
  record SignatureOutput(String key, Operand<?> operand) {}

  /** One signature. */
  record Signature(String key, List<Input> inputs, List<SignatureOutput> outputs) {}

  /** A variable of the part and its key in {@code variables/}. */
  record Variable(String key, ModelVariable<?> variable) {}

  private SavedModelExport() {}

  /**
   * Exports the part of {@code handle}'s graph under {@code scopes} to {@code dir}. The caller
   * holds the handle's read lock and keeps the variables still (the values are read in one run).
   */
  static void export(
      String what, GraphHandle handle, Set<String> scopes, List<Signature> signatures,
      List<Variable> variables, Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (target.getParent() == null) {
      throw new SavedModelExportException(what + ": cannot export a SavedModel at the file-system root");
    }
    try {
      if (!StagedDirectory.isReplaceable(target, MARKER)) {
        throw new SavedModelExportException(
            what + ": " + target + " exists and is not a SavedModel (no " + MARKER
                + "); refusing to replace it. Choose an empty or new directory.");
      }
      GraphDef part = cut(what, handle.graph().toGraphDef(), scopes, signatures, variables);
      try (Graph graph = new Graph()) {
        graph.importGraphDef(part);
        Saver saver = variables.isEmpty() ? null : new Saver(graph, saverScope(scopes), variables);
        GraphDef exported = graph.toGraphDef();
        if (saver != null) {
          saver.addLoadOps(graph);
        }
        SavedModel savedModel = SavedModel.newBuilder()
            .setSavedModelSchemaVersion(1)
            .addMetaGraphs(metaGraph(exported, saver, signatures))
            .build();
        try (Session session = new Session(graph)) {
          if (saver != null) {
            saver.load(handle.session(), session);
          }
          StagedDirectory.write(target, staging -> {
            Files.write(staging.resolve(MARKER), savedModel.toByteArray());
            Path vars = Files.createDirectories(staging.resolve("variables"));
            if (saver != null) {
              saver.save(session, vars.resolve("variables"));
            }
            StagedDirectory.Contents hook = beforeSwapForTests;
            if (hook != null) {
              hook.writeTo(staging);
            }
          });
        }
      }
    } catch (IOException | TensorFlowException | IllegalArgumentException e) {
      throw new SavedModelExportException(
          what + ": could not export a SavedModel to " + target + ": " + e.getMessage()
              + " (an earlier export there, if any, is intact)", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Cutting the part out of the live graph

  static GraphDef cut(
      String what, GraphDef live, Set<String> scopes, List<Signature> signatures, List<Variable> variables) {
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    for (NodeDef node : live.getNodeList()) {
      nodes.put(node.getName(), node);
    }
    Map<String, Input> cuts = new HashMap<>();
    Deque<String> todo = new ArrayDeque<>();
    for (Signature s : signatures) {
      for (Input in : s.inputs()) {
        Output<?> o = in.operand().asOutput();
        if (o.index() != 0) {
          throw new SavedModelExportException(what + ": input '" + in.key() + "' is output " + o.index()
              + " of op '" + o.op().name() + "'; only first outputs can be cut into placeholders");
        }
        cuts.put(o.op().name(), in);
        todo.add(o.op().name());
      }
      for (SignatureOutput out : s.outputs()) {
        todo.add(out.operand().op().name());
      }
    }
    for (Variable v : variables) {
      todo.add(v.variable().handle().op().name());
    }
    Set<String> reached = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!reached.add(name) || cuts.containsKey(name)) {
        continue;
      }
      NodeDef node = nodes.get(name);
      if (node == null) {
        throw new SavedModelExportException(what + ": op '" + name + "' is missing from the graph");
      }
      for (String input : node.getInputList()) {
        todo.add(opName(input));
      }
    }
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
    for (NodeDef node : live.getNodeList()) {
      if (!reached.contains(node.getName())) {
        continue;
      }
      Input in = cuts.get(node.getName());
      if (in == null) {
        out.addNode(node);
      } else {
        out.addNode(NodeDef.newBuilder()
            .setName(node.getName())
            .setOp("Placeholder")
            .putAttr("dtype", AttrValue.newBuilder().setType(in.operand().asOutput().dataType()).build())
            .putAttr("shape", AttrValue.newBuilder().setShape(shapeProto(in.shape())).build()));
      }
    }
    out.setLibrary(library(live.getLibrary(), out.getNodeList()));
    return out.build();
  }

  /** The library functions the kept nodes refer to, directly or through other functions. */
  private static FunctionDefLibrary library(FunctionDefLibrary live, List<NodeDef> kept) {
    Map<String, FunctionDef> functions = new LinkedHashMap<>();
    for (FunctionDef f : live.getFunctionList()) {
      functions.put(f.getSignature().getName(), f);
    }
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (NodeDef node : kept) {
      referencedFunctions(node, functions, todo);
    }
    while (!todo.isEmpty()) {
      String f = todo.pop();
      if (needed.add(f)) {
        FunctionDef def = functions.get(f);
        for (NodeDef node : def.getNodeDefList()) {
          referencedFunctions(node, functions, todo);
        }
        for (AttrValue a : def.getAttrMap().values()) {
          referencedFunctions(a, functions, todo);
        }
      }
    }
    FunctionDefLibrary.Builder b = FunctionDefLibrary.newBuilder();
    for (String f : needed) {
      b.addFunction(functions.get(f));
    }
    live.getGradientList().stream()
        .filter(g -> needed.contains(g.getFunctionName()) && needed.contains(g.getGradientFunc()))
        .forEach(b::addGradient);
    return b.build();
  }

  private static void referencedFunctions(NodeDef node, Map<String, FunctionDef> functions, Deque<String> todo) {
    if (functions.containsKey(node.getOp())) {
      todo.add(node.getOp()); // a function called as an op
    }
    for (AttrValue a : node.getAttrMap().values()) {
      referencedFunctions(a, functions, todo);
    }
  }

  private static void referencedFunctions(AttrValue a, Map<String, FunctionDef> functions, Deque<String> todo) {
    if (a.hasFunc() && functions.containsKey(a.getFunc().getName())) {
      todo.add(a.getFunc().getName());
    }
    if (a.hasList()) {
      a.getList().getFuncList().stream()
          .filter(f -> functions.containsKey(f.getName()))
          .forEach(f -> todo.add(f.getName()));
    }
  }

  /** A root scope for the saver that no op of the part uses. */
  private static String saverScope(Set<String> scopes) {
    Set<String> roots = new LinkedHashSet<>();
    for (String s : scopes) {
      roots.add(s.split("/", 2)[0]);
    }
    String name = "save";
    for (int i = 1; roots.contains(name); i++) {
      name = "save_" + i;
    }
    return name;
  }

  // ---------------------------------------------------------------------------------------------
  // The saver of the exported graph

  private static final class Saver {
    final String scope;
    final List<Variable> variables;
    final Placeholder<TString> filename;
    final Save save;
    final Op saveDone;
    final Op restoreAll;
    final List<Operand<? extends TType>> handles;
    final List<Placeholder<?>> values = new ArrayList<>();
    Op loadAll;

    Saver(Graph graph, String scope, List<Variable> variables) {
      this.scope = scope;
      this.variables = variables;
      Ops tf = Ops.create(graph).withSubScope(scope);
      String[] keys = new String[variables.size()];
      String[] slices = new String[variables.size()];
      List<Operand<?>> reads = new ArrayList<>();
      List<Class<? extends TType>> types = new ArrayList<>();
      List<Operand<? extends TType>> handles = new ArrayList<>();
      for (int i = 0; i < keys.length; i++) {
        ModelVariable<?> v = variables.get(i).variable();
        Operand<? extends TType> h = graph.operation(v.handle().op().name()).output(0);
        handles.add(h);
        keys[i] = variables.get(i).key();
        slices[i] = "";
        reads.add(tf.readVariableOp(h, v.type()));
        types.add(v.type());
      }
      filename = tf.withName("filename").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Operand<TString> keyOp = tf.withName("keys").constant(StdArrays.ndCopyOf(keys));
      Operand<TString> sliceOp = tf.withName("slices").constant(StdArrays.ndCopyOf(slices));
      save = tf.withName("save").train.save(filename, keyOp, sliceOp, reads);
      saveDone = tf.withName("control_dependency").withControlDependencies(List.of(save)).identity(filename);
      Restore restore = tf.withName("restore").train.restore(filename, keyOp, sliceOp, types);
      List<Op> assigns = new ArrayList<>();
      for (int i = 0; i < keys.length; i++) {
        assigns.add(tf.assignVariableOp(handles.get(i), restore.tensors().get(i)));
      }
      restoreAll = tf.withName("restore_all").withControlDependencies(assigns).noOp();
      this.handles = handles;
    }

    /** Adds ops that fill the variables on export; called after the SavedModel's graph def is taken. */
    void addLoadOps(Graph graph) {
      Ops load = Ops.create(graph).withSubScope("cordon.export.load");
      List<Op> loads = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        ModelVariable<?> v = variables.get(i).variable();
        Placeholder<?> value = load.placeholder(v.type(), Placeholder.shape(v.shape()));
        values.add(value);
        loads.add(load.assignVariableOp(handles.get(i), value));
      }
      loadAll = load.withName("load_all").withControlDependencies(loads).noOp();
    }

    SaverDef saverDef() {
      return SaverDef.newBuilder()
          .setFilenameTensorName(filename.op().name() + ":0")
          .setSaveTensorName(saveDone.op().name() + ":0")
          .setRestoreOpName(restoreAll.op().name())
          .setMaxToKeep(5)
          .setKeepCheckpointEveryNHours(10000f)
          .setVersion(SaverDef.CheckpointFormatVersion.V2)
          .build();
    }

    /** Copies the variables' current values from the live session into the export session. */
    void load(Session live, Session export) {
      Session.Runner read = live.runner();
      for (Variable v : variables) {
        read.fetch(v.variable().read());
      }
      try (Result current = read.run()) {
        Session.Runner assign = export.runner();
        for (int i = 0; i < variables.size(); i++) {
          assign.feed(values.get(i), current.get(i));
        }
        assign.addTarget(loadAll).run().close();
      }
    }

    void save(Session export, Path prefix) {
      try (TString p = TString.scalarOf(prefix.toString())) {
        export.runner().feed(filename, p).addTarget(save).run().close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The MetaGraph

  private static MetaGraphDef metaGraph(GraphDef graphDef, Saver saver, List<Signature> signatures) {
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
            .addTags(SERVE_TAG)
            .setTensorflowVersion(TensorFlow.version()))
        .setGraphDef(graphDef);
    if (saver != null) {
      meta.setSaverDef(saver.saverDef());
    }
    for (Signature s : signatures) {
      SignatureDef.Builder def = SignatureDef.newBuilder().setMethodName(PREDICT_METHOD);
      for (Input in : s.inputs()) {
        Output<?> o = in.operand().asOutput();
        def.putInputs(in.key(), tensorInfo(o.op().name() + ":0", o.dataType(), in.shape()));
      }
      for (SignatureOutput out : s.outputs()) {
        Output<?> o = out.operand().asOutput();
        def.putOutputs(out.key(), tensorInfo(o.op().name() + ":" + o.index(), o.dataType(), o.shape()));
      }
      meta.putSignatureDef(s.key(), def.build());
    }
    return meta.build();
  }

  private static TensorInfo tensorInfo(String name, DataType dtype, Shape shape) {
    return TensorInfo.newBuilder().setName(name).setDtype(dtype).setTensorShape(shapeProto(shape)).build();
  }

  private static TensorShapeProto shapeProto(Shape shape) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    if (shape == null || shape.isUnknown()) {
      return b.setUnknownRank(true).build();
    }
    for (int i = 0; i < shape.numDimensions(); i++) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(shape.get(i)));
    }
    return b.build();
  }

  private static String opName(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
