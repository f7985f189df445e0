package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the names of a model's members: graph names (the {@code name} attribute, else the method
 * name) must be valid TensorFlow names and unique across inputs, variables and outputs, and no
 * method may take a name the generated class uses for its own API.
 */
final class MemberNameValidator {

  private final Annotations annotations;

  MemberNameValidator(Annotations annotations) {
    this.annotations = annotations;
  }

  ValidationReport validate(TypeElement type) {
    ValidationReport.Builder report = ValidationReport.builder();
    Map<String, ExecutableElement> claimed = new LinkedHashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Optional<ModelMember> member = ModelMember.of(method);
      if (GraphNames.RESERVED_METHODS.contains(method.getSimpleName().toString())
          && !method.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(
            Messages.reservedName(method(method)),
            method,
            member.map(ModelMember::annotation).orElse(null));
      }
      if (member.isEmpty() || member.get().kind() == MemberKind.LOSS) {
        continue;
      }
      ModelMember m = member.get();
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
      }
    }
    return report.build();
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
