package dev.cordon.runtime;

import dev.cordon.Isolation;
import dev.cordon.runtime.CompositionSpec.MemberSpec;
import dev.cordon.runtime.CompositionSpec.PortSpec;
import dev.cordon.runtime.CompositionSpec.WireSpec;
import dev.cordon.runtime.ModelSpec.InputSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TType;

/**
 * A built composition: what generated compositions delegate to. Runs only the sessions an
 * output needs: SCOPE and BOUNDARY members share one graph and run together; a GRAPH member's
 * session runs only when one of its outputs is needed, and its result tensor is fed to the next
 * session as it is (TF shares the buffer: no copy through Java memory).
 *
 * <p>Ownership: tensors passed in stay the caller's; a tensor returned by {@link #predict} is the
 * caller's; {@link CompositionOutputs} owns the tensors of a {@link #run}. Intermediate tensors
 * handed between sessions are closed before a call returns. {@link #close()} closes every member
 * and every graph and session the composition created.
 */
public final class CompositionRuntime implements AutoCloseable {

  /** Where a member input's value comes from. */
  private record Source(int compositionInput, WireSpec wire, boolean crossesGraphs) {}

  private final CompositionSpec spec;
  private final SharedGraph shared;
  private final Map<String, ModelRuntime> members;
  private final ModelRuntime head;
  private final Map<String, String> scopes;
  private final Map<String, Map<String, Source>> sources = new HashMap<>();
  private final List<InputSpec> inputSpecs = new ArrayList<>();
  private final List<Operand<?>> lossFeeds = new ArrayList<>();
  private final List<String> lossFeedMembers = new ArrayList<>();
  private volatile boolean closed;

  CompositionRuntime(
      CompositionSpec spec, SharedGraph shared, Map<String, ModelRuntime> members, ModelRuntime head,
      Map<String, String> scopes) {
    this.spec = spec;
    this.shared = shared;
    this.members = Map.copyOf(members);
    this.head = head;
    this.scopes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    for (int i = 0; i < spec.inputs().size(); i++) {
      PortSpec in = spec.inputs().get(i);
      sources.computeIfAbsent(in.member(), m -> new HashMap<>()).put(in.port(), new Source(i, null, false));
      InputSpec memberInput = members.get(in.member()).spec().input(in.port());
      inputSpecs.add(new InputSpec(in.name(), memberInput.type(), memberInput.shape(), false));
    }
    for (WireSpec w : spec.wires()) {
      sources.computeIfAbsent(w.toMember(), m -> new HashMap<>())
          .put(w.toInput(), new Source(-1, w, wireLevel(spec, w) == Isolation.GRAPH));
    }
    if (head != null && head.lossOperand() != null) {
      // Exactly the member inputs the loss depends on must be fed to train it.
      Set<GraphOperation> upstream = shared.graph().subgraphTo(Set.of(head.lossOperand()));
      for (MemberSpec m : spec.members()) {
        ModelRuntime member = members.get(m.name());
        if (m.level() == Isolation.GRAPH) {
          continue;
        }
        for (InputSpec in : member.spec().inputs()) {
          Operand<?> operand = member.inputOperand(in.name());
          Source source = source(m.name(), in.name());
          boolean fed = source == null || source.wire() == null || source.crossesGraphs();
          if (fed && upstream.contains((GraphOperation) operand.op())) {
            lossFeeds.add(operand);
            lossFeedMembers.add(m.name() + "." + in.name());
          }
        }
      }
    }
  }

