package dev.cordon.processor;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.MemberPort;
import dev.cordon.processor.CompositionGraph.Port;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;

/**
 * Which composition inputs a composition's {@code @Loss} needs, so that {@code trainStep} takes
 * those and no others. Read from the loss's source through the Trees API: every member port the
 * loss (or a helper method of the composition it calls) reads, as {@code head().logits(tf, nn)}
 * or {@code encoder().pixels()}, brings the composition inputs that port is computed from (its
 * {@link Port#needs()} for an output; itself, or what its wire's source needs, for an input). A
 * member used any other way ({@code var h = head()}, a nested composition's member reached
 * through it) counts as reading every port of that member.
 *
 * <p>Where the source cannot be read (a compiler without the Trees API, a helper inherited from
 * a class file) or the loss lets the composition escape ({@code this} passed on), the answer is
 * every composition input, as before. Over-approximating is safe: the runtime checks, when the
 * composition is built, that the loss's graph reaches no input outside the list.
 */
final class LossReach {

  private final Trees trees;
  private final Types types;

  private LossReach(Trees trees, Types types) {
    this.trees = trees;
    this.types = types;
  }

  static LossReach create(ProcessingEnvironment env) {
    Trees trees;
    try {
      trees = Trees.instance(env);
    } catch (RuntimeException | LinkageError e) {
      trees = null; // not javac (e.g. ecj): every composition input
    }
    return new LossReach(trees, env.getTypeUtils());
  }

  /**
   * The names of the composition inputs the loss of {@code graph} needs, in input order; every
   * input when that cannot be read from the source. Empty for a composition without a loss.
   */
  List<String> trainInputs(CompositionGraph graph) {
    Optional<ModelMember> loss = graph.loss();
    if (loss.isEmpty()) {
      return List.of();
    }
    List<String> all = graph.inputs().stream().map(Port::name).toList();
    Optional<Set<String>> reached = reached(graph, loss.get().method());
    if (reached.isEmpty()) {
      return all;
    }
    return all.stream().filter(reached.get()::contains).toList();
  }

