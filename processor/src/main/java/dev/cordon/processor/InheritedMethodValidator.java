package dev.cordon.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reports abstract methods a {@code @Model} inherits without implementing: the generated class
 * implements only the model's own members (and the methods of {@code CordonModel}).
 */
final class InheritedMethodValidator {

  /** Methods the generated class implements anyway, by name and parameter count. */
  private static final Map<String, Integer> GENERATED_API =
      Map.of("scope", 0, "variables", 0, "close", 0, "save", 1, "restore", 1,
          "exportSavedModel", 1);

  private final Elements elements;

  InheritedMethodValidator(Elements elements) {
    this.elements = elements;
  }

  ValidationReport validate(TypeElement type, AnnotationMirror model) {
    ValidationReport.Builder report = ValidationReport.builder();
    List<ExecutableElement> all = ElementFilter.methodsIn(elements.getAllMembers(type));
    for (ExecutableElement method : all) {
      if (method.getEnclosingElement().equals(type)
          || !method.getModifiers().contains(Modifier.ABSTRACT)
          || isGeneratedApi(method)
          || isImplemented(method, all, type)) {
        continue;
      }
      report.error(
          Messages.inheritedAbstractMethod(
              ElementFormatter.type(type), ElementFormatter.method(method)),
          type,
          model);
    }
    return report.build();
  }

  private static boolean isGeneratedApi(ExecutableElement method) {
    Integer parameters = GENERATED_API.get(method.getSimpleName().toString());
    return parameters != null && parameters == method.getParameters().size();
  }

  private boolean isImplemented(
      ExecutableElement method, List<ExecutableElement> all, TypeElement type) {
    for (ExecutableElement candidate : all) {
      if (candidate != method
          && !candidate.getModifiers().contains(Modifier.ABSTRACT)
          && elements.overrides(candidate, method, type)) {
        return true;
      }
    }
    return false;
  }
}
