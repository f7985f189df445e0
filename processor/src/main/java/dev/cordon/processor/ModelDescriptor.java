package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Everything the generator needs to know about one validated {@code @Model}, in declaration
 * order. Immutable, and free of javac elements, so generation is a pure function of it.
 *
 * @param modelClass the annotated type
 * @param generatedClass {@code Cordon<Name>} in the same package
 * @param isInterface whether the model is an interface (the generated class then implements it)
 * @param isPublic whether the generated class is public (iff the model is)
 */
record ModelDescriptor(
    ClassName modelClass,
    ClassName generatedClass,
    String scope,
    boolean isInterface,
    boolean isPublic,
    List<Input> inputs,
    List<Variable> variables,
    List<Computed> outputs,
    Optional<Computed> loss,
    Optional<SavedModelRef> savedModel) {

  ModelDescriptor {
    inputs = List.copyOf(inputs);
    variables = List.copyOf(variables);
    outputs = List.copyOf(outputs);
  }

  /** The name the runtime knows the model by: its canonical name. */
  String modelName() {
    return modelClass.canonicalName();
  }

  /** The inputs a prediction takes: the non-label inputs, in declaration order. */
  List<Input> predictionInputs() {
    return inputs.stream().filter(i -> !i.label()).toList();
  }

  /** Every Java method name of a member, to avoid clashes with generated fields. */
  List<String> memberMethodNames() {
    var names = new java.util.ArrayList<String>();
    inputs.forEach(i -> names.add(i.methodName()));
    variables.forEach(v -> names.add(v.methodName()));
    outputs.forEach(o -> names.add(o.methodName()));
    loss.ifPresent(l -> names.add(l.methodName()));
    return names;
  }

  /** An {@code @Input}. {@code access} is the declared access modifier, if any. */
  record Input(
      String methodName,
      String graphName,
      TensorType type,
      List<Long> shape,
      boolean label,
      Optional<Modifier> access) {
    Input {
      shape = List.copyOf(shape);
    }
  }

  /** A {@code @Variable}; {@code init} is the name of its {@code Init} constant. */
  record Variable(
      String methodName,
      String graphName,
      TensorType type,
      List<Long> shape,
      String init,
      Optional<Modifier> access) {
    Variable {
      shape = List.copyOf(shape);
    }
  }

  /** An {@code @Output} or the {@code @Loss}: a method the user implements. */
  record Computed(
      String methodName,
      String graphName,
      TensorType type,
      List<Long> shape,
      List<Parameter> parameters,
      Optional<Modifier> access) {
    Computed {
      shape = List.copyOf(shape);
      parameters = List.copyOf(parameters);
    }
  }

  /**
   * A {@code @SavedModel}: the model's outputs are abstract and imported from the signature.
   *
   * @param path the declared path (classpath resource folder or file-system path)
   * @param signature the signature key
   * @param tags the MetaGraph tag set
   */
  record SavedModelRef(String path, String signature, List<String> tags) {
    SavedModelRef {
      tags = List.copyOf(tags);
    }
  }

  /** A parameter of an output or loss method, supplied by the model build. */
  record Parameter(String name, Supplied supplied) {}

  /** What the build supplies for a parameter. */
  enum Supplied {
    OPS,
    LAYERS
  }
}