  /** The stricter level of a wire's two members: it decides what crosses the wire. */
  static Isolation wireLevel(CompositionSpec spec, WireSpec wire) {
    Isolation a = spec.member(wire.fromMember()).level();
    Isolation b = spec.member(wire.toMember()).level();
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  public CompositionSpec spec() {
    return spec;
  }

  /** The built member {@code name}. */
  public ModelRuntime member(String name) {
    ModelRuntime m = members.get(name);
    if (m == null) {
      throw new IllegalArgumentException(spec.simpleName() + " has no member '" + name + "'");
    }
    return m;
  }

  /** The graph shared by the SCOPE and BOUNDARY members, owned by this composition. */
  public SharedGraph graph() {
    return shared;
  }

  /** Each member's effective scope, in build order. */
  public Map<String, String> scopes() {
    return scopes;
  }

  /**
   * The composition inputs that output {@code output} needs, in declaration order: every input
   * feeding its member or, through wires, the members upstream of it.
   */
  public List<String> inputsOf(String output) {
    PortSpec out = spec.output(output);
    Set<Integer> needed = new java.util.TreeSet<>();
    collectInputs(out.member(), needed, new java.util.HashSet<>());
    List<String> names = new ArrayList<>();
    for (int i : needed) {
      names.add(spec.inputs().get(i).name());
    }
    return names;
  }

  /** Computes one output from the inputs {@link #inputsOf} lists; the caller owns the result. */
  public <T extends TType> T predict(String output, Class<T> type, Tensor... inputs) {
    PortSpec out = spec.output(output);
    String call = spec.simpleName() + "." + output;
    List<String> names = inputsOf(output);
    List<InputSpec> specs = new ArrayList<>();
    for (String n : names) {
      specs.add(inputSpec(n));
    }
    TensorChecks.check(call, specs, inputs);
    Map<String, Tensor> given = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      given.put(names.get(i), inputs[i]);
    }
    return type.cast(evaluate(call, List.of(out), given).get(0));
  }

  /** Computes every output from every composition input; the holder owns the tensors. */
  public CompositionOutputs run(Tensor... inputs) {
    String call = spec.simpleName() + ".run";
    TensorChecks.check(call, inputSpecs, inputs);
    Map<String, Tensor> given = new HashMap<>();
    for (int i = 0; i < inputs.length; i++) {
      given.put(inputSpecs.get(i).name(), inputs[i]);
    }
    List<String> names = spec.outputs().stream().map(PortSpec::name).toList();
    return new CompositionOutputs(spec.simpleName(), names, evaluate(call, spec.outputs(), given));
  }

  /**
   * One step on the composition's own {@code @Loss}, updating its SCOPE members only. Takes every
   * composition input, then the composition's labels, in declaration order; returns the loss
   * before the step.
   */
  public float trainStep(Tensor... inputs) {
    String call = spec.simpleName() + ".trainStep";
    if (head == null || head.trainOp() == null) {
      throw new IllegalStateException(spec.simpleName() + " declares no @Loss, so it cannot be trained");
    }
    List<InputSpec> all = new ArrayList<>(inputSpecs);
    all.addAll(head.spec().inputs());
    TensorChecks.check(call, all, inputs);
    checkOpen(call);
    Map<String, Tensor> given = new HashMap<>();
    for (int i = 0; i < inputSpecs.size(); i++) {
      given.put(inputSpecs.get(i).name(), inputs[i]);
    }
    Evaluation ev = new Evaluation(call, given);
    try {
      List<Tensor> feeds = new ArrayList<>(); // computed first: GRAPH members upstream of the loss run now
      for (String port : lossFeedMembers) {
        String[] memberInput = port.split("\\.", 2);
        feeds.add(ev.inputValue(memberInput[0], memberInput[1]));
      }
      return shared.handle.read(call, () -> {
        Session.Runner runner = shared.handle.session().runner();
        for (int i = 0; i < lossFeeds.size(); i++) {
          runner.feed(lossFeeds.get(i), feeds.get(i));
        }
        for (int i = 0; i < head.spec().inputs().size(); i++) {
          runner.feed(head.inputOperand(head.spec().inputs().get(i).name()), inputs[inputSpecs.size() + i]);
        }
        try (Result r = runner.fetch(head.lossOperand()).addTarget(head.trainOp()).run()) {
          Tensor value = r.get(0);
          return value instanceof TFloat64 d ? (float) d.getDouble() : ((TFloat32) value).getFloat();
        }
      });
    } finally {
      ev.closeIntermediates(List.of());
    }
  }

  /** Describes the built composition as Graphviz DOT: a cluster per graph, a box per member. */
  public String toDot() {
    return CompositionDot.describe(spec, scopes);
  }

