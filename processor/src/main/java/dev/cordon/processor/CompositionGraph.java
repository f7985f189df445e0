package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Isolated} composition, resolved once: what it declares (its own labels and loss,
 * its member methods, its {@code @Wire}s), what each declaration resolved to (members with their
 * ports, wires between ports), and what follows from those (the build order, the composition's
 * inputs and outputs). Built by {@link CompositionGraphFactory}; the {@link CompositionRule}s
 * report on it; a graph without errors becomes the {@link CompositionDescriptor}.
 *
 * <p>Declarations that did not resolve stay in the graph with the reason, so a rule can report
 * them on the element and annotation value at fault, and nothing built on them exists: a wire to
 * an unresolved member is not a wire, a member whose type has errors has no ports. That is how one
 * mistake gives one error.
 *
 * @param explicitScope {@code @Isolated(scope)} on the type, or empty
 * @param scopeValue that annotation value, for positions
 * @param own the composition's own member-annotated methods: its labels and loss, and mistakes
 * @param helpers its other non-static, non-abstract methods that do not return a model: not
 *     members
 * @param declarations every method meant as a member (abstract, or returning a {@code @Model} or
 *     {@code @Isolated} type), resolved or not, in declaration order
 * @param wireDeclarations every {@code @Wire}, in source order
 * @param wires the wire declarations both of whose ends resolved, in source order
 * @param edges the wires the members are ordered by: all but self-wires and second feeds of an
 *     input
 * @param order the resolved members in build order; empty when the edges form a cycle
 * @param inputs the composition's inputs: every unwired prediction input of a member, members in
 *     build order, ports in declaration order
 * @param outputs the composition's outputs: every member output, in build order
 */
