package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the members of a composition and reports the methods that cannot be members: a return
 * type that is no {@code @Model} ({@code NotAModel}) or is itself a composition ({@code
 * NestedComposition}), a wrong signature ({@code MemberSignature}), an invalid {@code
 * @Isolated(scope)}. Member models are validated like any model; one with errors makes the
 * composition abandon generation silently (its own errors are reported on it).
 */
final class CompositionMembers {

  /** The valid members in declaration order, and the names of every attempted member. */
  record Resolution(ValidationReport report, List<CompositionMember> members, List<String> names) {}

  private final Annotations annotations;
  private final ModelValidator modelValidator;
  private final ModelDescriptorFactory descriptors;

  CompositionMembers(
      Annotations annotations, ModelValidator modelValidator, ModelDescriptorFactory descriptors) {
    this.annotations = annotations;
    this.modelValidator = modelValidator;
    this.descriptors = descriptors;
  }

  /** The composition's default member level: {@code @Isolated(level)} on the type. */
  String defaultLevel(AnnotationMirror isolated) {
    return annotations.enumConstant(isolated, "level");
  }

  Resolution resolve(TypeElement composition, AnnotationMirror isolated) {
    ValidationReport.Builder report = ValidationReport.builder();
    List<CompositionMember> members = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(composition.getEnclosedElements())) {
      if (method.getModifiers().contains(Modifier.STATIC)
          || !ModelMember.memberAnnotations(method).isEmpty()) {
        continue; // static helpers; the composition's own labels and loss
      }
      AnnotationMirror memberIsolated =
          Annotations.find(method, TypeNames.ISOLATED).orElse(null);
      Optional<TypeElement> returned = declaredType(method.getReturnType());
      boolean isComposition =
          returned.flatMap(t -> Annotations.find(t, TypeNames.ISOLATED)).isPresent();
      boolean isModel = returned.flatMap(t -> Annotations.find(t, TypeNames.MODEL)).isPresent();
      boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
      if (!isAbstract && !isModel && !isComposition) {
        if (memberIsolated != null) {
          report.error(
              Messages.isolatedMember(method(method)), method, memberIsolated);
        }
        continue; // an ordinary helper method
      }
      names.add(method.getSimpleName().toString());
      if (isComposition) {
        report.error(
            Messages.nestedComposition(method(method), ElementFormatter.type(returned.get())),
            method,
            memberIsolated);
        continue;
      }
      if (!isModel) {
        report.error(
            Messages.notAModel(method(method), ElementFormatter.type(method.getReturnType())),
            method,
            memberIsolated);
        continue;
      }
      String problem = signatureProblem(method, isAbstract);
      if (problem != null) {
        report.error(Messages.memberSignature(method(method), problem), method, memberIsolated);
        continue;
      }
      String level = defaultLevel(isolatedOf(composition));
      String scope = null;
      if (memberIsolated != null) {
        if (Annotations.explicitValue(memberIsolated, "level") != null) {
          level = annotations.enumConstant(memberIsolated, "level");
        }
        String own = annotations.string(memberIsolated, "scope");
        if (!own.isEmpty()) {
          String bad = GraphNames.invalidScopeSegment(own);
          if (bad != null) {
            report.error(
                Messages.isolatedScopeInvalid(method(method), own, bad),
                method,
                memberIsolated,
                annotations.value(memberIsolated, "scope"));
            continue;
          }
          scope = own;
        }
      }
      TypeElement modelType = returned.get();
      AnnotationMirror model = Annotations.find(modelType, TypeNames.MODEL).orElseThrow();
      if (!modelValidator.validate(modelType, model).isClean()) {
        // Reported on the model itself (or, from a class file, when its library was compiled).
        report.abandon();
        continue;
      }
      ModelDescriptor descriptor = descriptors.create(modelType, model);
      members.add(
          new CompositionMember(
              method,
              modelType,
              descriptor,
              memberIsolated,
              level,
              scope != null ? scope : descriptor.scope()));
    }
    return new Resolution(report.build(), List.copyOf(members), List.copyOf(names));
  }

  private static AnnotationMirror isolatedOf(TypeElement composition) {
    return Annotations.find(composition, TypeNames.ISOLATED).orElseThrow();
  }

  /** Why {@code method} cannot be a member, or null. */
  private static String signatureProblem(ExecutableElement method, boolean isAbstract) {
    if (!isAbstract) {
      return "must be abstract, because the generated class builds and returns it; remove the"
          + " body";
    }
    if (!method.getParameters().isEmpty()) {
      return "takes no parameters; remove them";
    }
    if (!method.getTypeParameters().isEmpty()) {
      return "takes no type parameters; remove them";
    }
    return null;
  }

  private static Optional<TypeElement> declaredType(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    return Optional.of((TypeElement) ((DeclaredType) type).asElement());
  }

  /** The {@code scope} value of a member's {@code @Isolated}, for precise positions. */
  AnnotationValue scopeValue(CompositionMember member) {
    return member.isolated() == null
        ? null
        : Annotations.explicitValue(member.isolated(), "scope");
  }
}
