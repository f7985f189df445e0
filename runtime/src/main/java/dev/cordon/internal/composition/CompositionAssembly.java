package dev.cordon.internal.composition;

import dev.cordon.Isolation;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.Initializers;
import dev.cordon.internal.IsolationAudit;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelVariable;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.internal.WiredInput;
import dev.cordon.internal.composition.CompositionGraph.Member;
import dev.cordon.internal.composition.CompositionGraph.Port;
import dev.cordon.internal.composition.CompositionSpec.MemberSpec;
import dev.cordon.internal.composition.CompositionSpec.PortSpec;
import dev.cordon.internal.composition.CompositionSpec.WireSpec;
import dev.cordon.runtime.CompositionBuilder;
import dev.cordon.runtime.Layers;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import java.util.Set;
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
public final class CompositionAssembly {

  /**
   * How a parent composition builds this one as its member.
   *
   * @param graph the parent's shared graph, or null for a GRAPH member (it gets a graph of its own)
   * @param scope the member's scope, under which this composition's scopes nest
   * @param wires the parent's wires into this composition's inputs, by input name
   * @param onBuilt told of the built composition
   */
  public record Nesting(
      SharedGraph graph, String scope, Map<String, WiredInput> wires, Consumer<CompositionEngine> onBuilt) {}

  /** The prefix of the members' variables in the composition's training-state checkpoint. */
  static final String MEMBERS_KEY = "cordon.members/";

  private final CompositionSpec spec;
  private final long seed;
  private final Optimizer optimizer;
  private final Map<String, String> scopeOverrides;
  private final Nesting nesting;
  private dev.cordon.runtime.Execution execution; // null: each member's own
  private final SharedGraph shared;
  private final GraphHandle sharedHandle;
  private final boolean ownsGraph;
  private final CompositionGraphFactory resolved;
  private final List<AutoCloseable> built = new ArrayList<>(); // the members' engines, in build order
  private ModelAssembly own; // the composition's own labels and loss
  private boolean done;

  private CompositionAssembly(
      CompositionSpec spec, long seed, Optimizer optimizer, Map<String, String> scopes, Nesting nesting) {
    this.spec = spec;
    this.seed = seed;
    this.optimizer = optimizer;
    this.scopeOverrides = scopes;
    this.nesting = nesting;
    this.ownsGraph = nesting == null || nesting.graph() == null;
    this.shared = ownsGraph ? SharedGraph.create() : nesting.graph();
    this.sharedHandle = RuntimeAccess.get().handle(shared);
    this.resolved = new CompositionGraphFactory(spec);
  }

  /** Called by {@code CompositionBuilder.start()}. */
  public static CompositionAssembly start(
      CompositionSpec spec, long seed, Optimizer optimizer, Map<String, String> scopes, Nesting nesting) {
    return new CompositionAssembly(spec, seed, optimizer, scopes, nesting);
  }

  /** The builder's execution option: applies to every member and to the composition's own runs. */
  public CompositionAssembly execution(dev.cordon.runtime.Execution execution) {
    this.execution = execution;
    return this;
  }

