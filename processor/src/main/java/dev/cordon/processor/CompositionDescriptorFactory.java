package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import dev.cordon.processor.CompositionDescriptor.Member;
import dev.cordon.processor.CompositionDescriptor.Port;
import dev.cordon.processor.CompositionMember.MemberPort;
import dev.cordon.processor.CompositionWires.Wire;
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
              m.generatedClass(),
              isInterface ? Optional.of(Modifier.PUBLIC) : ModelDescriptorFactory.access(m.method()),
              m.trainable()));
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
      for (MemberPort in : m.predictionInputs()) {
        if (feeding(m, in, wires).isEmpty()) {
          inputs.add(
              new Port(
                  portName(m, in.methodName()),
                  m.name() + "." + in.name(),
                  in.type(),
                  in.shape(),
                  List.of()));
        }
      }
    }
    return inputs;
  }

  /**
   * Every member output, in build order, with the composition inputs it needs: exactly the
   * runtime's {@code CompositionRuntime.inputsOf}, in input order.
   */
  static List<Port> outputs(List<CompositionMember> order, List<Wire> wires, List<Port> inputs) {
    List<Port> outputs = new ArrayList<>();
    for (CompositionMember m : order) {
      for (MemberPort out : m.outputs()) {
        Set<String> needed = new HashSet<>();
        collectNeeds(m, out, wires, needed, new HashSet<>());
        outputs.add(
            new Port(
                portName(m, out.methodName()),
                m.name() + "." + out.name(),
                out.type(),
                out.shape(),
                inputs.stream().map(Port::name).filter(needed::contains).toList()));
      }
    }
    return outputs;
  }

  /**
   * Adds the composition inputs {@code out} of {@code m} needs: each member input it needs is
   * either wired (then what the wire's source needs) or itself a composition input. A model output
   * needs all its model's prediction inputs; a nested composition's output only those it needs
   * inside, so an output of a nested member may need fewer inputs than the member has.
   */
  private static void collectNeeds(
      CompositionMember m, MemberPort out, List<Wire> wires, Set<String> needed, Set<String> seen) {
    if (!seen.add(m.name() + "." + out.name())) {
      return;
    }
    for (String name : out.needs()) {
      MemberPort in = m.input(name);
      Optional<Wire> wire = feeding(m, in, wires);
      if (wire.isPresent()) {
        collectNeeds(wire.get().fromMember(), wire.get().output(), wires, needed, seen);
      } else {
        needed.add(portName(m, in.methodName()));
      }
    }
  }

  private static Optional<Wire> feeding(CompositionMember m, MemberPort in, List<Wire> wires) {
    return wires.stream()
        .filter(w -> w.toMember().equals(m) && w.input().equals(in))
        .findFirst();
  }

  /** {@code encoderPixels}: the member method name and the capitalised port method name. */
  static String portName(CompositionMember member, String portMethod) {
    return member.name() + Character.toUpperCase(portMethod.charAt(0)) + portMethod.substring(1);
  }
}
