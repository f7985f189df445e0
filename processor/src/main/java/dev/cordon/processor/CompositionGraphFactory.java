package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.End;
import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.MemberPort;
import dev.cordon.processor.CompositionGraph.Port;
import dev.cordon.processor.CompositionGraph.Unresolved;
import dev.cordon.processor.CompositionGraph.Wire;
import dev.cordon.processor.CompositionGraph.WireDeclaration;
import dev.cordon.processor.ModelDescriptor.Input;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
 * Reads one {@code @Isolated} composition into its {@link CompositionGraph}: members, then wires,
 * then the build order and the composition's inputs and outputs. It reports nothing; what does
 * not resolve is kept in the graph with its reason, for the rules. Only what the composition
 * references is read, so validation stays isolating.
 *
 * <p>Member models are validated like any model, nested compositions like any composition (by the
 * caller's {@code nested} function, which builds and checks their graphs with this factory): one
 * with errors is {@link Unresolved.InvalidType}, reported on that type itself.
 */
final class CompositionGraphFactory {

  private final Annotations annotations;
  private final ModelValidator modelValidator;

  CompositionGraphFactory(Annotations annotations, ModelValidator modelValidator) {
    this.annotations = annotations;
    this.modelValidator = modelValidator;
  }

  /**
   * @param nested the graph of a nested composition, or empty when it has errors of its own
   */
  CompositionGraph create(
      TypeElement type,
      AnnotationMirror isolated,
      Function<TypeElement, Optional<CompositionGraph>> nested) {
    List<ExecutableElement> helpers = new ArrayList<>();
    List<MemberDeclaration> declarations = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getModifiers().contains(Modifier.STATIC)
          || !ModelMember.memberAnnotations(method).isEmpty()) {
        continue; // static helpers; the composition's own labels and loss
      }
      Optional<TypeElement> returned = declaredType(method.getReturnType());
      if (!method.getModifiers().contains(Modifier.ABSTRACT) && memberKind(returned) == null) {
        helpers.add(method); // an ordinary helper method
        continue;
      }
      declarations.add(declaration(type, isolated, method, returned, nested));
    }
    List<Member> members =
        declarations.stream().map(MemberDeclaration::member).flatMap(Optional::stream).toList();

    List<WireDeclaration> wireDeclarations = new ArrayList<>();
    List<Wire> wires = new ArrayList<>();
    List<Wire> edges = new ArrayList<>();
    Set<String> fed = new HashSet<>();
    for (AnnotationMirror mirror : wireMirrors(type)) {
      End from = end(mirror, true, members);
      End to = end(mirror, false, members);
      WireDeclaration declaration = new WireDeclaration(mirror, from, to);
      wireDeclarations.add(declaration);
      if (from.port().isEmpty() || to.port().isEmpty()) {
        continue;
      }
      Wire wire =
          new Wire(
              declaration,
              from.member().orElseThrow(),
              from.port().get(),
              to.member().orElseThrow(),
              to.port().get());
      wires.add(wire);
      if (fed.add(wire.to()) && !wire.isSelf()) {
        edges.add(wire);
      }
    }

    List<Member> order = order(members, edges);
    List<Port> inputs = inputs(order, edges);
    return new CompositionGraph(
        type,
        isolated,
        annotations.string(isolated, "scope"),
        annotations.value(isolated, "scope"),
        ModelMember.allOf(type),
        helpers,
        declarations,
        wireDeclarations,
        wires,
        edges,
        order,
        inputs,
        outputs(order, edges, inputs));
  }

  // Members.

  /** {@code MODEL}, {@code COMPOSITION}, or null for a type that is neither. */
  private static String memberKind(Optional<TypeElement> returned) {
    if (returned.flatMap(t -> Annotations.find(t, TypeNames.MODEL)).isPresent()) {
      return TypeNames.MODEL; // a type with both annotations is processed as a model
    }
    if (returned.flatMap(t -> Annotations.find(t, TypeNames.ISOLATED)).isPresent()) {
      return TypeNames.ISOLATED;
    }
    return null;
  }

  /** The {@link Member} {@code method} declares, or the first reason it does not declare one. */
  private MemberDeclaration declaration(
      TypeElement composition,
      AnnotationMirror compositionIsolated,
      ExecutableElement method,
      Optional<TypeElement> returned,
      Function<TypeElement, Optional<CompositionGraph>> nested) {
    AnnotationMirror isolated = Annotations.find(method, TypeNames.ISOLATED).orElse(null);
    String kind = memberKind(returned);
    if (kind == null) {
      return MemberDeclaration.unresolved(method, isolated, new Unresolved.NotAModel());
    }
    String signatureProblem = signatureProblem(method);
    if (signatureProblem != null) {
      return MemberDeclaration.unresolved(
          method, isolated, new Unresolved.Signature(signatureProblem));
    }
    String level = annotations.enumConstant(compositionIsolated, "level");
    String scope = null;
    if (isolated != null) {
      if (Annotations.explicitValue(isolated, "level") != null) {
        level = annotations.enumConstant(isolated, "level");
      }
      String own = annotations.string(isolated, "scope");
      if (!own.isEmpty()) {
        String bad = GraphNames.invalidScopeSegment(own);
        if (bad != null) {
          return MemberDeclaration.unresolved(
              method,
              isolated,
              new Unresolved.InvalidScope(own, bad, annotations.value(isolated, "scope")));
        }
        scope = own;
      }
    }
    TypeElement memberType = returned.orElseThrow();
    if (kind.equals(TypeNames.ISOLATED)) {
      // Checked before reading the nested composition, which would otherwise recurse forever.
      List<String> chain = nestingChain(memberType, composition, new HashSet<>());
      if (chain != null) {
        return MemberDeclaration.unresolved(
            method, isolated, new Unresolved.NestingCycle(memberType, chain));
      }
      Optional<CompositionGraph> graph = nested.apply(memberType);
      if (graph.isEmpty()) {
        return MemberDeclaration.unresolved(method, isolated, new Unresolved.InvalidType());
      }
      String nestedScope = scope != null ? scope : method.getSimpleName().toString();
      return MemberDeclaration.resolved(
          method, isolated, nestedMember(method, graph.get(), isolated, level, nestedScope));
    }
    AnnotationMirror model = Annotations.find(memberType, TypeNames.MODEL).orElseThrow();
    Optional<ModelDescriptor> validated = modelValidator.validate(memberType, model).descriptor();
    if (validated.isEmpty()) {
      // Reported on the model itself (or, from a class file, when its library was compiled).
      return MemberDeclaration.unresolved(method, isolated, new Unresolved.InvalidType());
    }
    ModelDescriptor descriptor = validated.get();
    return MemberDeclaration.resolved(
        method,
        isolated,
        modelMember(
            method, memberType, descriptor, isolated, level,
            scope != null ? scope : descriptor.scope()));
  }

  /** A model member: its ports are the model's inputs and outputs. */
  private static Member modelMember(
      ExecutableElement method,
      TypeElement type,
      ModelDescriptor model,
      AnnotationMirror isolated,
      String level,
      String scope) {
    // A model output needs every prediction input.
    List<String> predictionInputs =
        model.predictionInputs().stream().map(Input::graphName).toList();
    return new Member(
        method,
        type,
        model.generatedClass(),
        model.inputs().stream()
            .map(
                in ->
                    new MemberPort(
                        in.graphName(), in.methodName(), in.type(), in.shape(), in.label(),
                        List.of()))
            .toList(),
        model.outputs().stream()
            .map(
                out ->
                    new MemberPort(
                        out.graphName(), out.methodName(), out.type(), out.shape(), false,
                        predictionInputs))
            .toList(),
        isolated,
        level,
        scope,
        true);
  }

  /** A nested composition member: its ports are the nested composition's inputs and outputs. */
  private static Member nestedMember(
      ExecutableElement method,
      CompositionGraph nested,
      AnnotationMirror isolated,
      String level,
      String scope) {
    return new Member(
        method,
        nested.type(),
        nested.generatedClass(),
        nested.inputs().stream()
            .map(i -> new MemberPort(i.name(), i.name(), type(i), shape(i), false, List.of()))
            .toList(),
        nested.outputs().stream()
            .map(o -> new MemberPort(o.name(), o.name(), type(o), shape(o), false, o.needs()))
            .toList(),
        isolated,
        level,
        scope,
        nested.trainable());
  }

  private static TensorType type(Port port) {
    return port.port().type();
  }

  private static List<Long> shape(Port port) {
    return port.port().shape();
  }

  /** Why {@code method} cannot be a member, or null. */
  private static String signatureProblem(ExecutableElement method) {
    if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
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

  /**
   * The way {@code from} nests {@code target}, through its (and its nested compositions') member
   * methods, e.g. {@code [B.a(), A]}; null when it does not. Follows every abstract method that
   * could be a nested member, a superset of what is resolved, so that recursion ends.
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
      if (!TypeNames.ISOLATED.equals(memberKind(returned))) {
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

  private static Optional<TypeElement> declaredType(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    return Optional.of((TypeElement) ((DeclaredType) type).asElement());
  }

  // Wires.

  /** The {@code @Wire}s of {@code composition}, written directly or in {@code @Wires}, in order. */
  private List<AnnotationMirror> wireMirrors(TypeElement composition) {
    List<AnnotationMirror> mirrors = new ArrayList<>();
    Annotations.find(composition, TypeNames.WIRE).ifPresent(mirrors::add);
    Optional<AnnotationMirror> container = Annotations.find(composition, TypeNames.WIRES);
    if (container.isPresent()) {
      if (!(annotations.value(container.get(), "value").getValue() instanceof List<?> list)) {
        throw new Annotations.Malformed("value");
      }
      for (Object o : list) {
        if (o instanceof AnnotationValue v && v.getValue() instanceof AnnotationMirror m) {
          mirrors.add(m);
        } else {
          throw new Annotations.Malformed("value");
        }
      }
    }
    return mirrors;
  }

  /** One end of {@code wire}, resolved against the members as far as it goes. */
  private End end(AnnotationMirror wire, boolean isFrom, List<Member> members) {
    String attribute = isFrom ? "from" : "to";
    String value = annotations.string(wire, attribute);
    AnnotationValue position = annotations.value(wire, attribute);
    int dot = value.indexOf('.');
    if (dot <= 0 || dot == value.length() - 1) {
      return new End(isFrom, value, position, null, null, Optional.empty(), Optional.empty());
    }
    String memberName = value.substring(0, dot);
    String portName = value.substring(dot + 1);
    Optional<Member> member =
        members.stream().filter(m -> m.name().equals(memberName)).findFirst();
    Optional<MemberPort> port =
        member.flatMap(m -> isFrom ? m.output(portName) : m.input(portName));
    return new End(isFrom, value, position, memberName, portName, member, port);
  }

  // What follows from members and wires.

  /**
   * A stable topological sort of the members along {@code edges} (among the members ready to
   * build, declaration order wins); empty when the edges form a cycle.
   */
  private static List<Member> order(List<Member> members, List<Wire> edges) {
    List<Member> order = new ArrayList<>();
    Set<Member> placed = new HashSet<>();
    while (order.size() < members.size()) {
      Member next = null;
      for (Member m : members) {
        if (!placed.contains(m)
            && edges.stream()
                .filter(w -> w.toMember().equals(m))
                .allMatch(w -> placed.contains(w.fromMember()))) {
          next = m;
          break;
        }
      }
      if (next == null) {
        return List.of();
      }
      order.add(next);
      placed.add(next);
    }
    return order;
  }

  /** Every unwired non-label member input: members in build order, inputs in declaration order. */
  private static List<Port> inputs(List<Member> order, List<Wire> edges) {
    List<Port> inputs = new ArrayList<>();
    for (Member m : order) {
      for (MemberPort in : m.predictionInputs()) {
        if (feeding(m, in, edges).isEmpty()) {
          inputs.add(new Port(m.portName(in), m, in, List.of()));
        }
      }
    }
    return inputs;
  }

  /**
   * Every member output, in build order, with the composition inputs it needs: exactly the
   * runtime's {@code CompositionRuntime.inputsOf}, in input order.
   */
  private static List<Port> outputs(List<Member> order, List<Wire> edges, List<Port> inputs) {
    List<Port> outputs = new ArrayList<>();
    for (Member m : order) {
      for (MemberPort out : m.outputs()) {
        Set<String> needed = new HashSet<>();
        collectNeeds(m, out, edges, needed, new HashSet<>());
        outputs.add(
            new Port(
                m.portName(out),
                m,
                out,
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
      Member m, MemberPort out, List<Wire> edges, Set<String> needed, Set<String> seen) {
    if (!seen.add(m.name() + "." + out.name())) {
      return;
    }
    for (String name : out.needs()) {
      MemberPort in = m.input(name).orElseThrow();
      Optional<Wire> wire = feeding(m, in, edges);
      if (wire.isPresent()) {
        collectNeeds(wire.get().fromMember(), wire.get().output(), edges, needed, seen);
      } else {
        needed.add(m.portName(in));
      }
    }
  }

  private static Optional<Wire> feeding(Member m, MemberPort in, List<Wire> edges) {
    return edges.stream()
        .filter(w -> w.toMember().equals(m) && w.input().equals(in))
        .findFirst();
  }
}
