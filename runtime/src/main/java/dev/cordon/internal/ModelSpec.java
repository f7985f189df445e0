package dev.cordon.internal;

import dev.cordon.Init;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * What a {@code @Model} declares: its name, default scope, inputs, variables, outputs and loss, in
 * declaration order. Generated classes hold one as a constant; the runtime builds, checks and runs
 * the model from it.
 */
public final class ModelSpec {

  /** A declared {@code @Input}. */
  public record InputSpec(String name, Class<? extends TType> type, Shape shape, boolean label) {}

  /** A declared {@code @Variable}. */
  public record VariableSpec(String name, Class<? extends TType> type, Shape shape, Init init) {}

  /** A declared {@code @Output}. */
  public record OutputSpec(String name, Class<? extends TType> type, Shape shape) {}

  /**
   * A declared {@code @SavedModel}: the model is imported from it instead of computed by Java.
   *
   * @param path a classpath resource folder, or a file-system path
   * @param signature the signature whose keys the inputs and outputs name
   * @param tags the MetaGraph's tag set
   */
  public record SavedModelSource(String path, String signature, List<String> tags) {
    public SavedModelSource {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(signature, "signature");
      tags = List.copyOf(tags);
    }
  }

  private final String modelName;
  private final String scope;
  private final List<InputSpec> inputs;
  private final List<VariableSpec> variables;
  private final List<OutputSpec> outputs;
  private final boolean hasLoss;
  private final SavedModelSource savedModel;

  private ModelSpec(Builder b) {
    this.modelName = b.modelName;
    this.scope = b.scope;
    this.inputs = List.copyOf(b.inputs.values());
    this.variables = List.copyOf(b.variables.values());
    this.outputs = List.copyOf(b.outputs.values());
    this.hasLoss = b.hasLoss;
    this.savedModel = b.savedModel;
  }

  /**
   * Starts a spec for the model declared by {@code modelName} (the declaring type's canonical
   * name) with the scope from its {@code @Model} annotation.
   */
  public static Builder builder(String modelName, String scope) {
    return new Builder(modelName, scope);
  }

  /** The declaring type's simple name, used in messages. */
  public String simpleName() {
    return modelName.substring(modelName.lastIndexOf('.') + 1);
  }

  public String modelName() {
    return modelName;
  }

  public String scope() {
    return scope;
  }

  public List<InputSpec> inputs() {
    return inputs;
  }

  /** The inputs a prediction takes: every input that is not a label, in declaration order. */
  public List<InputSpec> predictionInputs() {
    return inputs.stream().filter(i -> !i.label()).toList();
  }

  public List<VariableSpec> variables() {
    return variables;
  }

  public List<OutputSpec> outputs() {
    return outputs;
  }

  public boolean hasLoss() {
    return hasLoss;
  }

  /** The SavedModel the model is imported from, if it declares one. */
  public java.util.Optional<SavedModelSource> savedModel() {
    return java.util.Optional.ofNullable(savedModel);
  }

  public InputSpec input(String name) {
    for (InputSpec in : inputs) {
      if (in.name().equals(name)) {
        return in;
      }
    }
    throw new IllegalArgumentException(simpleName() + " declares no input '" + name + "'");
  }

  OutputSpec output(String name) {
    for (OutputSpec out : outputs) {
      if (out.name().equals(name)) {
        return out;
      }
    }
    throw new IllegalArgumentException(simpleName() + " declares no output '" + name + "'");
  }

  VariableSpec variable(String name) {
    for (VariableSpec v : variables) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException(simpleName() + " declares no variable '" + name + "'");
  }

  @Override
  public String toString() {
    return "ModelSpec[" + modelName + ", scope=" + scope + "]";
  }

  /** Collects a spec in declaration order; names must be unique across inputs, variables and outputs. */
  public static final class Builder {
    private final String modelName;
    private final String scope;
    private final Map<String, InputSpec> inputs = new LinkedHashMap<>();
    private final Map<String, VariableSpec> variables = new LinkedHashMap<>();
    private final Map<String, OutputSpec> outputs = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private boolean hasLoss;
    private SavedModelSource savedModel;

    private Builder(String modelName, String scope) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      this.scope = Objects.requireNonNull(scope, "scope");
    }

    public Builder input(String name, Class<? extends TType> type, long... shape) {
      inputs.put(claim(name), new InputSpec(name, type, Shape.of(shape.clone()), false));
      return this;
    }

    public Builder label(String name, Class<? extends TType> type, long... shape) {
      inputs.put(claim(name), new InputSpec(name, type, Shape.of(shape.clone()), true));
      return this;
    }

    public Builder variable(String name, Class<? extends TType> type, Init init, long... shape) {
      if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
        throw new IllegalArgumentException(
            "variable '" + name + "' of " + modelName + " needs a fully known shape, got " + Arrays.toString(shape));
      }
      variables.put(claim(name), new VariableSpec(name, type, Shape.of(shape.clone()), init));
      return this;
    }

    public Builder output(String name, Class<? extends TType> type, long... shape) {
      outputs.put(claim(name), new OutputSpec(name, type, Shape.of(shape.clone())));
      return this;
    }

    public Builder loss() {
      hasLoss = true;
      return this;
    }

    /** Imports the model from a SavedModel (see {@link SavedModelSource}). */
    public Builder savedModel(String path, String signature, String... tags) {
      savedModel = new SavedModelSource(path, signature, Arrays.asList(tags));
      return this;
    }

    public ModelSpec build() {
      if (savedModel != null && (hasLoss || !variables.isEmpty())) {
        throw new IllegalArgumentException(
            modelName + " is imported from a SavedModel, so it declares no variables and no loss");
      }
      return new ModelSpec(this);
    }

    private String claim(String name) {
      if (names.contains(name)) {
        throw new IllegalArgumentException(modelName + " declares '" + name + "' twice");
      }
      names.add(name);
      return name;
    }
  }
}
