package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * type that is neither a {@code @Model} nor an {@code @Isolated} composition ({@code NotAModel}),
 * a composition that would contain itself ({@code NestedComposition}), a wrong signature ({@code
 * MemberSignature}), an invalid {@code @Isolated(scope)}. Member models are validated like any
 * model, nested compositions like any composition; one with errors makes the composition abandon
 * generation silently (its own errors are reported on it).
 */
final class CompositionMembers {

  /** The valid members in declaration order, and the names of every attempted member. */
  record Resolution(ValidationReport report, List<CompositionMember> members, List<String> names) {}

  private final Annotations annotations;
  private final ModelValidator modelValidator;
  private final ModelDescriptorFactory descriptors;
  private CompositionValidator nestedValidator;
  private CompositionDescriptorFactory nestedDescriptors;

  /**
   * Nested compositions already read this round, by qualified name: empty when one has errors.
   * Each composition is otherwise validated again at every level that nests it, and twice per
   * level (by the validator and by the descriptor factory).
   */
  private final Map<String, Optional<CompositionDescriptor>> nestedCache = new HashMap<>();

  CompositionMembers(
      Annotations annotations, ModelValidator modelValidator, ModelDescriptorFactory descriptors) {
    this.annotations = annotations;
    this.modelValidator = modelValidator;
    this.descriptors = descriptors;
  }

  /**
   * The composition rules, for nested members. Set once after construction, because they use
   * this class themselves: a composition's members are read by the same rules at every depth.
   */
  void nestWith(CompositionValidator validator, CompositionDescriptorFactory descriptors) {
    this.nestedValidator = validator;
    this.nestedDescriptors = descriptors;
  }

  /** Forgets the nested compositions read so far; called at the start of each round. */
  void clearCache() {
    nestedCache.clear();
  }

  /** {@code type} read as a nested composition, or empty when it has errors of its own. */
  private Optional<CompositionDescriptor> nested(TypeElement type) {
    String name = type.getQualifiedName().toString();
    Optional<CompositionDescriptor> cached = nestedCache.get(name);
    if (cached != null) {
      return cached;
    }
    AnnotationMirror isolated = Annotations.find(type, TypeNames.ISOLATED).orElseThrow();
    Optional<CompositionDescriptor> result =
        nestedValidator.validate(type, isolated).isClean()
            ? Optional.of(nestedDescriptors.create(type, isolated))
            : Optional.empty();
    nestedCache.put(name, result);
    return result;
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
      boolean isModel = returned.flatMap(t -> Annotations.find(t, TypeNames.MODEL)).isPresent();
      // A type with both annotations is processed as a model, so it is a model member here too.
      boolean isComposition =
          !isModel && returned.flatMap(t -> Annotations.find(t, TypeNames.ISOLATED)).isPresent();
      boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
      if (!isAbstract && !isModel && !isComposition) {
        if (memberIsolated != null) {
          report.error(
              Messages.isolatedMember(method(method)), method, memberIsolated);
        }
        continue; // an ordinary helper method
      }
      names.add(method.getSimpleName().toString());
      if (!isModel && !isComposition) {
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
      TypeElement memberType = returned.get();
      if (isComposition) {
        // Checked before validating the nested composition, which would otherwise recurse forever.
        List<String> chain = nestingChain(memberType, composition, new HashSet<>());
        if (chain != null) {
          report.error(
              Messages.nestedCompositionCycle(
                  method(method),
                  ElementFormatter.type(memberType),
                  method(method) + " -> " + String.join(" -> ", chain)),
              method,
              memberIsolated);
          continue;
        }
        Optional<CompositionDescriptor> nested = nested(memberType);
        if (nested.isEmpty()) {
          // Reported on the nested composition itself, as for a member model.
          report.abandon();
          continue;
        }
        members.add(
            CompositionMember.ofComposition(
                method,
                memberType,
                nested.get(),
                memberIsolated,
                level,
                scope != null ? scope : method.getSimpleName().toString()));
        continue;
      }
      AnnotationMirror model = Annotations.find(memberType, TypeNames.MODEL).orElseThrow();
      if (!modelValidator.validate(memberType, model).isClean()) {
        // Reported on the model itself (or, from a class file, when its library was compiled).
        report.abandon();
        continue;
      }
      ModelDescriptor descriptor = descriptors.create(memberType, model);
      members.add(
          CompositionMember.ofModel(
              method,
              memberType,
              descriptor,
              memberIsolated,
              level,
              scope != null ? scope : descriptor.scope()));
    }
    return new Resolution(report.build(), List.copyOf(members), List.copyOf(names));
  }

  /**
   * The way {@code from} nests {@code target}, through its (and its nested compositions') member
   * methods, e.g. {@code [B.a(), A]}; null when it does not. Follows every abstract method that
   * could be a nested member, a superset of what validation recurses into, so that recursion ends.
   */
  private static List<String> nestingChain(
      TypeElement from, TypeElement target, Set<TypeElement> visited) {
    if (from.equals(target)) {
      return List.of(ElementFormatter.type(target));
    }
    if (!visited.add(from)) {
      return null; // explored already, or a cycle not through target (reported on its own)
    }
    for (ExecutableElement method : ElementFilter.methodsIn(from.getEnclosedElements())) {
      if (method.getModifiers().contains(Modifier.STATIC)
          || !method.getModifiers().contains(Modifier.ABSTRACT)
          || !ModelMember.memberAnnotations(method).isEmpty()) {
        continue;
      }
      Optional<TypeElement> returned = declaredType(method.getReturnType());
      if (returned.flatMap(t -> Annotations.find(t, TypeNames.ISOLATED)).isEmpty()
          || returned.flatMap(t -> Annotations.find(t, TypeNames.MODEL)).isPresent()) {
        continue; // not a nested composition (a type with both annotations is a model)
      }
      List<String> rest = nestingChain(returned.get(), target, visited);
      if (rest != null) {
        List<String> chain = new ArrayList<>();
        chain.add(method(method));
        chain.addAll(rest);
        return chain;
      }
    }
    return null;
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
