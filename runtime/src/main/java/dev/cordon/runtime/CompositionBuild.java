package dev.cordon.runtime;

import dev.cordon.Isolation;
import dev.cordon.runtime.CompositionSpec.MemberSpec;
import dev.cordon.runtime.CompositionSpec.PortSpec;
import dev.cordon.runtime.CompositionSpec.WireSpec;
import dev.cordon.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * A composition under construction. The generated constructor builds each member, in the spec's
 * order, through {@link #member}, then the composition's own labels and loss, then {@link
 * #finish()} (or {@link #abort()} when anything threw).
 *
 * <p>SCOPE and BOUNDARY members are built into one graph; a wire between two of them becomes a
 * named copy of the upstream output in the downstream member's scope ({@code identity} between
 * SCOPE members, {@code stopGradient} when either side is a BOUNDARY). A GRAPH member gets a graph
 * and session of its own; wires into and out of it stay placeholders, fed at run time with the
 * upstream session's result tensor. A member that is itself a composition is built into the same
 * graph (or, at GRAPH level, a graph of its own) with its members' scopes nested under its scope.
 */
public final class CompositionBuild {

  /** What a finished nested build hands to its parent. */
  record Built(
      CompositionRuntime runtime,
      List<Leaf> leaves,
      List<LeafWire> wires,
      Map<String, LeafPort> inputs,
      Map<String, LeafPort> outputs) {}

  private final CompositionSpec spec;
  private final long seed;
  private final Optimizer optimizer;
  private final Map<String, String> scopeOverrides;
  private final CompositionBuilder.Nesting nesting;
  private final SharedGraph shared;
  private final boolean ownsGraph;
  private final Map<String, Object> members = new LinkedHashMap<>(); // ModelRuntime or Built
  private final List<Leaf> leaves = new ArrayList<>();
  private final List<LeafWire> wires = new ArrayList<>();
  private ModelBuild head;
  private boolean done;

  private CompositionBuild(
      CompositionSpec spec, long seed, Optimizer optimizer, Map<String, String> scopes,
      CompositionBuilder.Nesting nesting) {
    this.spec = spec;
    this.seed = seed;
    this.optimizer = optimizer;
    this.scopeOverrides = scopes;
    this.nesting = nesting;
    this.ownsGraph = nesting == null || nesting.graph() == null;
    this.shared = ownsGraph ? SharedGraph.create() : nesting.graph();
  }

  static CompositionBuild start(
      CompositionSpec spec, long seed, Optimizer optimizer, Map<String, String> scopes,
      CompositionBuilder.Nesting nesting) {
    return new CompositionBuild(spec, seed, optimizer, scopes, nesting);
  }

  /**
   * Configures {@code builder} as the model member {@code name}: its graph, scope, seed, optimizer
   * and the wires into it. Its {@code build()} then registers the member with this composition.
   */
  public <B extends ModelBuilder<B>> B member(String name, B builder) {
    MemberSpec member = next(name);
    boolean ownGraph = member.level() == Isolation.GRAPH;
    String scope = scopeOf(member);
    configure(name, builder::seed, builder::optimizer);
    builder.scope(scope);
    if (!ownGraph) {
      builder.graph(shared);
    }
    for (WireSpec w : spec.wires()) {
      if (w.toMember().equals(name)) {
        Leaf from = leaf(resolveOutput(w.fromMember(), w.fromOutput()));
        Isolation level = stricter(from.level(), member.level());
        if (!ownGraph && from.handle() == shared.handle) {
          Operand<?> source = from.runtime().outputOperand(resolveOutput(w.fromMember(), w.fromOutput()).port());
          builder.wire(w.toInput(), new WiredInput(source, w.from(), level));
        }
      }
    }
    for (PortSpec in : spec.inputs()) {
      WiredInput incoming = incoming(in.name());
      if (in.member().equals(name) && incoming != null && !ownGraph && sameGraph(incoming)) {
        builder.wire(in.port(), incoming.atLeast(member.level()));
      }
    }
    builder.onBuilt(runtime -> {
      members.put(name, runtime);
      leaves.add(new Leaf(name, runtime, member.level(), scope));
      recordWiresInto(name);
    });
    return builder;
  }

