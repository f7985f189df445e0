package dev.cordon.internal.savedmodel;

import dev.cordon.internal.GraphHandle;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.internal.Scopes;
import dev.cordon.runtime.savedmodel.SavedModelSignature;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Imports a SavedModel (TF1 or TF2, made by Python or anything else) under a scope of a graph,
 * isolated from every other model of that graph:
 *
 * <ol>
 *   <li>{@link SavedModelReader} reads the MetaGraph with the asked tags.
 *   <li>{@link ImportPlan} finds what the signatures, the init op and the saver's restore op reach.
 *   <li>{@link OpPolicy} refuses the bundle when any node of the graph or of its function library
 *       has an op type outside the allowlist, naming each. Nothing has reached the graph then.
 *   <li>{@link ImportRewrite} makes the kept part unable to touch another import.
 *   <li>The scope is claimed ({@code GraphHandle.claimScope}: a scope used twice is an exception,
 *       never duplicate nodes) and the graph imported with {@code Graph.importGraphDef(graphDef,
 *       scope)}, or with {@link GraphImports} when some inputs are mapped to existing tensors.
 *   <li>{@link VariableRestore} restores the variables and runs the init op.
 *   <li>{@link SignatureChecks} checks each signature against the imported graph.
 * </ol>
 */
public final class SavedModelImporter {

  /**
   * What to import.
   *
   * @param location where the SavedModel is
   * @param tags the MetaGraph's tag set
   * @param allowedOps op types accepted beyond {@link SavedModelOps#DEFAULT_ALLOWED}
   * @param name the name used in messages
   */
  public record Request(SavedModelLocation location, Set<String> tags, Set<String> allowedOps, String name) {
    public Request {
      tags = Set.copyOf(tags);
      allowedOps = Set.copyOf(allowedOps);
    }
  }

  /** An import: its scope, graph, checked signatures and names. */
  public record Imported(
      String name, String scope, GraphHandle handle, Map<String, SavedModelSignature> signatures,
      ImportedNames names) {}

  private SavedModelImporter() {}

  /**
   * Imports under {@code scope} of {@code handle}'s graph. With {@code claim} false, the caller (a
   * model build holding the build lock) has already claimed the scope. Every input of signature
   * {@code signatureKey} named in {@code inputMap} is not fed from the SavedModel's own placeholder
   * but computed from the given operand of the same graph (a composition's wire), through
   * TensorFlow's import input mapping; {@code signatureKey} may be null when the map is empty.
   */
  public static Imported importInto(
      Request request, GraphHandle handle, String scope, boolean claim, String signatureKey,
      Map<String, Operand<?>> inputMap) {
    String name = request.name();
    Scopes.checkScope(name, scope);
    try (SavedModelLocation.Folder folder = request.location().open(name)) {
      return importFrom(folder.dir(), request, handle, scope, claim, signatureKey, inputMap);
    }
  }

  private static Imported importFrom(
      Path dir, Request request, GraphHandle handle, String scope, boolean claim, String signatureKey,
      Map<String, Operand<?>> inputMap) {
    String name = request.name();
    MetaGraphDef meta = SavedModelReader.metaGraph(dir, request.tags(), name, request.location());
    ImportPlan plan = ImportPlan.of(meta);
    new OpPolicy(request.allowedOps()).check(plan, name, request.location().toString());
    ImportRewrite.Result rewritten = ImportRewrite.rewrite(plan, scope);
    Map<String, Output<?>> mapping = inputMapping(name, plan, rewritten.names(), signatureKey, inputMap);
    Graph graph;
    handle.lockBuild();
    try {
      if (claim) {
        handle.claimScope(scope, name);
      }
      graph = handle.graph();
      try {
        if (mapping.isEmpty()) {
          graph.importGraphDef(rewritten.graphDef(), scope);
        } else {
          // The C API bypasses TF Java's own guard against a concurrent close: hold the read lock.
          Graph target = graph;
          handle.read(name + " import", () -> {
            GraphImports.importMapped(target, rewritten.graphDef(), scope, mapping);
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
    VariableRestore.restoreAndInit(handle, plan, rewritten.names(), dir, name);
    Map<String, SavedModelSignature> signatures = SignatureChecks.check(graph, plan.signatures(), rewritten.names());
    return new Imported(name, scope, handle, signatures, rewritten.names());
  }

  /** The rewritten graph's tensors ({@code node:index}) replaced by the operands of {@code inputMap}. */
  private static Map<String, Output<?>> inputMapping(
      String name, ImportPlan plan, ImportedNames names, String signatureKey, Map<String, Operand<?>> inputMap) {
    Map<String, Output<?>> mapping = new LinkedHashMap<>();
    if (inputMap.isEmpty()) {
      return mapping;
    }
    SignatureDef sig = plan.signatures().get(signatureKey);
    if (sig == null) {
      throw new ModelBuildException(name + ": the SavedModel has no signature '" + signatureKey
          + "'; its signatures are " + new TreeSet<>(plan.signatures().keySet()));
    }
    for (Map.Entry<String, Operand<?>> e : inputMap.entrySet()) {
      TensorInfo info = sig.getInputsMap().get(e.getKey());
      if (info == null || info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
        throw new ModelBuildException(name + ": signature '" + signatureKey + "' has no dense input '"
            + e.getKey() + "'; its inputs are " + new TreeSet<>(sig.getInputsMap().keySet()));
      }
      mapping.put(names.unscoped(GraphDefs.opName(info.getName())) + ":" + GraphDefs.outputIndex(info.getName()),
          e.getValue().asOutput());
    }
    return mapping;
  }

  private static boolean hasOpsUnder(Graph graph, String scope) {
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      String n = it.next().name();
      if (n.equals(scope) || n.startsWith(scope + "/")) {
        return true;
      }
    }
    return false;
  }
}
