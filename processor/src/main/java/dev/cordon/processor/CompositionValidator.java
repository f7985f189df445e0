package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionWires.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Runs every rule on one {@code @Isolated} composition, in a fixed order: its kind and scope, its
 * own labels and loss (the model rules), its members ({@link CompositionMembers}), its wires
 * ({@link CompositionWires}), their order ({@link CompositionOrder}), then the rules across
 * members: {@code ScopeConflict}, {@code NameClash} and the {@code UntrainableLoss} warning. Only
 * what the composition references is read, so validation stays isolating.
 */
final class CompositionValidator {

  private final ModelTypeValidator typeValidator = new ModelTypeValidator("@Isolated");
  private final Annotations annotations;
  private final MemberValidator memberValidator;
  private final CompositionMembers members;
  private final CompositionWires wires;
  private final CompositionDescriptorFactory descriptors;

  CompositionValidator(
      Annotations annotations,
      MemberValidator memberValidator,
      CompositionMembers members,
      CompositionWires wires,
      CompositionDescriptorFactory descriptors) {
    this.annotations = annotations;
    this.memberValidator = memberValidator;
    this.members = members;
    this.wires = wires;
    this.descriptors = descriptors;
  }

  ValidationReport validate(TypeElement type, AnnotationMirror isolated) {
    ValidationReport.Builder report = ValidationReport.builder();
    String name = ElementFormatter.type(type);
    // The generated class extends or implements the composition, as for a model.
    report.addAll(typeValidator.validate(type, isolated));
    if (ModelTypeValidator.isFatal(type)) {
      return report.build();
    }
    String ownScope = annotations.string(isolated, "scope");
    String badSegment = ownScope.isEmpty() ? null : GraphNames.invalidScopeSegment(ownScope);
    if (badSegment != null) {
      report.error(
          Messages.isolatedScopeInvalid(name, ownScope, badSegment),
          type,
          isolated,
          annotations.value(isolated, "scope"));
    }
    List<ModelMember> own = ModelMember.allOf(type);
    ExecutableElement loss = null;
    AnnotationMirror lossAnnotation = null;
    for (ModelMember m : own) {
      Annotations.find(m.method(), TypeNames.ISOLATED)
          .ifPresent(
              i -> report.error(Messages.isolatedMember(method(m.method())), m.method(), i));
      switch (m.kind()) {
        case INPUT -> {
          if (annotations.bool(m.annotation(), "label")) {
            memberValidator.validateBackedMember(m, report);
          } else {
            report.error(Messages.compositionInput(method(m.method())), m.method(), m.annotation());
          }
        }
        case LOSS -> {
          memberValidator.validateComputedMember(m, report);
          loss = m.method();
          lossAnnotation = m.annotation();
        }
        default -> report.error(
            Messages.compositionOwnMember(method(m.method()), m.kind().display()),
            m.method(),
            m.annotation());
      }
    }
    CompositionMembers.Resolution resolution = members.resolve(type, isolated);
    report.addAll(resolution.report());
    List<CompositionMember> valid = resolution.members();
    CompositionWires.Resolution wired = wires.resolve(type, valid, resolution.names());
    report.addAll(wired.report());
    if (wired.complete()) {
      report.addAll(CompositionOrder.validate(type, valid, wired.wires()));
    }
    boolean hasHead = loss != null || own.stream().anyMatch(m -> m.kind() == MemberKind.INPUT);
    reportScopeConflicts(
        type, valid, hasHead ? descriptors.scope(type, isolated) : null, report);
    if (report.isClean()) {
      reportNameClashes(type, valid, wired.wires(), loss != null, report);
    }
    List<String> emptyScopeMembers =
        valid.stream()
            .filter(m -> m.level().equals(CompositionMember.SCOPE) && !m.hasScopeModel())
            .map(CompositionMember::name)
            .toList();
    if (loss != null && !emptyScopeMembers.isEmpty()
        && valid.stream().noneMatch(CompositionMember::trainable)) {
      report.warning(
          Messages.untrainableNestedLoss(method(loss), String.join(", ", emptyScopeMembers)),
          loss,
          lossAnnotation,
          null);
    } else if (loss != null && !valid.isEmpty()
        && valid.stream().noneMatch(m -> m.level().equals(CompositionMember.SCOPE))) {
      List<String> cuts = new ArrayList<>();
      for (Wire w : wired.wires()) {
        String level =
            w.fromMember().isGraph() || w.toMember().isGraph() ? "GRAPH" : "BOUNDARY";
        cuts.add(w.from() + " -> " + w.to() + " (" + level + ")");
      }
      report.warning(
          Messages.untrainableLoss(method(loss), String.join(", ", cuts)),
          loss,
          lossAnnotation,
          null);
    }
    return report.build();
  }

