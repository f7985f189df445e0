package dev.cordon.internal.savedmodel;

import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.internal.ModelSpec.OutputSpec;
import dev.cordon.internal.ModelSpec.SavedModelSource;
import dev.cordon.internal.Shapes;
import dev.cordon.internal.WiredInput;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.savedmodel.SavedModelSignature;
import dev.cordon.runtime.savedmodel.SavedModelSignature.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * The link between a {@code @Model @SavedModel} being built and the SavedModel it is imported
 * from: imports the SavedModel under the model's (already claimed) scope, checks every declared
 * input and output against the signature (key, dtype, shape), and hands the signature's tensors to
 * the build as the model's inputs and outputs.
 */
public final class SavedModelBinding {

  private final Map<String, Operand<?>> inputs;
  private final Map<String, Operand<?>> outputs;

  private SavedModelBinding(Map<String, Operand<?>> inputs, Map<String, Operand<?>> outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /**
   * What a builder may change about an import: another directory than {@code @SavedModel(path)},
   * and op types allowed beyond the default allowlist.
   */
  public record Options(Path path, java.util.Set<String> allowedOps) {
    public static final Options NONE = new Options(null, java.util.Set.of());
  }

  /** Where the copies of wired inputs go, inside the model's scope. */
  public static final String WIRE_SCOPE = "cordon.wire";

  /** Called by {@link ModelAssembly#start} under the build lock, with the scope claimed. */
  public static SavedModelBinding bind(
      ModelSpec spec, String scope, GraphHandle handle, Ops tf, Map<String, WiredInput> wired, Options options) {
    SavedModelSource source = spec.savedModel().orElseThrow();
    String model = spec.simpleName();
    SavedModelImporter.Request request = new SavedModelImporter.Request(
        location(source, options.path()), new java.util.LinkedHashSet<>(source.tags()), options.allowedOps(), model);
    Map<String, Operand<?>> wireCopies = new LinkedHashMap<>();
    // One sub-scope for every wire copy: the imported graph has its own nodes named after the
    // inputs, and TF Java would rename a sub-scope asked for twice (cordon.wire_1).
    Ops wires = wired.isEmpty() ? null : tf.withSubScope(WIRE_SCOPE);
    for (Map.Entry<String, WiredInput> e : wired.entrySet()) {
      InputSpec in = spec.input(e.getKey());
      Operand<?> copy = e.getValue().copy(wires.withName(e.getKey()), model + "." + e.getKey(), in, in.type());
      wireCopies.put(e.getKey(), copy);
    }
    SavedModelImporter.Imported imported =
        SavedModelImporter.importInto(request, handle, scope, false, source.signature(), wireCopies);
    SavedModelSignature signature = imported.signatures().get(source.signature());
    if (signature == null) {
      throw new ModelBuildException(model + ": the SavedModel has no signature '" + source.signature()
          + "'; its signatures are " + imported.signatures().keySet());
    }
    if (!signature.usable()) {
      throw new ModelBuildException(model + ": signature '" + source.signature() + "' of the SavedModel is "
          + "malformed and cannot run: " + String.join("; ", signature.problems()));
    }
    Graph graph = handle.graph();
    List<String> problems = new ArrayList<>();
    Map<String, Operand<?>> inputs = new LinkedHashMap<>();
    for (InputSpec in : spec.inputs()) {
      Operand<?> t = check("input", in.name(), in.type(), in.shape(), signature.inputs(), imported, graph, problems);
      if (t != null) {
        inputs.put(in.name(), wireCopies.getOrDefault(in.name(), t));
      }
    }
    Map<String, Operand<?>> outputs = new LinkedHashMap<>();
    for (OutputSpec out : spec.outputs()) {
      Operand<?> t = check("output", out.name(), out.type(), out.shape(), signature.outputs(), imported, graph, problems);
      if (t != null) {
        outputs.put(out.name(), t);
      }
    }
    if (!problems.isEmpty()) {
      throw new ModelBuildException(model + " does not match signature '" + source.signature()
          + "' of its SavedModel: " + String.join("; ", problems) + ". The signature has inputs "
          + describe(signature.inputs()) + " and outputs " + describe(signature.outputs()) + ".");
    }
    return new SavedModelBinding(inputs, outputs);
  }

  private static SavedModelLocation location(SavedModelSource source, Path override) {
    if (override != null) {
      return SavedModelLocation.directory(override);
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SavedModelBinding.class.getClassLoader();
    }
    String folder = SavedModelLocation.clean(source.path());
    if (!folder.isEmpty() && loader.getResource(folder + "/saved_model.pb") != null) {
      return SavedModelLocation.resource(folder, loader);
    }
    return SavedModelLocation.directory(Path.of(source.path()));
  }

  private static Operand<?> check(
      String kind, String key, Class<? extends TType> type, Shape shape, Map<String, TensorSpec> specs,
      SavedModelImporter.Imported imported, Graph graph, List<String> problems) {
    TensorSpec spec = specs.get(key);
    if (spec == null) {
      problems.add(kind + " '" + key + "' is not in the signature");
      return null;
    }
    GraphOperation op = graph.operation(imported.names().of(GraphDefs.opName(spec.tensorName())));
    Output<?> tensor = op.output(GraphDefs.outputIndex(spec.tensorName()));
    boolean ok = true;
    if (!tensor.type().equals(type)) {
      problems.add(kind + " '" + key + "' is declared as Operand<" + type.getSimpleName() + "> but the signature has "
          + spec.dtype() + " (" + tensor.type().getSimpleName() + ")");
      ok = false;
    }
    if (!Shapes.compatible(shape, spec.shape())) {
      problems.add(kind + " '" + key + "' is declared with shape " + Shapes.format(shape)
          + " but the signature has shape " + Shapes.format(spec.shape()));
      ok = false;
    }
    return ok ? tensor : null;
  }

  private static String describe(Map<String, TensorSpec> specs) {
    List<String> parts = new ArrayList<>();
    for (TensorSpec s : specs.values()) {
      parts.add(s.key() + ": " + s.dtype() + " " + Shapes.format(s.shape()));
    }
    return "{" + String.join(", ", parts) + "}";
  }

  @SuppressWarnings("unchecked")
  public <T extends TType> Operand<T> input(String name, Class<T> type) {
    return (Operand<T>) inputs.get(name);
  }

  @SuppressWarnings("unchecked")
  public <T extends TType> Operand<T> output(String name, Class<T> type) {
    return (Operand<T>) outputs.get(name);
  }
}
