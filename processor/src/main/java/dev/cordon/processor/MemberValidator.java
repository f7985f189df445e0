package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks each method of a {@code @Model} type against the rules of its member annotation: inputs
 * and variables are abstract, parameterless {@code Operand<T>} methods with valid shapes; outputs
 * and the loss are overridable methods taking only {@code Ops} and {@code Layers}. Also reports
 * abstract methods without a member annotation, methods with two, and a second {@code @Loss}.
 */
final class MemberValidator {

  private final Annotations annotations;

  MemberValidator(Annotations annotations) {
    this.annotations = annotations;
  }

  ValidationReport validate(TypeElement type) {
    ValidationReport.Builder report = ValidationReport.builder();
    ExecutableElement firstLoss = null;
    boolean savedModel = Annotations.find(type, TypeNames.SAVED_MODEL).isPresent();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      List<AnnotationMirror> memberAnnotations = ModelMember.memberAnnotations(method);
      if (memberAnnotations.size() > 1) {
        report.error(
            Messages.conflictingAnnotations(
                method(method),
                MemberKind.of(memberAnnotations.get(0)).orElseThrow().display(),
                MemberKind.of(memberAnnotations.get(1)).orElseThrow().display()),
            method,
            memberAnnotations.get(1));
        continue;
      }
      if (memberAnnotations.isEmpty()) {
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
          report.error(Messages.unannotatedAbstractMethod(method(method)), method);
        }
        continue;
      }
      ModelMember member = ModelMember.of(method).orElseThrow();
      if (savedModel) {
        validateSavedModelMember(member, report);
        continue;
      }
      switch (member.kind()) {
        case INPUT, VARIABLE -> validateBackedMember(member, report);
        case OUTPUT, LOSS -> validateComputedMember(member, report);
      }
      if (member.kind() == MemberKind.LOSS) {
        if (firstLoss == null) {
          firstLoss = method;
        } else {
          report.error(
              Messages.multipleLosses(method(method), method(firstLoss)),
              method,
              member.annotation());
        }
      }
    }
    return report.build();
  }

  /** An @Input or @Variable, which the generated class implements (also a composition label). */
  void validateBackedMember(ModelMember member, ValidationReport.Builder report) {
    ExecutableElement method = member.method();
    MemberKind kind = member.kind();
    if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(Messages.memberNotAbstract(kind, method(method)), method, member.annotation());
    }
    if (!method.getParameters().isEmpty()) {
      report.error(
          Messages.memberHasParameters(kind, method(method)), method, member.annotation());
    }
    if (TypeNames.operandType(method.getReturnType()).isEmpty()) {
      report.error(
          Messages.memberType(kind, method(method), ElementFormatter.type(method.getReturnType())),
          method,
          member.annotation());
    }
    long[] shape = annotations.longs(member.annotation(), "shape");
    if (kind == MemberKind.VARIABLE && Arrays.stream(shape).anyMatch(d -> d < 0)) {
      reportShape(Messages.variableShape(method(method), shape), member, report);
    } else if (kind == MemberKind.INPUT && Arrays.stream(shape).anyMatch(d -> d < -1)) {
      reportShape(Messages.inputShape(kind, method(method), shape), member, report);
    }
  }

  /**
   * A member of a {@code @SavedModel} model: inputs as usual; outputs abstract and parameterless
   * (the generated class returns the signature's tensor); no variables, no loss.
   */
  private void validateSavedModelMember(ModelMember member, ValidationReport.Builder report) {
    ExecutableElement method = member.method();
    switch (member.kind()) {
      case INPUT -> validateBackedMember(member, report);
      case VARIABLE, LOSS -> report.error(
          Messages.savedModelMember(method(method), member.kind().display()),
          method,
          member.annotation());
      case OUTPUT -> {
        if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
          report.error(
              Messages.savedModelOutput(method(method), "be abstract (no body)"),
              method,
              member.annotation());
        } else if (!method.getParameters().isEmpty()) {
          report.error(
              Messages.savedModelOutput(method(method), "take no parameters"),
              method,
              member.annotation());
        }
        if (TypeNames.operandType(method.getReturnType()).isEmpty()) {
          report.error(
              Messages.outputType(method(method), ElementFormatter.type(method.getReturnType())),
              method,
              member.annotation());
        }
        long[] shape = annotations.longs(member.annotation(), "shape");
        if (Arrays.stream(shape).anyMatch(d -> d < -1)) {
          reportShape(Messages.inputShape(member.kind(), method(method), shape), member, report);
        }
      }
    }
  }

  /** An @Output or @Loss, which the user implements and the generated class memoizes. */
  void validateComputedMember(ModelMember member, ValidationReport.Builder report) {
    ExecutableElement method = member.method();
    MemberKind kind = member.kind();
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.ABSTRACT)) {
      report.error(Messages.outputAbstract(kind, method(method)), method, member.annotation());
    }
    for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)) {
      if (modifiers.contains(modifier)) {
        report.error(
            Messages.memberNotOverridable(kind, method(method), modifier.toString()),
            method,
            member.annotation());
        break;
      }
    }
    if (!method.getThrownTypes().isEmpty()) {
      report.error(Messages.memberThrows(kind, method(method)), method, member.annotation());
    }
    Set<String> seen = new HashSet<>();
    for (VariableElement parameter : method.getParameters()) {
      String type = TypeNames.qualifiedName(parameter.asType()).orElse("");
      boolean supplied = type.equals(TypeNames.OPS) || type.equals(TypeNames.LAYERS);
      if (!supplied || !seen.add(type)) {
        report.error(
            Messages.outputParameter(
                kind,
                method(method),
                parameter.getSimpleName().toString(),
                ElementFormatter.type(parameter.asType())),
            method,
            member.annotation());
      }
    }
    var returned = TypeNames.operandType(method.getReturnType());
    String actual = ElementFormatter.type(method.getReturnType());
    if (kind == MemberKind.OUTPUT) {
      if (returned.isEmpty()) {
        report.error(Messages.outputType(method(method), actual), method, member.annotation());
      }
      long[] shape = annotations.longs(member.annotation(), "shape");
      if (Arrays.stream(shape).anyMatch(d -> d < -1)) {
        reportShape(Messages.inputShape(kind, method(method), shape), member, report);
      }
    } else if (returned.filter(t -> t == TensorType.TFLOAT32 || t == TensorType.TFLOAT64)
        .isEmpty()) {
      report.error(Messages.lossType(method(method), actual), method, member.annotation());
    }
  }

  private void reportShape(String message, ModelMember member, ValidationReport.Builder report) {
    report.error(
        message,
        member.method(),
        member.annotation(),
        annotations.value(member.annotation(), "shape"));
  }
}