  /** Every edge that enters a member's scope other than through a declared wire; empty when isolated. */
  public List<IsolationAudit.Violation> audit() {
    Map<String, String> sharedScopes = new LinkedHashMap<>();
    for (MemberSpec m : spec.members()) {
      if (m.level() != Isolation.GRAPH) {
        sharedScopes.put(m.name(), scopes.get(m.name()));
      }
    }
    Map<String, Isolation> levels = new HashMap<>();
    for (MemberSpec m : spec.members()) {
      levels.put(m.name(), m.level());
    }
    List<WireSpec> sameGraph = spec.wires().stream()
        .filter(w -> wireLevel(spec, w) != Isolation.GRAPH).toList();
    return IsolationAudit.audit(shared.graph(), sharedScopes, sameGraph, levels);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ModelRuntime m : members.values()) {
      m.close();
    }
    if (head != null) {
      head.close();
    }
    shared.close();
  }

  // ---- evaluation ----------------------------------------------------------------------------

  private List<Tensor> evaluate(String call, List<PortSpec> outputs, Map<String, Tensor> given) {
    checkOpen(call);
    Evaluation ev = new Evaluation(call, given);
    List<Tensor> results = new ArrayList<>();
    try {
      for (PortSpec out : outputs) {
        results.add(ev.value(out.member(), out.port()));
      }
      return results;
    } finally {
      ev.closeIntermediates(results);
    }
  }

  /** One call's values: each cross-graph value is computed once and closed at the end. */
  private final class Evaluation {
    private final String call;
    private final Map<String, Tensor> given;
    private final Map<String, Tensor> computed = new LinkedHashMap<>();

    Evaluation(String call, Map<String, Tensor> given) {
      this.call = call;
      this.given = given;
    }

    /** The value of {@code member.output}, running its member's graph with what it needs fed. */
    Tensor value(String member, String output) {
      String key = member + "." + output;
      Tensor cached = computed.get(key);
      if (cached != null) {
        return cached;
      }
      ModelRuntime runtime = members.get(member);
      Map<Operand<?>, Tensor> feeds = new IdentityHashMap<>();
      collectFeeds(member, feeds, new LinkedHashSet<>());
      Tensor value = runtime.handle().read(call, () -> {
        Session.Runner runner = runtime.handle().session().runner();
        feeds.forEach(runner::feed);
        return runner.fetch(runtime.outputOperand(output)).run().get(0);
      });
      computed.put(key, value);
      return value;
    }

    /** The value fed to {@code member.input}: a composition input or a cross-graph wire's tensor. */
    Tensor inputValue(String member, String input) {
      Source s = source(member, input);
      if (s == null) {
        throw new IllegalStateException(call + ": nothing feeds " + member + "." + input);
      }
      if (s.wire() == null) {
        String name = spec.inputs().get(s.compositionInput()).name();
        Tensor t = given.get(name);
        if (t == null) {
          throw new IllegalArgumentException(call + " needs input '" + name + "'");
        }
        return t;
      }
      return value(s.wire().fromMember(), s.wire().fromOutput());
    }

    /** Feeds for a run computing {@code member}'s outputs in its own graph. */
    private void collectFeeds(String member, Map<Operand<?>, Tensor> feeds, Set<String> visited) {
      if (!visited.add(member)) {
        return;
      }
      ModelRuntime runtime = members.get(member);
      for (InputSpec in : runtime.spec().predictionInputs()) {
        Source s = source(member, in.name());
        if (s != null && s.wire() != null && !s.crossesGraphs()) {
          collectFeeds(s.wire().fromMember(), feeds, visited); // a graph edge: feed what it needs
        } else if (s != null) {
          feeds.put(runtime.inputOperand(in.name()), inputValue(member, in.name()));
        }
      }
    }

    void closeIntermediates(List<Tensor> keep) {
      for (Tensor t : computed.values()) {
        if (keep.stream().noneMatch(k -> k == t)) {
          t.close();
        }
      }
    }
  }

  private Source source(String member, String input) {
    Map<String, Source> m = sources.get(member);
    return m == null ? null : m.get(input);
  }

  private void collectInputs(String member, Set<Integer> needed, Set<String> visited) {
    if (!visited.add(member)) {
      return;
    }
    for (InputSpec in : members.get(member).spec().predictionInputs()) {
      Source s = source(member, in.name());
      if (s == null) {
        continue;
      }
      if (s.wire() == null) {
        needed.add(s.compositionInput());
      } else {
        collectInputs(s.wire().fromMember(), needed, visited);
      }
    }
  }

  private InputSpec inputSpec(String name) {
    for (InputSpec in : inputSpecs) {
      if (in.name().equals(name)) {
        return in;
      }
    }
    throw new IllegalArgumentException(spec.simpleName() + " has no input '" + name + "'");
  }

  private void checkOpen(String call) {
    if (closed) {
      throw new IllegalStateException("cannot call " + call + ": the composition is closed");
    }
  }
}