record CompositionGraph(
    TypeElement type,
    AnnotationMirror isolated,
    String explicitScope,
    AnnotationValue scopeValue,
    List<ModelMember> own,
    List<ExecutableElement> helpers,
    List<MemberDeclaration> declarations,
    List<WireDeclaration> wireDeclarations,
    List<Wire> wires,
    List<Wire> edges,
    List<Member> order,
    List<Port> inputs,
    List<Port> outputs) {

  CompositionGraph {
    own = List.copyOf(own);
    helpers = List.copyOf(helpers);
    declarations = List.copyOf(declarations);
    wireDeclarations = List.copyOf(wireDeclarations);
    wires = List.copyOf(wires);
    edges = List.copyOf(edges);
    order = List.copyOf(order);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** {@code Cordon<Name>} of the composition. */
  ClassName generatedClass() {
    return ModelDescriptorFactory.generatedClassName(ClassName.get(type));
  }

  /**
   * The scope of the composition's own labels and loss: {@code @Isolated(scope)} on the type,
   * else its simple name with a lower-case first letter.
   */
  String scope() {
    if (!explicitScope.isEmpty()) {
      return explicitScope;
    }
    String simple = type.getSimpleName().toString();
    return simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
  }

  /** The resolved members, in declaration order. */
  List<Member> members() {
    return declarations.stream()
        .map(MemberDeclaration::member)
        .flatMap(Optional::stream)
        .toList();
  }

  /** Whether some method meant as a member, resolved or not, has this name. */
  boolean declaresMember(String name) {
    return declarations.stream().anyMatch(d -> d.name().equals(name));
  }

  /** The composition's {@code @Loss}: the last one declared, if any. */
  Optional<ModelMember> loss() {
    Optional<ModelMember> loss = Optional.empty();
    for (ModelMember m : own) {
      if (m.kind() == MemberKind.LOSS) {
        loss = Optional.of(m);
      }
    }
    return loss;
  }

  /** Whether the composition has labels or a loss of its own, which live in {@link #scope()}. */
  boolean hasOwnScope() {
    return own.stream().anyMatch(m -> m.kind() == MemberKind.INPUT || m.kind() == MemberKind.LOSS);
  }

  /** Whether every {@code @Wire} resolved into an edge, so the build order means something. */
  boolean fullyWired() {
    return edges.size() == wireDeclarations.size();
  }

  /** The first wire before {@code wire} that feeds the same input, if any (a self-wire counts). */
  Optional<Wire> earlierFeed(Wire wire) {
    for (Wire w : wires) {
      if (w == wire) {
        return Optional.empty();
      }
      if (w.to().equals(wire.to())) {
        return Optional.of(w);
      }
    }
    throw new IllegalArgumentException("not a wire of this graph: " + wire.to());
  }

  /** Whether some member is at SCOPE through every level, so a loss here could train it. */
  boolean trainable() {
    return members().stream().anyMatch(Member::trainable);
  }

  /**
   * A method meant as a member, and what became of it: exactly one of {@code member} and {@code
   * problem} is present.
   *
   * @param isolated the method's {@code @Isolated}, or null
   */
  record MemberDeclaration(
      ExecutableElement method,
      AnnotationMirror isolated,
      Optional<Member> member,
      Optional<Unresolved> problem) {

    static MemberDeclaration resolved(
        ExecutableElement method, AnnotationMirror isolated, Member member) {
      return new MemberDeclaration(method, isolated, Optional.of(member), Optional.empty());
    }

    static MemberDeclaration unresolved(
        ExecutableElement method, AnnotationMirror isolated, Unresolved problem) {
      return new MemberDeclaration(method, isolated, Optional.empty(), Optional.of(problem));
    }

    String name() {
      return method.getSimpleName().toString();
    }
  }

  /** Why a method meant as a member did not become one; the first reason found. */
  sealed interface Unresolved {

    /** It returns neither a {@code @Model} nor an {@code @Isolated} type. */
    record NotAModel() implements Unresolved {}

    /** It is not an abstract method without parameters: {@code why} completes the message. */
    record Signature(String why) implements Unresolved {}

    /** Its {@code @Isolated(scope)} has the invalid segment {@code segment}. */
    record InvalidScope(String scope, String segment, AnnotationValue value)
        implements Unresolved {}

    /** It returns a composition that nests this one, the way {@code chain} shows. */
    record NestingCycle(TypeElement nested, List<String> chain) implements Unresolved {
      public NestingCycle {
        chain = List.copyOf(chain);
      }
    }

    /** Its model or nested composition has errors, reported on that type itself. */
    record InvalidType() implements Unresolved {}
  }

  /**
   * A resolved member: an abstract, no-argument method returning a {@code @Model} type or another
   * (nested) composition, from source or from a class file, read as the ports its composition
   * sees. Wires and composition ports work the same for both kinds.
   *
   * @param type the member's {@code @Model} or {@code @Isolated} type
   * @param generatedClass {@code Cordon<Name>} of that type: what the member accessor returns
   * @param inputs the ports a wire may feed: a model's {@code @Input}s (labels included), or a
   *     nested composition's inputs
   * @param outputs a model's {@code @Output}s, or a nested composition's outputs
   * @param isolated the member's own {@code @Isolated}, or null
   * @param level the name of its {@code Isolation} constant: its own, else the composition's
   * @param scope its own {@code @Isolated(scope)} if set, else the model's {@code @Model(scope)},
   *     or for a nested composition the member's method name
   * @param hasScopeModel true for a model; for a nested composition, whether a model inside it is
   *     at SCOPE through every level, so that a loss training this member reaches a variable
   */
  record Member(
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

    Member {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
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

    Optional<MemberPort> input(String name) {
      return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    Optional<MemberPort> output(String name) {
      return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The {@code scope} value of the member's own {@code @Isolated}, for precise positions. */
    AnnotationValue scopeValue() {
      return isolated == null ? null : Annotations.explicitValue(isolated, "scope");
    }

    /** {@code encoderPixels}: the member's method name and the capitalised port method name. */
    String portName(MemberPort port) {
      String method = port.methodName();
      return name() + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }
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

  /** One {@code @Wire} as written, its mirror for positions, and its two ends. */
  record WireDeclaration(AnnotationMirror mirror, End from, End to) {
    /** {@code from}, then {@code to}. */
    List<End> ends() {
      return List.of(from, to);
    }
  }

  /**
   * One end of a {@code @Wire}: {@code from = "member.output"} or {@code to = "member.input"}.
   *
   * @param value the string as written
   * @param position its annotation value
   * @param memberName the part before the dot, or null when the value is not {@code a.b}
   * @param portName the part after the dot, or null
   * @param member the resolved member of that name, if any
   * @param port that member's output (from) or input (to) of that name, if any
   */
  record End(
      boolean isFrom,
      String value,
      AnnotationValue position,
      String memberName,
      String portName,
      Optional<Member> member,
      Optional<MemberPort> port) {

    /** {@code from} or {@code to}: the annotation attribute. */
    String attribute() {
      return isFrom ? "from" : "to";
    }
  }

  /**
   * A wire both of whose ends name a real output and input (of a model member, or a nested
   * composition's own output and input).
   */
  record Wire(
      WireDeclaration declaration,
      Member fromMember,
      MemberPort output,
      Member toMember,
      MemberPort input) {

    String from() {
      return fromMember.name() + "." + output.name();
    }

    String to() {
      return toMember.name() + "." + input.name();
    }

    boolean isSelf() {
      return fromMember.equals(toMember);
    }
  }

  /**
   * A composition input or output: a member port the composition exposes.
   *
   * @param name its name in the generated API ({@code encoderPixels})
   * @param needs for an output, the names of the composition inputs it is computed from, in input
   *     order; empty for an input
   */
  record Port(String name, Member member, MemberPort port, List<String> needs) {
    Port {
      needs = List.copyOf(needs);
    }

    /** {@code member.port}: the member port behind it. */
    String memberPort() {
      return member.name() + "." + port.name();
    }
  }
}