  /**
   * Configures {@code builder} as the model member {@code name}: its graph, scope, seed, optimizer
   * and the wires into it. Its {@code build()} then registers the member with this composition.
   */
  public <B extends ModelBuilder<B>> B member(String name, B builder) {
    MemberSpec member = next(name);
    RuntimeAccess access = RuntimeAccess.get();
    boolean ownGraph = member.level() == Isolation.GRAPH;
    String scope = scopeOf(member);
    configure(name, builder::seed, builder::optimizer);
    if (execution != null) {
      builder.execution(execution);
    }
    builder.scope(scope);
    if (!ownGraph) {
      builder.graph(shared);
      wiresInto(name, member).forEach((input, wire) -> access.wire(builder, input, wire));
    }
    access.onBuilt(builder, engine -> {
      built.add(engine);
      resolved.addModel(name, engine, member.level(), scope);
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
    if (execution != null) {
      builder.execution(execution);
    }
    Map<String, WiredInput> into = ownGraph ? Map.of() : wiresInto(name, member);
    RuntimeAccess.get().nestInto(builder, new Nesting(ownGraph ? null : shared, scopeOf(member), into, engine -> {
      built.add(engine);
      resolved.addComposition(name, member.level(), engine.resolved());
    }));
    return builder;
  }

  /** Ops for the composition's own loss, scoped to the composition. */
  public Ops ops() {
    return own().ops();
  }

  /** The layer DSL for the composition's own loss. */
  public Layers layers() {
    return own().layers();
  }

  /** The placeholder of the composition's own label {@code name}. */
  public <T extends TType> Operand<T> label(String name, Class<T> type) {
    return own().input(name, type);
  }

  /**
   * Registers the composition's own loss. Its training step updates SCOPE members only: BOUNDARY
   * and GRAPH members, and anything inside them, are never trained by it.
   */
  public <T extends TNumber> Operand<T> loss(Operand<T> value) {
    ModelAssembly assembly = own();
    List<ModelVariable<?>> trainable = new ArrayList<>();
    List<Member> trained = CompositionEngine.trainedMembers(resolved.members(), sharedHandle);
    for (Member m : trained) {
      for (ModelVariable<?> v : m.engine().variableList()) {
        if (!v.trainable()) {
          continue; // moving statistics and the like: updated by assignment, never differentiated
        }
        // The composition's optimizer names its slots after member path and variable.
        trainable.add(renamed(v, m.path().replace('.', '/') + "/" + v.path()));
      }
    }
    assembly.alsoTrain(trainable);
    // Its training steps run the SCOPE members in training mode (their moving averages and step
    // counts advance); its backups hold every variable of the graph's members.
    Set<GraphOperation> upstream = shared.graph().subgraphTo(Set.of(value));
    for (Member m : trained) {
      List<Op> updates = new ArrayList<>();
      for (Op update : m.engine().stepUpdates()) {
        if (computedWith(update, upstream)) {
          updates.add(update);
        }
      }
      assembly.alsoStep(updates, m.engine().stepCounter());
    }
    List<ModelVariable<?>> saved = new ArrayList<>();
    for (Member m : resolved.members()) {
      if (m.handle() == sharedHandle) {
        List<ModelVariable<?>> state = new ArrayList<>(m.engine().variableList());
        if (m.engine().stepCounter() != null) {
          state.add(m.engine().stepCounter());
        }
        for (ModelVariable<?> v : state) {
          saved.add(renamed(v, MEMBERS_KEY + m.path() + "/" + v.path()));
        }
      }
    }
    assembly.alsoSaveWithTrainingState(saved);
    return assembly.loss(value);
  }

  /** Completes the composition once every member is built. */
  public CompositionEngine finish() {
    for (MemberSpec m : spec.members()) {
      if (!resolved.isBuilt(m.name())) {
        throw new IllegalStateException(spec.simpleName() + ": not every member was built");
      }
    }
    CompositionGraph graph = resolved.build();
    declareForAudit(graph);
    ModelEngine ownEngine = own == null ? null : own.finish();
    CompositionEngine engine =
        new CompositionEngine(spec, shared, ownsGraph, built, graph, ownEngine, execution);
    done = true;
    if (nesting != null) {
      nesting.onBuilt().accept(engine);
    }
    return engine;
  }

  /** Closes every member built so far and, when it owns it, the composition's graph. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    if (own != null) {
      own.abort();
    }
    for (AutoCloseable m : built) {
      CompositionEngine.closeMember(m);
    }
    if (ownsGraph) {
      shared.close();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Tells the shared graph, for {@code SharedGraph.audit()}, this composition's wires inside it and
   * which member scopes its own scope holds. Done before the own model finishes, while its build
   * holds the graph's build lock (which the audit waits for).
   */
  private void declareForAudit(CompositionGraph graph) {
    List<String> memberScopes = new ArrayList<>();
    for (Member m : graph.members()) {
      if (m.handle() == sharedHandle) {
        memberScopes.add(m.scope());
      }
    }
    List<IsolationAudit.DeclaredWire> declared = new ArrayList<>();
    for (CompositionGraph.Wire w : graph.wires()) {
      if (w.from().member().handle() == sharedHandle && !w.crossesGraphs()) {
        declared.add(new IsolationAudit.DeclaredWire(
            w.from().member().scope(), w.from().name(), w.to().member().scope(), w.to().name(), w.level()));
      }
    }
    sharedHandle.declareComposition(own == null ? null : ownScope(), memberScopes, declared);
  }

  /**
   * The wires into member {@code name} whose source is in the shared graph, by the member's input:
   * from an earlier member's output, or from the parent's wire into one of this composition's
   * inputs. A wire from a GRAPH member is no graph edge: its tensor is fed at run time.
   */
  private Map<String, WiredInput> wiresInto(String name, MemberSpec member) {
    Map<String, WiredInput> into = new LinkedHashMap<>();
    for (WireSpec w : spec.wires()) {
      if (w.toMember().equals(name)) {
        Port from = resolved.output(w.fromMember(), w.fromOutput());
        if (from.member().handle() == sharedHandle) {
          into.put(w.toInput(), new WiredInput(from.member().engine().outputOperand(from.name()), w.from(),
              CompositionGraph.stricter(from.member().level(), member.level())));
        }
      }
    }
    for (PortSpec in : spec.inputs()) {
      WiredInput incoming = nesting == null ? null : nesting.wires().get(in.name());
      if (in.member().equals(name) && incoming != null && incoming.source().env() == sharedHandle.graph()) {
        into.put(in.port(), incoming.atLeast(member.level()));
      }
    }
    return into;
  }

  /**
   * Whether the loss's run can also run {@code update}: every input it needs that is not upstream
   * of the loss (and so fed) is computed without a fed value. A SCOPE member beside the loss, fed
   * from a composition input the loss never reads, keeps its moving averages out of the step.
   */
  private static boolean computedWith(Op update, Set<GraphOperation> upstream) {
    java.util.Deque<GraphOperation> todo = new java.util.ArrayDeque<>();
    todo.add((GraphOperation) update.op());
    Set<GraphOperation> seen = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (upstream.contains(op) || !seen.add(op)) {
        continue;
      }
      if (op.type().equals("Placeholder")) {
        return false;
      }
      for (Operand<?> in : op.inputs()) {
        todo.add((GraphOperation) in.op());
      }
      todo.addAll(op.controlInputs());
    }
    return true;
  }

  private MemberSpec next(String name) {
    MemberSpec member = spec.member(name);
    int index = spec.members().indexOf(member);
    int builtSoFar = (int) spec.members().stream().filter(m -> resolved.isBuilt(m.name())).count();
    if (index != builtSoFar) {
      throw new IllegalStateException(
          spec.simpleName() + ": member '" + name + "' built out of order; expected '"
              + spec.members().get(builtSoFar).name() + "'");
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

  private static <T extends TType> ModelVariable<T> renamed(ModelVariable<T> v, String path) {
    return new ModelVariable<>(path, v.type(), v.shape(), v.handle(), v.read(), v.trainable());
  }

  private ModelAssembly own() {
    if (own == null) {
      own = ModelAssembly.start(spec.ownSpec(), ownScope(), seed,
          optimizer == null ? Optimizer.adam(0.001f) : optimizer, sharedHandle, Map.of(), engine -> {},
          dev.cordon.internal.savedmodel.SavedModelBinding.Options.NONE,
          execution == null ? dev.cordon.runtime.Execution.AUTO : execution);
    }
    return own;
  }

  private String ownScope() {
    return nesting == null ? spec.scope() : nesting.scope() + "/" + spec.scope();
  }

  private String scopeOf(MemberSpec member) {
    String scope = scopeOverrides.getOrDefault(member.name(), member.scope());
    return nesting == null ? scope : nesting.scope() + "/" + scope;
  }
}
