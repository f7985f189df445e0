package dev.cordon.runtime;

import dev.cordon.runtime.SavedModelSignature.TensorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GradientDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * Imports a SavedModel (TF1 or TF2, made by Python or anything else) under a scope of a graph,
 * isolated from every other model of that graph:
 *
 * <ol>
 *   <li>Reads {@code saved_model.pb} and picks the MetaGraph whose tag set equals the asked one.
 *   <li>Refuses the bundle when any node of the graph or of its function library has an op type
 *       outside the allowlist ({@link SavedModelOps}), naming each op type and node. Nothing has
 *       reached the graph then.
 *   <li>Keeps only what the signatures, the init op and the saver's restore op reach (the saver's
 *       save path, which writes files, is dropped), then rewrites it so that it cannot touch
 *       another import: every {@code shared_name} becomes the node's prefixed name (two imports of
 *       one stateful SavedModel keep separate resource variables); every library function gets a
 *       per-import name, and every reference to it too ({@code f} attrs of
 *       {@code (Stateful)PartitionedCall}, functions calling functions, function-typed ops);
 *       root nodes named {@code Init...} are renamed, since TF Java registers
 *       {@code <prefix>/Init...} as graph initializers, which would run for every model.
 *   <li>Claims the scope ({@code GraphHandle.claimScope}: a scope used twice is an exception,
 *       never duplicate nodes) and imports with {@code Graph.importGraphDef(graphDef, scope)}.
 *   <li>Restores the variables through the MetaGraph's {@code saver_def} (its prefixed filename
 *       tensor fed with {@code variables/variables}, its prefixed restore op run): the restore op
 *       touches only this import's variables. Then runs the MetaGraph's init op, if any.
 *   <li>Checks each signature against the imported graph (tensor exists, dtype agrees). A bad
 *       signature does not refuse the bundle: it is kept with its problems.
 * </ol>
 */
public final class SavedModelImport {

  static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  private final Path path; // a file-system SavedModel, or null for a classpath resource
  private final String resource;
  private final ClassLoader loader;
  private final String location; // for messages
  private Set<String> tags = Set.of("serve");
  private final Set<String> extraOps = new TreeSet<>();
  private String name;

  private SavedModelImport(Path path, String resource, ClassLoader loader) {
    this.path = path;
    this.resource = resource;
    this.loader = loader;
    this.location = path != null ? path.toString() : "classpath:" + resource;
    String last = path != null
        ? (path.getFileName() == null ? path.toString() : path.getFileName().toString())
        : resource.substring(resource.lastIndexOf('/') + 1);
    this.name = last;
  }

  /** A SavedModel directory on the file system (holding {@code saved_model.pb}). */
  public static SavedModelImport from(Path dir) {
    if (dir == null) {
      throw new IllegalArgumentException("the SavedModel directory must not be null");
    }
    return new SavedModelImport(dir, null, null);
  }