  /** The composition inputs the loss reaches, or empty when the source does not tell. */
  private Optional<Set<String>> reached(CompositionGraph graph, ExecutableElement lossMethod) {
    if (trees == null) {
      return Optional.empty();
    }
    Scan scan = new Scan(graph);
    Deque<ExecutableElement> pending = new ArrayDeque<>();
    Set<ExecutableElement> visited = new HashSet<>();
    pending.add(lossMethod);
    while (!pending.isEmpty()) {
      ExecutableElement method = pending.pop();
      if (!visited.add(method)) {
        continue;
      }
      TreePath path = trees.getPath(method);
      if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
        return Optional.empty(); // a helper from a class file, or no source
      }
      scan.scan(new TreePath(path, tree.getBody()), null);
      if (scan.unknown) {
        return Optional.empty();
      }
      pending.addAll(scan.calledHelpers);
      scan.calledHelpers.clear();
    }
    Set<String> needed = new LinkedHashSet<>();
    for (Member m : scan.wholeMembers) {
      for (MemberPort out : m.outputs()) {
        needed.addAll(needsOfOutput(graph, m, out));
      }
      for (MemberPort in : m.inputs()) {
        needed.addAll(needsOfInput(graph, m, in));
      }
    }
    for (PortRead read : scan.ports) {
      needed.addAll(
          read.isOutput()
              ? needsOfOutput(graph, read.member(), read.port())
              : needsOfInput(graph, read.member(), read.port()));
    }
    return Optional.of(needed);
  }

  private static List<String> needsOfOutput(CompositionGraph graph, Member m, MemberPort out) {
    for (Port p : graph.outputs()) {
      if (p.member().equals(m) && p.port().equals(out)) {
        return p.needs();
      }
    }
    return List.of();
  }

  /** A member input: a composition input itself, or fed by a wire from what its source needs. */
  private static List<String> needsOfInput(CompositionGraph graph, Member m, MemberPort in) {
    for (Port p : graph.inputs()) {
      if (p.member().equals(m) && p.port().equals(in)) {
        return List.of(p.name());
      }
    }
    for (CompositionGraph.Wire w : graph.edges()) {
      if (w.toMember().equals(m) && w.input().equals(in)) {
        return needsOfOutput(graph, w.fromMember(), w.output());
      }
    }
    return List.of(); // a label of a member model, which no composition input feeds
  }

  /** A port the loss reads: {@code member().output(...)} or {@code member().input()}. */
  private record PortRead(Member member, MemberPort port, boolean isOutput) {}

  /** One pass over a method body, collecting what it reads. */
  private final class Scan extends TreePathScanner<Void, Void> {
    private final CompositionGraph graph;
    final Set<Member> wholeMembers = new LinkedHashSet<>();
    final List<PortRead> ports = new java.util.ArrayList<>();
    final Set<ExecutableElement> calledHelpers = new LinkedHashSet<>();
    boolean unknown;

    Scan(CompositionGraph graph) {
      this.graph = graph;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      Element called = trees.getElement(getCurrentPath());
      if (called instanceof ExecutableElement method) {
        Optional<Member> member = member(method);
        if (member.isPresent()) {
          readMember(member.get(), getCurrentPath());
        } else if (isCompositionMethod(method)) {
          calledHelpers.add(method);
        } else if (isInherited(method)) {
          unknown = true; // a supertype's code, which may read anything
        }
      }
      return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void unused) {
      Element referenced = trees.getElement(getCurrentPath());
      if (referenced instanceof ExecutableElement method) {
        Optional<Member> member = member(method);
        if (member.isPresent()) {
          wholeMembers.add(member.get());
        } else if (isCompositionMethod(method)) {
          calledHelpers.add(method);
        }
      }
      return super.visitMemberReference(node, unused);
    }

    @Override
    public Void visitIdentifier(IdentifierTree node, Void unused) {
      // `this` as a value (not `this.x`): anything may then be read through it.
      if (node.getName().contentEquals("this")
          && !(getCurrentPath().getParentPath().getLeaf() instanceof MemberSelectTree)) {
        unknown = true;
      }
      return super.visitIdentifier(node, unused);
    }

    /** {@code member().port(...)} reads that port; any other use of {@code member()}, all. */
    private void readMember(Member member, TreePath call) {
      TreePath parent = call.getParentPath();
      TreePath grandParent = parent == null ? null : parent.getParentPath();
      if (parent != null
          && parent.getLeaf() instanceof MemberSelectTree select
          && grandParent != null
          && grandParent.getLeaf() instanceof MethodInvocationTree outer
          && outer.getMethodSelect() == select
          && trees.getElement(grandParent) instanceof ExecutableElement portMethod) {
        String name = portMethod.getSimpleName().toString();
        Optional<ModelMember> declared = ModelMember.of(portMethod);
        if (declared.isPresent() && declared.get().kind() == MemberKind.OUTPUT) {
          Optional<MemberPort> out =
              member.outputs().stream().filter(o -> o.methodName().equals(name)).findFirst();
          if (out.isPresent()) {
            ports.add(new PortRead(member, out.get(), true));
            return;
          }
        } else if (declared.isPresent() && declared.get().kind() == MemberKind.INPUT) {
          Optional<MemberPort> in =
              member.inputs().stream().filter(i -> i.methodName().equals(name)).findFirst();
          if (in.isPresent()) {
            ports.add(new PortRead(member, in.get(), false));
            return;
          }
        }
      }
      wholeMembers.add(member);
    }

    /** An instance method of a supertype of the composition, other than Object's. */
    private boolean isInherited(ExecutableElement method) {
      if (method.getModifiers().contains(Modifier.STATIC)
          || !(method.getEnclosingElement() instanceof TypeElement owner)
          || owner.equals(graph.type())
          || owner.getQualifiedName().contentEquals("java.lang.Object")) {
        return false;
      }
      return types.isSubtype(
          types.erasure(graph.type().asType()), types.erasure(owner.asType()));
    }

    private Optional<Member> member(ExecutableElement method) {
      return graph.members().stream().filter(m -> m.method().equals(method)).findFirst();
    }

    /** A non-static method of the composition type itself (a helper or a default method). */
    private boolean isCompositionMethod(ExecutableElement method) {
      Element owner = method.getEnclosingElement();
      if (!(owner instanceof TypeElement type) || method.getModifiers().contains(Modifier.STATIC)) {
        return false;
      }
      if (!type.equals(graph.type())) {
        return false;
      }
      return ModelMember.of(method).map(m -> m.kind() != MemberKind.INPUT).orElse(true);
    }
  }

}
