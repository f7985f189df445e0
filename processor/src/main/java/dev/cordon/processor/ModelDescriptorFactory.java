package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Input;
import dev.cordon.processor.ModelDescriptor.Parameter;
import dev.cordon.processor.ModelDescriptor.Supplied;
import dev.cordon.processor.ModelDescriptor.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Turns the members of a validated {@code @Model} type (or a composition's own labels and loss),
 * as validation read them, into its {@link ModelDescriptor}. Called by {@link ModelValidator} for a
 * clean model and by {@link CompositionDescriptorFactory} for a clean composition's own members.
 */
final class ModelDescriptorFactory {

  private final Annotations annotations;

  ModelDescriptorFactory(Annotations annotations) {
    this.annotations = annotations;
  }

  /** Must only be called for members whose validation report is clean, in declaration order. */
  ModelDescriptor create(TypeElement type, AnnotationMirror model, List<ModelMember> members) {
    List<Input> inputs = new ArrayList<>();
    List<Variable> variables = new ArrayList<>();
    List<Computed> outputs = new ArrayList<>();
    Computed loss = null;
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    for (ModelMember member : members) {
      ExecutableElement method = member.method();
      AnnotationMirror annotation = member.annotation();
      String graphName = MemberNameValidator.graphName(annotations, member);
      TensorType tensorType = TypeNames.operandType(method.getReturnType()).orElseThrow();
      Optional<Modifier> access = isInterface ? Optional.of(Modifier.PUBLIC) : access(method);
      switch (member.kind()) {
        case INPUT -> inputs.add(
            new Input(
                member.methodName(),
                graphName,
                tensorType,
                shape(annotation),
                annotations.bool(annotation, "label"),
                access));
        case VARIABLE -> variables.add(
            new Variable(
                member.methodName(),
                graphName,
                tensorType,
                shape(annotation),
                annotations.enumConstant(annotation, "init"),
                access));
        case OUTPUT -> outputs.add(
            new Computed(
                member.methodName(),
                graphName,
                tensorType,
                shape(annotation),
                parameters(method),
                access));
        case LOSS -> loss =
            new Computed(
                member.methodName(), graphName, tensorType, List.of(), parameters(method), access);
      }
    }
    ClassName modelClass = ClassName.get(type);
    return new ModelDescriptor(
        modelClass,
        generatedClassName(modelClass),
        annotations.string(model, "scope"),
        isInterface,
        type.getModifiers().contains(Modifier.PUBLIC),
        inputs,
        variables,
        outputs,
        Optional.ofNullable(loss),
        Annotations.find(type, TypeNames.SAVED_MODEL).map(this::savedModel));
  }

  private ModelDescriptor.SavedModelRef savedModel(AnnotationMirror mirror) {
    return new ModelDescriptor.SavedModelRef(
        annotations.string(mirror, "path"),
        annotations.string(mirror, "signature"),
        annotations.strings(mirror, "tags"));
  }

  /** {@code CordonFoo}, or {@code CordonOuter_Inner} for a nested type. */
  static ClassName generatedClassName(ClassName modelClass) {
    return ClassName.get(
        modelClass.packageName(), "Cordon" + String.join("_", modelClass.simpleNames()));
  }

  private List<Long> shape(AnnotationMirror annotation) {
    return Arrays.stream(annotations.longs(annotation, "shape")).boxed().toList();
  }

  private static List<Parameter> parameters(ExecutableElement method) {
    List<Parameter> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      Supplied supplied =
          TypeNames.is(parameter.asType(), TypeNames.OPS) ? Supplied.OPS : Supplied.LAYERS;
      parameters.add(new Parameter(parameter.getSimpleName().toString(), supplied));
    }
    return parameters;
  }

  static Optional<Modifier> access(ExecutableElement method) {
    for (Modifier modifier : List.of(Modifier.PUBLIC, Modifier.PROTECTED)) {
      if (method.getModifiers().contains(modifier)) {
        return Optional.of(modifier);
      }
    }
    return Optional.empty();
  }
}