  /**
   * Configures {@code builder} as the nested composition member {@code name}: it builds its own
   * members into this composition's graph (or a graph of its own, at GRAPH level), under {@code
   * <member scope>/...}.
   */
  public <B extends CompositionBuilder<B>> B member(String name, B builder) {
    MemberSpec member = next(name);
    boolean ownGraph = member.level() == Isolation.GRAPH;
    configure(name, builder::seed, builder::optimizer);
    Map<String, WiredInput> into = new LinkedHashMap<>();
    if (!ownGraph) {
      for (WireSpec w : spec.wires()) {
        if (w.toMember().equals(name)) {
          LeafPort port = resolveOutput(w.fromMember(), w.fromOutput());
          Leaf from = leaf(port);
          if (from.handle() == shared.handle) {
            into.put(w.toInput(), new WiredInput(
                from.runtime().outputOperand(port.port()), w.from(), stricter(from.level(), member.level())));
          }
        }
      }
      for (PortSpec in : spec.inputs()) {
        WiredInput incoming = incoming(in.name());
        if (in.member().equals(name) && incoming != null && sameGraph(incoming)) {
          into.put(in.port(), incoming.atLeast(member.level()));
        }
      }
    }
    builder.nestInto(new CompositionBuilder.Nesting(
        ownGraph ? null : shared, scopeOf(member), into, built -> absorb(name, member, built)));
    return builder;
  }

  /** Ops for the composition's own loss, scoped to the composition. */
  public Ops ops() {
    return head().ops();
  }

  /** The layer DSL for the composition's own loss. */
  public Layers layers() {
    return head().layers();
  }

  /** The placeholder of the composition's own label {@code name}. */
  public <T extends TType> Operand<T> label(String name, Class<T> type) {
    return head().input(name, type);
  }

  /**
   * Registers the composition's own loss. Its training step updates SCOPE members only: BOUNDARY
   * and GRAPH members, and anything inside them, are never trained by it.
   */
  public <T extends TNumber> Operand<T> loss(Operand<T> value) {
    ModelBuild h = head();
    List<ModelVariable<?>> trainable = new ArrayList<>();
    for (Leaf leaf : leaves) {
      if (leaf.level() == Isolation.SCOPE && leaf.handle() == shared.handle) {
        for (ModelVariable<?> v : leaf.runtime().variableList()) {
          if (!v.trainable()) {
            continue; // moving statistics and the like: updated by assignment, never differentiated
          }
          // The composition's optimizer names its slots after leaf and variable.
          trainable.add(renamed(v, leaf.path().replace('.', '/') + "/" + v.path()));
        }
      }
    }
    h.alsoTrain(trainable);
    return h.loss(value);
  }

  public CompositionRuntime finish() {
    if (members.size() != spec.members().size()) {
      throw new IllegalStateException(spec.simpleName() + ": not every member was built");
    }
    ModelRuntime headRuntime = head == null ? null : head.finish();
    Map<String, LeafPort> inputs = new LinkedHashMap<>();
    for (PortSpec in : spec.inputs()) {
      inputs.put(in.name(), resolveInput(in.member(), in.port()));
    }
    Map<String, LeafPort> outputs = new LinkedHashMap<>();
    for (PortSpec out : spec.outputs()) {
      outputs.put(out.name(), resolveOutput(out.member(), out.port()));
    }
    Map<String, Object> memberRuntimes = new LinkedHashMap<>();
    members.forEach((name, m) -> memberRuntimes.put(name, m instanceof Built b ? b.runtime() : m));
    CompositionRuntime runtime = new CompositionRuntime(
        spec, shared, ownsGraph, memberRuntimes, leaves, wires, inputs, outputs, headRuntime);
    done = true;
    if (nesting != null) {
      nesting.onBuilt().accept(new Built(runtime, leaves, wires, inputs, outputs));
    }
    return runtime;
  }