  /**
   * A SavedModel folder on the classpath, e.g. {@code models/half_plus_two}, found with the
   * context class loader (or this class's). A folder inside a jar is copied to a temporary
   * directory for the import (the checkpoint reader needs files) and deleted afterwards.
   */
  public static SavedModelImport fromResource(String folder) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return fromResource(folder, loader != null ? loader : SavedModelImport.class.getClassLoader());
  }

  /** A SavedModel folder on the classpath of {@code loader}. */
  public static SavedModelImport fromResource(String folder, ClassLoader loader) {
    if (folder == null || folder.isBlank() || loader == null) {
      throw new IllegalArgumentException("give a resource folder and a class loader");
    }
    String clean = folder.replaceAll("^/+", "").replaceAll("/+$", "");
    return new SavedModelImport(null, clean, loader);
  }

  /** The MetaGraph's tag set (default {@code serve}). */
  public SavedModelImport tags(String... tags) {
    if (tags == null || tags.length == 0) {
      throw new IllegalArgumentException("give at least one tag, e.g. \"serve\"");
    }
    this.tags = new LinkedHashSet<>(Arrays.asList(tags));
    return this;
  }

  /**
   * Accepts these op types too, anywhere in the graph and its functions. Widening the allowlist
   * lets the SavedModel run whatever these ops do (e.g. {@code WriteFile} writes any file it is
   * given): only do it for SavedModels you trust.
   */
  public SavedModelImport allowOps(String... opTypes) {
    extraOps.addAll(Arrays.asList(opTypes));
    return this;
  }

  /** The name used in messages (default: the directory's name). */
  public SavedModelImport name(String name) {
    this.name = name;
    return this;
  }

  /** Imports under {@code scope} of a shared graph. Closing the result leaves the graph open. */
  public ImportedSavedModel importInto(SharedGraph graph, String scope) {
    return importInto(graph.handle, scope, false);
  }

  /** Imports under {@code scope} into a graph and session of its own, closed with the result. */
  public ImportedSavedModel importAlone(String scope) {
    Scopes.checkScope(name, scope);
    GraphHandle handle = GraphHandle.create(null);
    try {
      return importInto(handle, scope, true);
    } catch (RuntimeException | Error e) {
      handle.close();
      throw e;
    }
  }

  ImportedSavedModel importInto(GraphHandle handle, String scope, boolean ownsGraph) {
    return importInto(handle, scope, ownsGraph, true);
  }

  /**
   * Imports under {@code scope}, which the caller (a model build holding the build lock) has
   * already claimed when {@code claim} is false.
   */
  ImportedSavedModel importInto(GraphHandle handle, String scope, boolean ownsGraph, boolean claim) {
    return importInto(handle, scope, ownsGraph, claim, null, Map.of());
  }

  /**
   * As above; besides, every input of signature {@code signatureKey} named in {@code inputMap}
   * is not fed from the SavedModel's own placeholder but computed from the given operand of the
   * same graph (a composition's wire), through TensorFlow's import input mapping.
   */
  ImportedSavedModel importInto(
      GraphHandle handle, String scope, boolean ownsGraph, boolean claim, String signatureKey,
      Map<String, org.tensorflow.Operand<?>> inputMap) {
    Scopes.checkScope(name, scope);
    if (path != null) {
      StagedDirectory.recoverIfMissing(path); // a Cordon export cut by a crash: its old copy back
      return importInto(handle, scope, ownsGraph, path, claim, signatureKey, inputMap);
    }
    SavedModelResources.Folder folder = SavedModelResources.open(name, loader, resource);
    try {
      return importInto(handle, scope, ownsGraph, folder.dir(), claim, signatureKey, inputMap);
    } finally {
      folder.close();
    }
  }

  private ImportedSavedModel importInto(
      GraphHandle handle, String scope, boolean ownsGraph, Path dir, boolean claim, String signatureKey,
      Map<String, org.tensorflow.Operand<?>> inputMap) {
    MetaGraphDef meta = metaGraph(readSavedModel(dir));
    Plan plan = plan(meta, scope);
    Map<String, org.tensorflow.Output<?>> mapping = new LinkedHashMap<>();
    if (!inputMap.isEmpty()) {
      SignatureDef sig = plan.signatures.get(signatureKey);
      if (sig == null) {
        throw new ModelBuildException(name + ": the SavedModel has no signature '" + signatureKey
            + "'; its signatures are " + new TreeSet<>(plan.signatures.keySet()));
      }
      for (Map.Entry<String, org.tensorflow.Operand<?>> e : inputMap.entrySet()) {
        TensorInfo info = sig.getInputsMap().get(e.getKey());
        if (info == null || info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
          throw new ModelBuildException(name + ": signature '" + signatureKey + "' has no dense input '"
              + e.getKey() + "'; its inputs are " + new TreeSet<>(sig.getInputsMap().keySet()));
        }
        String op = opName(info.getName());
        mapping.put(plan.renames.getOrDefault(op, op) + ":" + outputIndex(info.getName()), e.getValue().asOutput());
      }
    }
    Graph graph;
    handle.lockBuild();
    try {
      if (claim) {
        handle.claimScope(scope, name);
      }
      graph = handle.graph();
      try {
        if (mapping.isEmpty()) {
          graph.importGraphDef(plan.graphDef, scope);
        } else {
          // The C API bypasses TF Java's own guard against a concurrent close: hold the read lock.
          Graph target = graph;
          handle.read(name + " import", () -> {
            GraphImports.importMapped(target, plan.graphDef, scope, mapping);
            return null;
          });
        }
      } catch (RuntimeException e) {
        if (claim && !hasOpsUnder(graph, scope)) {
          handle.releaseScope(scope);
        }
        throw new ModelBuildException(name + ": TensorFlow refused to import the graph under scope '"
            + scope + "': " + e.getMessage(), e);
      }
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.name().startsWith(scope + "/") && graph.isInitializer(op)) {
          // Cannot happen after the Init renaming; a graph initializer would run for every model.
          throw new IllegalStateException(name + ": import registered graph initializer '" + op.name()
              + "'; the graph now initialises it for every model");
        }
      }
    } finally {
      handle.unlockBuild();
    }
    restoreAndInit(handle, plan, scope, dir);
    Map<String, SavedModelSignature> signatures = checkSignatures(graph, plan, scope);
    return new ImportedSavedModel(name, scope, handle, ownsGraph, signatures, plan.renames);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private SavedModel readSavedModel(Path dir) {
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new ModelBuildException(name + ": no SavedModel at " + location + " (saved_model.pb is missing)");
    }
    try {
      return SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (IOException e) {
      throw new ModelBuildException(name + ": cannot read " + pb + ": " + e.getMessage(), e);
    }
  }

  private MetaGraphDef metaGraph(SavedModel savedModel) {
    List<Set<String>> available = new ArrayList<>();
    for (MetaGraphDef meta : savedModel.getMetaGraphsList()) {
      Set<String> metaTags = new TreeSet<>(meta.getMetaInfoDef().getTagsList());
      if (metaTags.equals(new TreeSet<>(tags))) {
        return meta;
      }
      available.add(metaTags);
    }
    throw new ModelBuildException(name + ": no MetaGraph with tags " + new TreeSet<>(tags) + " in " + location
        + "; its tag sets are " + available);
  }

  // ---------------------------------------------------------------------------------------------
  // Planning: security check, pruning, rewriting

  /** What to import, and how the SavedModel's names map to the imported ones. */
  static final class Plan {
    GraphDef graphDef;
    Map<String, String> renames = new HashMap<>(); // root node renamed (Init...), old -> new
    Map<String, SignatureDef> signatures = new LinkedHashMap<>();
    String initOp; // node name in the SavedModel, or null
    String filenameTensor; // tensor name, or null when there is nothing to restore
    String restoreOp;
  }

  private Plan plan(MetaGraphDef meta, String scope) {
    Plan plan = new Plan();
    GraphDef source = meta.getGraphDef();
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    for (NodeDef node : source.getNodeList()) {
      nodes.put(node.getName(), node);
    }
    Map<String, FunctionDef> functions = new LinkedHashMap<>();
    for (FunctionDef f : source.getLibrary().getFunctionList()) {
      functions.put(f.getSignature().getName(), f);
    }

    // Roots: signatures (and the TF2 init op signature), the init op, the saver's restore op.
    Set<String> signatureRoots = new LinkedHashSet<>();
    for (Map.Entry<String, SignatureDef> e : meta.getSignatureDefMap().entrySet()) {
      if (e.getKey().equals(INIT_OP_SIGNATURE)) {
        for (TensorInfo info : e.getValue().getOutputsMap().values()) {
          plan.initOp = opName(info.getName());
        }
        continue;
      }
      plan.signatures.put(e.getKey(), e.getValue());
      for (TensorInfo info : e.getValue().getInputsMap().values()) {
        signatureRoots.add(opName(info.getName()));
      }
      for (TensorInfo info : e.getValue().getOutputsMap().values()) {
        signatureRoots.add(opName(info.getName()));
      }
    }
    if (plan.initOp == null) {
      for (String key : List.of("saved_model_main_op", "legacy_init_op")) {
        CollectionDef c = meta.getCollectionDefMap().get(key);
        if (c != null && c.hasNodeList() && c.getNodeList().getValueCount() > 0) {
          plan.initOp = opName(c.getNodeList().getValue(0));
          break;
        }
      }
    }
    if (plan.initOp != null) {
      signatureRoots.add(plan.initOp);
    }
    Set<String> restoreRoots = new LinkedHashSet<>();
    SaverDef saver = meta.getSaverDef();
    if (meta.hasSaverDef() && !saver.getRestoreOpName().isEmpty() && !saver.getFilenameTensorName().isEmpty()) {
      plan.restoreOp = opName(saver.getRestoreOpName());
      plan.filenameTensor = tensorName(saver.getFilenameTensorName());
      restoreRoots.add(plan.restoreOp);
      restoreRoots.add(opName(plan.filenameTensor));
    }
    Set<String> signatureNodes = closure(nodes, signatureRoots);
    Set<String> restoreNodes = closure(nodes, restoreRoots);
    Set<String> signatureFunctions = functionsReached(nodes, signatureNodes, functions);
    Set<String> restoreFunctions = functionsReached(nodes, restoreNodes, functions);

    checkOps(nodes, functions, signatureNodes, restoreNodes, signatureFunctions, restoreFunctions,
        plan.filenameTensor == null ? null : opName(plan.filenameTensor));

    Set<String> keptNodes = new LinkedHashSet<>(signatureNodes);
    keptNodes.addAll(restoreNodes);
    Set<String> keptFunctions = new LinkedHashSet<>(signatureFunctions);
    keptFunctions.addAll(restoreFunctions);

    // TF Java registers every imported op named <prefix>/Init... as a graph initializer.
    Set<String> taken = new HashSet<>(nodes.keySet());
    for (String node : keptNodes) {
      if (node.startsWith("Init")) {
        String renamed = "cordon.renamed." + node;
        for (int i = 1; taken.contains(renamed); i++) {
          renamed = "cordon.renamed" + i + "." + node;
        }
        taken.add(renamed);
        plan.renames.put(node, renamed);
      }
    }
    Map<String, String> functionRenames = new HashMap<>();
    String functionPrefix = functionPrefix(scope);
    for (String f : keptFunctions) {
      functionRenames.put(f, functionPrefix + f);
    }

    GraphDef.Builder out = GraphDef.newBuilder();
    if (source.hasVersions()) {
      out.setVersions(source.getVersions());
    }
    for (String nodeName : keptNodes) {
      NodeDef node = nodes.get(nodeName);
      NodeDef.Builder b = node.toBuilder();
      b.setName(plan.renames.getOrDefault(node.getName(), node.getName()));
      b.clearInput();
      for (String input : node.getInputList()) {
        b.addInput(renameInput(input, plan.renames));
      }
      rewriteNode(b, functionRenames, plan.renames, keptNodes, scope + "/" + b.getName());
      out.addNode(b);
    }
    FunctionDefLibrary.Builder library = FunctionDefLibrary.newBuilder();
    for (String f : keptFunctions) {
      FunctionDef def = functions.get(f);
      FunctionDef.Builder fb = def.toBuilder();
      String renamed = functionRenames.get(f);
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
      library.addFunction(fb);
    }
    for (GradientDef g : source.getLibrary().getGradientList()) {
      if (functionRenames.containsKey(g.getFunctionName()) && functionRenames.containsKey(g.getGradientFunc())) {
        library.addGradient(GradientDef.newBuilder()
            .setFunctionName(functionRenames.get(g.getFunctionName()))
            .setGradientFunc(functionRenames.get(g.getGradientFunc())));
      }
    }
    out.setLibrary(library);
    plan.graphDef = out.build();
    return plan;
  }

  /**
   * Refuses ops outside the allowlist anywhere in the graph or its library. Checkpoint readers are
   * accepted only where the restore op alone reaches them; checkpoint writers only where nothing
   * kept reaches them (the save path, which is dropped).
   */
  private void checkOps(
      Map<String, NodeDef> nodes,
      Map<String, FunctionDef> functions,
      Set<String> signatureNodes,
      Set<String> restoreNodes,
      Set<String> signatureFunctions,
      Set<String> restoreFunctions,
      String filenameOp) {
    List<String> refusals = new ArrayList<>();
    if (!extraOps.containsAll(SavedModelOps.RESTORE_OPS)) {
      checkRestorePrefixes(nodes, functions, restoreNodes, filenameOp, refusals);
    }
    for (NodeDef node : nodes.values()) {
      String why = refusal(node.getOp(), functions,
          restoreNodes.contains(node.getName()), signatureNodes.contains(node.getName()));
      if (why != null) {
        refusals.add(node.getOp() + " (node '" + node.getName() + "'): " + why);
      }
    }
    for (FunctionDef f : functions.values()) {
      String fname = f.getSignature().getName();
      for (NodeDef node : f.getNodeDefList()) {
        String why = refusal(node.getOp(), functions,
            restoreFunctions.contains(fname), signatureFunctions.contains(fname));
        if (why != null) {
          refusals.add(node.getOp() + " (node '" + node.getName() + "' in function '" + fname + "'): " + why);
        }
      }
    }
    if (!refusals.isEmpty()) {
      throw new UnsafeSavedModelException(name + ": refused to import " + location + ": "
          + refusals.size() + " node(s) with op types outside the allowlist: " + String.join("; ", refusals)
          + ". Nothing was imported. If you trust this SavedModel, widen the allowlist with "
          + "SavedModelImport.allowOps(...)", refusals);
    }
  }

  /**
   * A checkpoint reader accepted in the restore subgraph must read the checkpoint the import feeds
   * (the saver's filename tensor), not a path of the graph's choosing: its prefix input must come,
   * through {@code Identity} ops only, from the filename tensor; in a function, from an argument
   * of the function, and every call of that function must be a graph node of the restore subgraph
   * passing the filename tensor there. Restore ops in functions called from functions are refused.
   */
  private void checkRestorePrefixes(
      Map<String, NodeDef> nodes,
      Map<String, FunctionDef> functions,
      Set<String> restoreNodes,
      String filenameOp,
      List<String> refusals) {
    for (String n : restoreNodes) {
      NodeDef node = nodes.get(n);
      if (SavedModelOps.RESTORE_OPS.contains(node.getOp()) && !extraOps.contains(node.getOp())) {
        String source = node.getInputCount() == 0 ? null : traceIdentity(nodes, opName(node.getInput(0)));
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
        if (!SavedModelOps.RESTORE_OPS.contains(node.getOp()) || extraOps.contains(node.getOp())) {
          continue;
        }
        int arg = -1;
        if (node.getInputCount() > 0) {
          String source = node.getInput(0);
          while (body.containsKey(source.split(":")[0]) && body.get(source.split(":")[0]).getOp().equals("Identity")) {
            source = body.get(source.split(":")[0]).getInput(0);
          }
          for (int i = 0; i < f.getSignature().getInputArgCount(); i++) {
            if (f.getSignature().getInputArg(i).getName().equals(source)) {
              arg = i;
            }
          }
        }
        String where = node.getOp() + " (node '" + node.getName() + "' in function '" + fname + "'): ";
        if (arg < 0) {
          refusals.add(where + "its checkpoint prefix is not an argument of the function");
          continue;
        }
        for (FunctionDef other : functions.values()) {
          for (NodeDef caller : other.getNodeDefList()) {
            if (functionRefs(caller, functions).contains(fname)) {
              refusals.add(where + "the function is called from function '" + other.getSignature().getName()
                  + "'; only calls from the graph's restore subgraph are accepted");
            }
          }
        }
        for (NodeDef caller : nodes.values()) {
          if (!functionRefs(caller, functions).contains(fname)) {
            continue;
          }
          String source = arg < caller.getInputCount() ? traceIdentity(nodes, opName(caller.getInput(arg))) : null;
          if (!restoreNodes.contains(caller.getName()) || filenameOp == null || !filenameOp.equals(source)) {
            refusals.add(where + "called by node '" + caller.getName() + "' with checkpoint prefix '" + source
                + "' instead of the saver's filename tensor");
          }
        }
      }
    }
  }

  private static String traceIdentity(Map<String, NodeDef> nodes, String op) {
    Set<String> seen = new HashSet<>();
    while (nodes.containsKey(op) && nodes.get(op).getOp().equals("Identity") && seen.add(op)
        && nodes.get(op).getInputCount() > 0) {
      op = opName(nodes.get(op).getInput(0));
    }
    return op;
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

  private static Set<String> closure(Map<String, NodeDef> nodes, Set<String> roots) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String r : roots) {
      if (nodes.containsKey(r) && seen.add(r)) {
        todo.add(r);
      }
    }
    while (!todo.isEmpty()) {
      NodeDef node = nodes.get(todo.poll());
      for (String input : node.getInputList()) {
        String op = opName(input);
        if (nodes.containsKey(op) && seen.add(op)) {
          todo.add(op);
        }
      }
    }
    // keep the graph's order: importGraphDef does not need it, but it keeps dumps readable
    Set<String> ordered = new LinkedHashSet<>();
    for (String n : nodes.keySet()) {
      if (seen.contains(n)) {
        ordered.add(n);
      }
    }
    return ordered;
  }

  private static Set<String> functionsReached(
      Map<String, NodeDef> nodes, Set<String> nodeNames, Map<String, FunctionDef> functions) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String n : nodeNames) {
      for (String f : functionRefs(nodes.get(n), functions)) {
        if (seen.add(f)) {
          todo.add(f);
        }
      }
    }
    while (!todo.isEmpty()) {
      FunctionDef def = functions.get(todo.poll());
      List<AttrValue> attrs = new ArrayList<>(def.getAttrMap().values());
      for (NodeDef node : def.getNodeDefList()) {
        for (String f : functionRefs(node, functions)) {
          if (seen.add(f)) {
            todo.add(f);
          }
        }
      }
      for (AttrValue a : attrs) {
        for (String f : functionRefs(a, functions)) {
          if (seen.add(f)) {
            todo.add(f);
          }
        }
      }
    }
    return seen;
  }

  private static Set<String> functionRefs(NodeDef node, Map<String, FunctionDef> functions) {
    Set<String> refs = new LinkedHashSet<>();
    if (functions.containsKey(node.getOp())) {
      refs.add(node.getOp());
    }
    for (AttrValue a : node.getAttrMap().values()) {
      refs.addAll(functionRefs(a, functions));
    }
    return refs;
  }

  private static Set<String> functionRefs(AttrValue a, Map<String, FunctionDef> functions) {
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
   * Renames function references, makes {@code shared_name} unique to this import, and drops
   * colocation constraints on nodes that were not kept.
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
        value = AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(uniqueName)).build();
      }
      if (e.getKey().equals("_class") && value.hasList() && keptNodes != null) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (com.google.protobuf.ByteString s : value.getList().getSList()) {
          String loc = s.toStringUtf8();
          if (loc.startsWith("loc:@")) {
            String target = loc.substring(5);
            if (!keptNodes.contains(target)) {
              continue;
            }
            loc = "loc:@" + nodeRenames.getOrDefault(target, target);
          }
          list.addS(com.google.protobuf.ByteString.copyFromUtf8(loc));
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

  /** A per-import prefix for function names: functions are global in a graph, not prefixed. */
  static String functionPrefix(String scope) {
    String safe = scope.replaceAll("[^A-Za-z0-9]", "_");
    String hash = Integer.toHexString(Arrays.hashCode(scope.getBytes(StandardCharsets.UTF_8)));
    return "cordon_" + safe + "_" + hash + "__";
  }

  private static String renameInput(String input, Map<String, String> renames) {
    if (renames.isEmpty()) {
      return input;
    }
    boolean control = input.startsWith("^");
    String body = control ? input.substring(1) : input;
    String op = opName(body);
    String renamed = renames.get(op);
    if (renamed == null) {
      return input;
    }
    return (control ? "^" : "") + renamed + body.substring(op.length());
  }

  /** {@code ^name}, {@code name}, {@code name:1} -> {@code name}. */
  static String opName(String tensorOrOp) {
    String s = tensorOrOp.startsWith("^") ? tensorOrOp.substring(1) : tensorOrOp;
    int colon = s.lastIndexOf(':');
    if (colon > 0 && s.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < s.length() - 1) {
      return s.substring(0, colon);
    }
    return s;
  }

  static int outputIndex(String tensor) {
    String op = opName(tensor);
    return op.length() == tensor.length() ? 0 : Integer.parseInt(tensor.substring(op.length() + 1));
  }

  private static String tensorName(String tensor) {
    return opName(tensor) + ":" + outputIndex(tensor);
  }

  // ---------------------------------------------------------------------------------------------
  // After the import

  private static boolean hasOpsUnder(Graph graph, String scope) {
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      String n = it.next().name();
      if (n.equals(scope) || n.startsWith(scope + "/")) {
        return true;
      }
    }
    return false;
  }

  private void restoreAndInit(GraphHandle handle, Plan plan, String scope, Path dir) {
    Path index = dir.resolve("variables").resolve("variables.index");
    boolean restore = plan.restoreOp != null && Files.isRegularFile(index);
    String prefix = dir.resolve("variables").resolve("variables").toAbsolutePath().toString();
    handle.read(name + " restore", () -> {
      Session session = handle.session();
      if (restore) {
        String filename = imported(scope, plan.renames, plan.filenameTensor);
        String restoreOp = imported(scope, plan.renames, plan.restoreOp);
        try (TString file = TString.scalarOf(prefix)) {
          session.runner().feed(filename, file).addTarget(restoreOp).run().close();
        } catch (RuntimeException e) {
          throw new ModelBuildException(name + ": restoring the variables from " + prefix
              + " (restore op '" + restoreOp + "') failed: " + e.getMessage(), e);
        }
      }
      if (plan.initOp != null) {
        String initOp = imported(scope, plan.renames, plan.initOp);
        try {
          session.runner().addTarget(initOp).run().close();
        } catch (RuntimeException e) {
          throw new ModelBuildException(name + ": the SavedModel's init op '" + initOp + "' failed: "
              + e.getMessage(), e);
        }
      }
      return null;
    });
  }

  /** The imported name of a node or tensor of the SavedModel's graph. */
  static String imported(String scope, Map<String, String> renames, String name) {
    String op = opName(name);
    return scope + "/" + renames.getOrDefault(op, op) + name.substring(op.length());
  }

  private Map<String, SavedModelSignature> checkSignatures(Graph graph, Plan plan, String scope) {
    Map<String, SavedModelSignature> out = new LinkedHashMap<>();
    for (Map.Entry<String, SignatureDef> e : new java.util.TreeMap<>(plan.signatures).entrySet()) {
      List<String> problems = new ArrayList<>();
      Map<String, TensorSpec> inputs = specs(graph, plan, scope, "input", e.getValue().getInputsMap(), problems);
      Map<String, TensorSpec> outputs = specs(graph, plan, scope, "output", e.getValue().getOutputsMap(), problems);
      out.put(e.getKey(), new SavedModelSignature(e.getKey(), e.getValue().getMethodName(), inputs, outputs, problems));
    }
    return out;
  }

  private Map<String, TensorSpec> specs(
      Graph graph, Plan plan, String scope, String kind, Map<String, TensorInfo> infos, List<String> problems) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, TensorInfo> e : new java.util.TreeMap<>(infos).entrySet()) {
      TensorInfo info = e.getValue();
      String key = e.getKey();
      if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
        problems.add(kind + " '" + key + "' is a " + info.getEncodingCase() + " tensor; only dense tensors are supported");
        specs.put(key, new TensorSpec(key, "", info.getDtype(), Shape.unknown()));
        continue;
      }
      String tensor = info.getName();
      specs.put(key, new TensorSpec(key, tensor, info.getDtype(),
          info.hasTensorShape() ? shape(info.getTensorShape()) : Shape.unknown()));
      GraphOperation op = graph.operation(imported(scope, plan.renames, opName(tensor)));
      int index = outputIndex(tensor);
      if (op == null) {
        problems.add(kind + " '" + key + "' names tensor '" + tensor + "', which the graph does not have");
      } else if (index >= op.numOutputs()) {
        problems.add(kind + " '" + key + "' names tensor '" + tensor + "', but op '" + opName(tensor)
            + "' has " + op.numOutputs() + " output(s)");
      } else {
        DataType actual = op.output(index).dataType();
        if (actual != info.getDtype()) {
          problems.add(kind + " '" + key + "' (tensor '" + tensor + "') declares " + info.getDtype()
              + " but the graph's tensor is " + actual);
        }
      }
    }
    return specs;
  }

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
