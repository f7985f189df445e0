package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Input;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Everything the generator needs to know about one validated {@code @Isolated} composition.
 * Immutable and free of javac elements; members are in build order.
 *
 * @param name the runtime name of the composition: its canonical name
 * @param scope the scope of the composition's own labels and loss
 */
record CompositionDescriptor(
    ClassName compositionClass,
    ClassName generatedClass,
    String name,
    String scope,
    boolean isInterface,
    boolean isPublic,
    List<Member> members,
    List<Wire> wires,
    List<Port> inputs,
    List<Port> outputs,
    List<Input> labels,
    Optional<Computed> loss) {

  CompositionDescriptor {
    members = List.copyOf(members);
    wires = List.copyOf(wires);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    labels = List.copyOf(labels);
  }

  /**
   * A member: its method, level ({@code Isolation} constant name), default scope, the generated
   * class of its model or nested composition, the access of its method, and whether a loss can
   * train through it ({@link CompositionGraph.Member#trainable()}).
   */
  record Member(
      String methodName,
      String level,
      String scope,
      ClassName generatedClass,
      Optional<Modifier> access,
      boolean trainable) {}

  /** {@code "member.output" -> "member.input"}. */
  record Wire(String from, String to) {}

  /**
   * A composition input or output: its name, the member port behind it ({@code member.port}),
   * its tensor type and static shape. For an output, {@code needs} lists the composition inputs
   * it is computed from, in input order.
   */
  record Port(
      String name, String memberPort, TensorType type, List<Long> shape, List<String> needs) {
    Port {
      shape = List.copyOf(shape);
      needs = List.copyOf(needs);
    }
  }

  /** Whether some model is at SCOPE through every level, so a loss here could train it. */
  boolean trainable() {
    return members.stream().anyMatch(Member::trainable);
  }

  Port input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }
}