  /** Closes every member built so far and, when it owns it, the composition's graph. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    if (head != null) {
      head.abort();
    }
    for (Object m : members.values()) {
      if (m instanceof ModelRuntime model) {
        model.close();
      } else if (m instanceof Built built) {
        built.runtime().close();
      }
    }
    if (ownsGraph) {
      shared.close();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private MemberSpec next(String name) {
    MemberSpec member = spec.member(name);
    int index = spec.members().indexOf(member);
    if (index != members.size()) {
      throw new IllegalStateException(
          spec.simpleName() + ": member '" + name + "' built out of order; expected '"
              + spec.members().get(members.size()).name() + "'");
    }
    return member;
  }

  private void configure(String name, java.util.function.LongConsumer seedSetter,
      java.util.function.Consumer<Optimizer> optimizerSetter) {
    seedSetter.accept(Initializers.mix(seed, name));
    if (optimizer != null) {
      optimizerSetter.accept(optimizer);
    }
  }

  private void absorb(String name, MemberSpec member, Built built) {
    members.put(name, built);
    for (Leaf leaf : built.leaves()) {
      leaves.add(new Leaf(name + "." + leaf.path(), leaf.runtime(), stricter(leaf.level(), member.level()), leaf.scope()));
    }
    for (LeafWire w : built.wires()) {
      wires.add(new LeafWire(name + "." + w.fromLeaf(), w.fromOutput(), name + "." + w.toLeaf(), w.toInput(),
          w.level(), w.declared()));
    }
    recordWiresInto(name);
  }

  /** Records, as leaf wires, this composition's wires into member {@code name}, now built. */
  private void recordWiresInto(String name) {
    for (WireSpec w : spec.wires()) {
      if (w.toMember().equals(name)) {
        LeafPort from = resolveOutput(w.fromMember(), w.fromOutput());
        LeafPort to = resolveInput(w.toMember(), w.toInput());
        Isolation level = stricter(leaf(from).level(), leaf(to).level());
        wires.add(new LeafWire(from.leaf(), from.port(), to.leaf(), to.port(), level, w.from() + " -> " + w.to()));
      }
    }
  }

  private LeafPort resolveOutput(String member, String port) {
    Object m = members.get(member);
    if (m == null) {
      throw new IllegalStateException(spec.simpleName() + ": member '" + member + "' is not built yet");
    }
    if (m instanceof Built b) {
      LeafPort inner = b.outputs().get(port);
      if (inner == null) {
        throw new IllegalArgumentException(spec.simpleName() + "." + member + " has no output '" + port + "'");
      }
      return new LeafPort(member + "." + inner.leaf(), inner.port());
    }
    return new LeafPort(member, port);
  }

  private LeafPort resolveInput(String member, String port) {
    Object m = members.get(member);
    if (m instanceof Built b) {
      LeafPort inner = b.inputs().get(port);
      if (inner == null) {
        throw new IllegalArgumentException(spec.simpleName() + "." + member + " has no input '" + port + "'");
      }
      return new LeafPort(member + "." + inner.leaf(), inner.port());
    }
    return new LeafPort(member, port);
  }

  private Leaf leaf(LeafPort port) {
    for (Leaf leaf : leaves) {
      if (leaf.path().equals(port.leaf())) {
        return leaf;
      }
    }
    throw new IllegalStateException(spec.simpleName() + ": no built member '" + port.leaf() + "'");
  }

  private WiredInput incoming(String compositionInput) {
    return nesting == null ? null : nesting.wires().get(compositionInput);
  }

  private boolean sameGraph(WiredInput wire) {
    return wire.source().env() == shared.handle.graph();
  }

  private static Isolation stricter(Isolation a, Isolation b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  private static <T extends TType> ModelVariable<T> renamed(ModelVariable<T> v, String path) {
    return new ModelVariable<>(path, v.type(), v.shape(), v.handle(), v.read());
  }

  private ModelBuild head() {
    if (head == null) {
      head = ModelBuild.start(spec.head(), headScope(), seed,
          optimizer == null ? Optimizer.adam(0.001f) : optimizer, shared, Map.of(), runtime -> {});
    }
    return head;
  }

  private String headScope() {
    return nesting == null ? spec.scope() : nesting.scope() + "/" + spec.scope();
  }

  private String scopeOf(MemberSpec member) {
    String scope = scopeOverrides.getOrDefault(member.name(), member.scope());
    return nesting == null ? scope : nesting.scope() + "/" + scope;
  }
}
