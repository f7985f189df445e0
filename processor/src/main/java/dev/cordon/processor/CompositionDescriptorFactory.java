package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import dev.cordon.processor.CompositionDescriptor.Member;
import dev.cordon.processor.CompositionDescriptor.Port;
import dev.cordon.processor.CompositionWires.Wire;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Input;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Turns a validated composition into its {@link CompositionDescriptor}; also names the generated
 * API (composition inputs and outputs), which {@link CompositionValidator} checks for clashes.
 */
final class CompositionDescriptorFactory {

  private final Annotations annotations;
  private final CompositionMembers members;
  private final CompositionWires wires;
  private final ModelDescriptorFactory models;

  CompositionDescriptorFactory(
      Annotations annotations,
      CompositionMembers members,
      CompositionWires wires,
      ModelDescriptorFactory models) {
    this.annotations = annotations;
    this.members = members;
    this.wires = wires;
    this.models = models;
  }

  /** Must only be called for a composition whose {@link CompositionValidator} report is clean. */
  CompositionDescriptor create(TypeElement type, AnnotationMirror isolated) {
    CompositionMembers.Resolution resolution = members.resolve(type, isolated);
    List<Wire> resolvedWires =
        wires.resolve(type, resolution.members(), resolution.names()).wires();
    List<CompositionMember> order = CompositionOrder.sort(resolution.members(), resolvedWires);
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    // The composition's own labels and loss are read exactly like a model's members.
    ModelDescriptor own = models.create(type, isolated);
    List<Member> memberList = new ArrayList<>();
    for (CompositionMember m : order) {
      memberList.add(
          new Member(
              m.name(),
              m.level(),
              m.scope(),
              ModelDescriptorFactory.generatedClassName(m.model().modelClass()),
              isInterface ? Optional.of(Modifier.PUBLIC) : ModelDescriptorFactory.access(m.method())));
    }
    List<Port> inputs = inputs(order, resolvedWires);
    List<Port> outputs = outputs(order, resolvedWires, inputs);
    ClassName compositionClass = ClassName.get(type);
    return new CompositionDescriptor(
        compositionClass,
        ModelDescriptorFactory.generatedClassName(compositionClass),
        compositionClass.canonicalName(),
        scope(type, isolated),
        isInterface,
        type.getModifiers().contains(Modifier.PUBLIC),
        memberList,
        resolvedWires.stream()
            .map(w -> new CompositionDescriptor.Wire(w.from(), w.to()))
            .toList(),
        inputs,
        outputs,
        own.inputs(),
        own.loss());
  }

  /** {@code @Isolated(scope)} on the type, else its simple name with a lower-case first letter. */
  String scope(TypeElement type, AnnotationMirror isolated) {
    String scope = annotations.string(isolated, "scope");
    if (!scope.isEmpty()) {
      return scope;
    }
    String simple = type.getSimpleName().toString();
    return simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
  }

  /** Every unwired non-label member input: members in build order, inputs in declaration order. */
  static List<Port> inputs(List<CompositionMember> order, List<Wire> wires) {
    List<Port> inputs = new ArrayList<>();
    for (CompositionMember m : order) {
      for (Input in : m.model().predictionInputs()) {
        boolean wired =
            wires.stream().anyMatch(w -> w.toMember().equals(m) && w.input().equals(in));
        if (!wired) {
          inputs.add(
              new Port(
                  portName(m, in.methodName()),
                  m.name() + "." + in.graphName(),
                  in.type(),
                  in.shape(),
                  List.of()));
        }
      }
    }
    return inputs;
  }

  /** Every member output, in build order, with the composition inputs it needs. */
  static List<Port> outputs(List<CompositionMember> order, List<Wire> wires, List<Port> inputs) {
    List<Port> outputs = new ArrayList<>();
    for (CompositionMember m : order) {
      Set<String> upstream = new HashSet<>();
      collectUpstream(m, wires, upstream);
      List<String> needs =
          inputs.stream()
              .filter(i -> upstream.contains(i.memberPort().substring(0, i.memberPort().indexOf('.'))))
              .map(Port::name)
              .toList();
      for (Computed out : m.model().outputs()) {
        outputs.add(
            new Port(
                portName(m, out.methodName()),
                m.name() + "." + out.graphName(),
                out.type(),
                out.shape(),
                needs));
      }
    }
    return outputs;
  }

  private static void collectUpstream(CompositionMember m, List<Wire> wires, Set<String> seen) {
    if (!seen.add(m.name())) {
      return;
    }
    for (Wire w : wires) {
      if (w.toMember().equals(m)) {
        collectUpstream(w.fromMember(), wires, seen);
      }
    }
  }

  /** {@code encoderPixels}: the member method name and the capitalised port method name. */
  static String portName(CompositionMember member, String portMethod) {
    return member.name() + Character.toUpperCase(portMethod.charAt(0)) + portMethod.substring(1);
  }
}
