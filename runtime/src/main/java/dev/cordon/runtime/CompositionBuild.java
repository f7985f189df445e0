package dev.cordon.runtime;

import dev.cordon.Isolation;
import dev.cordon.runtime.CompositionSpec.MemberSpec;
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
 * <p>SCOPE and BOUNDARY members are built into one graph the composition owns; a wire between two
 * of them becomes a named copy of the upstream output in the downstream member's scope ({@code
 * identity} between SCOPE members, {@code stopGradient} when either side is a BOUNDARY). A GRAPH
 * member gets a graph and session of its own; wires into and out of it stay placeholders, fed at
 * run time with the upstream session's result tensor.
 */
public final class CompositionBuild {

  private final CompositionSpec spec;
  private final long seed;
  private final Optimizer optimizer;
  private final Map<String, String> scopeOverrides;
  private final SharedGraph shared = SharedGraph.create();
  private final Map<String, ModelRuntime> members = new LinkedHashMap<>();
  private ModelBuild head;
  private boolean done;

  private CompositionBuild(CompositionSpec spec, long seed, Optimizer optimizer, Map<String, String> scopes) {
    this.spec = spec;
    this.seed = seed;
    this.optimizer = optimizer;
    this.scopeOverrides = scopes;
  }

  static CompositionBuild start(CompositionSpec spec, long seed, Optimizer optimizer, Map<String, String> scopes) {
    return new CompositionBuild(spec, seed, optimizer, scopes);
  }

  /**
   * Configures {@code builder} as member {@code name}: its graph, scope, seed, optimizer and the
   * wires into it. Its {@code build()} then registers the built member with this composition.
   */
  public <B extends ModelBuilder<B>> B member(String name, B builder) {
    MemberSpec member = spec.member(name);
    int index = spec.members().indexOf(member);
    if (index != members.size()) {
      throw new IllegalStateException(
          spec.simpleName() + ": member '" + name + "' built out of order; expected '"
              + spec.members().get(members.size()).name() + "'");
    }
    builder.scope(scopeOf(member)).seed(Initializers.mix(seed, name));
    if (optimizer != null) {
      builder.optimizer(optimizer);
    }
    if (member.level() != Isolation.GRAPH) {
      builder.graph(shared);
    }
    for (WireSpec wire : spec.wires()) {
      if (!wire.toMember().equals(name)) {
        continue;
      }
      Isolation level = CompositionRuntime.wireLevel(spec, wire);
      if (level == Isolation.GRAPH) {
        continue; // crosses graphs: the input stays a placeholder, fed at run time
      }
      ModelRuntime from = members.get(wire.fromMember());
      if (from == null) {
        throw new IllegalStateException(
            spec.simpleName() + ": wire " + wire.from() + " -> " + wire.to() + " comes from a member not built yet");
      }
      builder.wire(wire.toInput(), new WiredInput(from.outputOperand(wire.fromOutput()), wire.from(),
          level == Isolation.BOUNDARY));
    }
    builder.onBuilt(runtime -> members.put(name, runtime));
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
   * Registers the composition's own loss. Its training step updates the variables of SCOPE
   * members only: BOUNDARY and GRAPH members are never trained by it.
   */
  public <T extends TNumber> Operand<T> loss(Operand<T> value) {
    ModelBuild h = head();
    List<ModelVariable<?>> trainable = new ArrayList<>();
    for (MemberSpec m : spec.members()) {
      if (m.level() == Isolation.SCOPE) {
        ModelRuntime member = members.get(m.name());
        for (ModelVariable<?> v : member.variableList()) {
          // Slots of the composition's optimizer are named after member and variable.
          trainable.add(renamed(v, m.name() + "/" + v.path()));
        }
      }
    }
    h.alsoTrain(trainable);
    return h.loss(value);
  }

  private static <T extends TType> ModelVariable<T> renamed(ModelVariable<T> v, String path) {
    return new ModelVariable<>(path, v.type(), v.shape(), v.handle(), v.read());
  }

  public CompositionRuntime finish() {
    if (members.size() != spec.members().size()) {
      throw new IllegalStateException(spec.simpleName() + ": not every member was built");
    }
    ModelRuntime headRuntime = head == null ? null : head.finish();
    done = true;
    return new CompositionRuntime(spec, shared, members, headRuntime, scopes());
  }

  /** Closes every member built so far and the composition's graph. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    if (head != null) {
      head.abort();
    }
    for (ModelRuntime m : members.values()) {
      m.close();
    }
    shared.close();
  }

  private ModelBuild head() {
    if (head == null) {
      ModelSpec h = spec.head();
      head = ModelBuild.start(h, spec.scope(), seed, optimizer == null ? Optimizer.adam(0.001f) : optimizer,
          shared, Map.of(), runtime -> {});
    }
    return head;
  }

  private String scopeOf(MemberSpec member) {
    return scopeOverrides.getOrDefault(member.name(), member.scope());
  }

  private Map<String, String> scopes() {
    Map<String, String> scopes = new LinkedHashMap<>();
    for (MemberSpec m : spec.members()) {
      scopes.put(m.name(), scopeOf(m));
    }
    return scopes;
  }
}