  /**
   * Members sharing the composition's graph (all but GRAPH members), and the composition's own
   * scope when it has labels or a loss, need scopes apart: equal, or one a {@code /}-prefix of the
   * other, would mix their variables.
   */
  private void reportScopeConflicts(
      TypeElement type,
      List<CompositionMember> valid,
      String headScope,
      ValidationReport.Builder report) {
    Map<String, String> taken = new LinkedHashMap<>(); // scope -> who
    if (headScope != null) {
      taken.put(headScope, "the composition's own labels and loss");
    }
    for (CompositionMember m : valid) {
      if (m.isGraph()) {
        continue;
      }
      String conflict = null;
      for (String scope : taken.keySet()) {
        if (overlaps(scope, m.scope())) {
          conflict = scope;
          break;
        }
      }
      if (conflict == null) {
        taken.put(m.scope(), method(m.method()));
        continue;
      }
      String suggestion = m.name();
      for (int i = 2; overlapsAny(suggestion, taken.keySet()); i++) {
        suggestion = m.name() + i;
      }
      report.error(
          Messages.scopeConflict(
              ElementFormatter.type(type),
              method(m.method()),
              m.scope(),
              taken.get(conflict),
              conflict,
              suggestion),
          m.method(),
          members.scopeValue(m) == null ? null : m.isolated(),
          members.scopeValue(m));
    }
  }

  private static boolean overlapsAny(String scope, Iterable<String> scopes) {
    for (String s : scopes) {
      if (overlaps(s, scope)) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }

  /**
   * The generated class's methods (the fixed API, one prediction per composition output) must not
   * collide with each other or the composition's own methods, nor its inputs and labels (the
   * parameters of {@code trainStep}) with each other.
   */
  private static void reportNameClashes(
      TypeElement type,
      List<CompositionMember> valid,
      List<Wire> wires,
      boolean hasLoss,
      ValidationReport.Builder report) {
    String name = ElementFormatter.type(type);
    Map<String, String> methods = new LinkedHashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!method.getModifiers().contains(Modifier.PRIVATE)) {
        methods.putIfAbsent(method.getSimpleName().toString(), method(method));
      }
    }
    List<String> fixed = new ArrayList<>(List.of("builder", "run", "inspect", "close", "exportSavedModel"));
    if (hasLoss) {
      fixed.add("trainStep");
    }
    for (String f : fixed) {
      String user = methods.get(f);
      if (user != null) {
        Element element = findMethod(type, f);
        report.error(
            Messages.nameClash(name, f + "()", "the generated API", user),
            element,
            Annotations.find(element, TypeNames.ISOLATED).orElse(null));
      }
      methods.put(f, "the generated " + f + "()");
    }
    List<CompositionMember> order = CompositionOrder.sort(valid, wires);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (ModelMember own : ModelMember.allOf(type)) {
      if (own.kind() == MemberKind.INPUT) {
        parameters.put(own.methodName(), "the label " + method(own.method()));
      }
    }
    for (CompositionMember m : valid) {
      List<String[]> generated = new ArrayList<>();
      generated.add(new String[] {m.name() + "Scope", "the builder's scope setter of " + m.name()});
      for (var out : m.outputs()) {
        generated.add(
            new String[] {
              CompositionDescriptorFactory.portName(m, out.methodName()),
              "the prediction of " + m.name() + "." + out.name()
            });
      }
      for (String[] g : generated) {
        String other = methods.putIfAbsent(g[0], g[1]);
        if (other != null) {
          report.error(
              Messages.nameClash(name, g[0] + "(...)", g[1], other), m.method(), m.isolated());
        }
      }
      if (order.contains(m)) {
        for (var port : CompositionDescriptorFactory.inputs(List.of(m), wires)) {
          String other =
              parameters.putIfAbsent(port.name(), "the composition input " + port.memberPort());
          if (other != null) {
            report.error(
                Messages.nameClash(
                    name, port.name(), "the composition input " + port.memberPort(), other),
                m.method(),
                m.isolated());
          }
        }
      }
    }
  }

  private static Element findMethod(TypeElement type, String name) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals(name)) {
        return method;
      }
    }
    return type;
  }
}
