package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the names of a model's members: graph names (the {@code name} attribute, else the method
 * name) must be valid TensorFlow names and unique across inputs, variables and outputs. (No
 * method may take a name the generated class uses for its own API: {@link GeneratedNames}.)
 */
final class MemberNameValidator {

  private final Annotations annotations;

  MemberNameValidator(Annotations annotations) {
    this.annotations = annotations;
  }

  ValidationReport validate(TypeElement type) {
    ValidationReport.Builder report = ValidationReport.builder();
    Map<String, ExecutableElement> claimed = new LinkedHashMap<>();
    // The generated class holds one field per member, named after its method.
    Map<String, ExecutableElement> methodNames = new LinkedHashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Optional<ModelMember> member = ModelMember.of(method);
      if (member.isEmpty()) {
        continue;
      }
      ModelMember m = member.get();
      ExecutableElement sameMethodName = methodNames.putIfAbsent(m.methodName(), method);
      if (m.kind() == MemberKind.LOSS) {
        reportOverload(m, sameMethodName, report);
        continue;
      }
      String attribute = annotations.string(m.annotation(), "name");
      boolean fromAttribute = !attribute.isEmpty();
      String name = fromAttribute ? attribute : m.methodName();
      AnnotationValue nameValue = fromAttribute ? annotations.value(m.annotation(), "name") : null;
      if (!GraphNames.isValidName(name)) {
        report.error(
            Messages.nameInvalid(m.kind(), method(method), name, fromAttribute),
            method,
            m.annotation(),
            nameValue);
      } else if (claimed.containsKey(name)) {
        report.error(
            Messages.duplicateName(method(method), name, method(claimed.get(name))),
            method,
            m.annotation(),
            nameValue);
      } else {
        claimed.put(name, method);
        reportOverload(m, sameMethodName, report);
      }
    }
    return report.build();
  }

  /** Reports {@code member} if another member already has its method name (an overload). */
  private static void reportOverload(
      ModelMember member, ExecutableElement sameMethodName, ValidationReport.Builder report) {
    if (sameMethodName != null) {
      report.error(
          Messages.duplicateMethodName(method(member.method()), method(sameMethodName)),
          member.method(),
          member.annotation());
    }
  }

  /** The graph name of a member: its {@code name} attribute if set, else its method name. */
  static String graphName(Annotations annotations, ModelMember member) {
    if (member.kind() == MemberKind.LOSS) {
      return member.methodName();
    }
    String attribute = annotations.string(member.annotation(), "name");
    return attribute.isEmpty() ? member.methodName() : attribute;
  }
}
