package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Input;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A valid member of an {@code @Isolated} composition: an abstract, no-argument method returning a
 * {@code @Model} type or another (nested) composition, from source or from a class file, read as
 * the ports its composition sees. Wires and composition ports work the same for both kinds.
 *
 * @param type the member's {@code @Model} or {@code @Isolated} type
 * @param generatedClass {@code Cordon<Name>} of that type: what the member accessor returns
 * @param inputs the ports a wire may feed: a model's {@code @Input}s (labels included), or a
 *     nested composition's inputs
 * @param outputs a model's {@code @Output}s, or a nested composition's outputs
 * @param isolated the member's own {@code @Isolated}, or null
 * @param level the name of its {@code Isolation} constant: its own, else the composition's
 * @param scope its own {@code @Isolated(scope)} if set, else the model's {@code @Model(scope)}, or
 *     for a nested composition the member's method name
 * @param hasScopeModel true for a model; for a nested composition, whether a model inside it is
 *     at SCOPE through every level, so that a loss training this member reaches a variable
 */
record CompositionMember(
    ExecutableElement method,
    TypeElement type,
    ClassName generatedClass,
    List<MemberPort> inputs,
    List<MemberPort> outputs,
    AnnotationMirror isolated,
    String level,
    String scope,
    boolean hasScopeModel) {

  static final String SCOPE = "SCOPE";
  static final String GRAPH = "GRAPH";

  CompositionMember {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * One input or output of a member as its composition sees it.
   *
   * @param name the port's name after the dot of a wire: a model's graph name, or the name of a
   *     nested composition's input or output ({@code encoderPixels})
   * @param methodName its Java name, from which composition port names are made
   * @param label whether it is a model's label input, which no prediction takes
   * @param needs for an output, the names of this member's inputs it is computed from (a model
   *     output needs every prediction input; a nested output what it needs inside)
   */
  record MemberPort(
      String name,
      String methodName,
      TensorType type,
      List<Long> shape,
      boolean label,
      List<String> needs) {
    MemberPort {
      shape = List.copyOf(shape);
      needs = List.copyOf(needs);
    }
  }

  /** The ports of a model member. */
  static CompositionMember ofModel(
      ExecutableElement method,
      TypeElement type,
      ModelDescriptor model,
      AnnotationMirror isolated,
      String level,
      String scope) {
    List<String> predictionInputs =
        model.predictionInputs().stream().map(Input::graphName).toList();
    return new CompositionMember(
        method,
        type,
        model.generatedClass(),
        model.inputs().stream().map(CompositionMember::port).toList(),
        model.outputs().stream().map(o -> port(o, predictionInputs)).toList(),
        isolated,
        level,
        scope,
        true);
  }

  /** The ports of a nested composition member: the nested composition's inputs and outputs. */
  static CompositionMember ofComposition(
      ExecutableElement method,
      TypeElement type,
      CompositionDescriptor nested,
      AnnotationMirror isolated,
      String level,
      String scope) {
    return new CompositionMember(
        method,
        type,
        nested.generatedClass(),
        nested.inputs().stream()
            .map(i -> new MemberPort(i.name(), i.name(), i.type(), i.shape(), false, List.of()))
            .toList(),
        nested.outputs().stream()
            .map(o -> new MemberPort(o.name(), o.name(), o.type(), o.shape(), false, o.needs()))
            .toList(),
        isolated,
        level,
        scope,
        nested.trainable());
  }

  private static MemberPort port(Input in) {
    return new MemberPort(
        in.graphName(), in.methodName(), in.type(), in.shape(), in.label(), List.of());
  }

  private static MemberPort port(Computed out, List<String> needs) {
    return new MemberPort(out.graphName(), out.methodName(), out.type(), out.shape(), false, needs);
  }

  String name() {
    return method.getSimpleName().toString();
  }

  /** The member's type in messages: its canonical name, since it may live in another library. */
  String typeName() {
    return type.getQualifiedName().toString();
  }

  boolean isGraph() {
    return level.equals(GRAPH);
  }

  /**
   * Whether the composition's loss can train variables through this member: the runtime trains
   * the models at SCOPE, a level nesting only makes stricter.
   */
  boolean trainable() {
    return level.equals(SCOPE) && hasScopeModel;
  }

  /** The inputs a prediction takes: all but a model's labels, in declaration order. */
  List<MemberPort> predictionInputs() {
    return inputs.stream().filter(i -> !i.label()).toList();
  }

  MemberPort input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }
}
