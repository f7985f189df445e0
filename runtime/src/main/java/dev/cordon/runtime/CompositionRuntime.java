package dev.cordon.runtime;

import dev.cordon.Isolation;
import dev.cordon.internal.savedmodel.ExportSignature;
import dev.cordon.internal.savedmodel.ExportVariable;
import dev.cordon.internal.savedmodel.SavedModelExport;
import dev.cordon.runtime.ModelSpec.InputSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * output needs: members sharing a graph run together; a GRAPH member's session runs only when one
 * of its outputs is needed, and its result tensor is fed to the next session as it is (TF shares
 * the buffer: no copy through Java memory).
 *
 * <p>Ownership: tensors passed in stay the caller's; a tensor returned by {@link #predict} is the
 * caller's; {@link CompositionOutputs} owns the tensors of a {@link #run}. Intermediate tensors
 * handed between sessions are closed before a call returns. {@link #close()} closes every member
 * and every graph and session the composition created.
 */
public final class CompositionRuntime implements AutoCloseable {

  /** Where a leaf input's value comes from: a composition input, or a wire from another leaf. */
  private record Source(int compositionInput, LeafWire wire) {}

  private final CompositionSpec spec;
  private final SharedGraph shared;
  private final boolean ownsGraph;
  private final Map<String, Object> members;
  private final Map<String, Leaf> leaves = new LinkedHashMap<>();
  private final List<LeafWire> wires;
  private final List<String> inputNames;
  private final Map<String, LeafPort> inputs;
  private final Map<String, LeafPort> outputs;
  private final ModelRuntime head;
  private final Map<String, Source> sources = new HashMap<>();
  private final List<InputSpec> inputSpecs = new ArrayList<>();
  private final List<LeafPort> lossFeeds = new ArrayList<>();
  private final Map<String, List<String>> neededInputs = new HashMap<>();
  private final Map<String, List<InputSpec>> neededSpecs = new HashMap<>();
  private volatile boolean closed;

  CompositionRuntime(
      CompositionSpec spec, SharedGraph shared, boolean ownsGraph, Map<String, Object> members,
      List<Leaf> leaves, List<LeafWire> wires, Map<String, LeafPort> inputs, Map<String, LeafPort> outputs,
      ModelRuntime head) {
    this.spec = spec;
    this.shared = shared;
    this.ownsGraph = ownsGraph;
    this.members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    for (Leaf leaf : leaves) {
      this.leaves.put(leaf.path(), leaf);
    }
    this.wires = List.copyOf(wires);
    this.inputNames = List.copyOf(inputs.keySet());
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    this.outputs = Map.copyOf(outputs);
    this.head = head;
    int index = 0;
    for (Map.Entry<String, LeafPort> in : inputs.entrySet()) {
      sources.put(in.getValue().toString(), new Source(index++, null));
      InputSpec declared = leaf(in.getValue()).runtime().spec().input(in.getValue().port());
      inputSpecs.add(new InputSpec(in.getKey(), declared.type(), declared.shape(), false));
    }
    for (LeafWire w : this.wires) {
      sources.put(w.toLeaf() + "." + w.toInput(), new Source(-1, w));
    }
    for (Map.Entry<String, LeafPort> out : this.outputs.entrySet()) {
      List<String> names = computeInputsOf(out.getValue());
      List<InputSpec> specs = new ArrayList<>();
      for (String n : names) {
        specs.add(inputSpecs.get(inputNames.indexOf(n)));
      }
      neededInputs.put(out.getKey(), names);
      neededSpecs.put(out.getKey(), List.copyOf(specs));
    }
    if (head != null && head.lossOperand() != null) {
      // Exactly the fed inputs the loss depends on are fed to train it.
      Set<GraphOperation> upstream = shared.graph().subgraphTo(Set.of(head.lossOperand()));
      for (Leaf leaf : leaves) {
        if (leaf.handle() != shared.handle) {
          continue;
        }
        for (InputSpec in : leaf.runtime().spec().inputs()) {
          LeafPort port = new LeafPort(leaf.path(), in.name());
          if (isFed(port) && upstream.contains((GraphOperation) leaf.runtime().inputOperand(in.name()).op())) {
            lossFeeds.add(port);
          }
        }
      }
    }
  }

  public CompositionSpec spec() {
    return spec;
  }

  /** The built model member {@code name}. */
  public ModelRuntime member(String name) {
    if (members.get(name) instanceof ModelRuntime m) {
      return m;
    }
    throw new IllegalArgumentException(spec.simpleName() + " has no model member '" + name + "'");
  }

  /** The built composition member {@code name}. */
  public CompositionRuntime composition(String name) {
    if (members.get(name) instanceof CompositionRuntime c) {
      return c;
    }
    throw new IllegalArgumentException(spec.simpleName() + " has no composition member '" + name + "'");
  }

  /** The graph shared by the members that are not GRAPH-isolated. */
  public SharedGraph graph() {
    return shared;
  }

  /** Each model's effective scope by its path ({@code encoder}, {@code retrieval.encoder}). */
  public Map<String, String> scopes() {
    Map<String, String> scopes = new LinkedHashMap<>();
    leaves.values().forEach(l -> scopes.put(l.path(), l.scope()));
    return scopes;
  }

  /**
   * The composition inputs that output {@code output} needs, in declaration order: every input
   * feeding its model or, through wires, the models upstream of it.
   */
  public List<String> inputsOf(String output) {
    outputPort(output); // refuses an unknown output
    return neededInputs.get(output);
  }

  /** Computes one output from the inputs {@link #inputsOf} lists; the caller owns the result. */
  public <T extends TType> T predict(String output, Class<T> type, Tensor... inputs) {
    LeafPort out = outputPort(output);
    String call = spec.simpleName() + "." + output;
    List<String> names = neededInputs.get(output);
    TensorChecks.check(call, neededSpecs.get(output), inputs);
    Map<String, Tensor> given = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      given.put(names.get(i), inputs[i]);
    }
    return type.cast(evaluate(call, List.of(out), given).get(0));
  }

  /** The composition inputs {@code out} needs, walking wires upstream (computed once, when built). */
  private List<String> computeInputsOf(LeafPort out) {
    Set<Integer> needed = new TreeSet<>();
    collectInputs(out.leaf(), needed, new HashSet<>());
    List<String> names = new ArrayList<>();
    for (int i : needed) {
      names.add(inputNames.get(i));
    }
    return List.copyOf(names);
  }

  /** Computes every output from every composition input; the holder owns the tensors. */
  public CompositionOutputs run(Tensor... inputs) {
    String call = spec.simpleName() + ".run";
    TensorChecks.check(call, inputSpecs, inputs);
    Map<String, Tensor> given = new HashMap<>();
    for (int i = 0; i < inputs.length; i++) {
      given.put(inputNames.get(i), inputs[i]);
    }
    List<String> names = new ArrayList<>();
    List<LeafPort> ports = new ArrayList<>();
    for (CompositionSpec.PortSpec p : spec.outputs()) {
      names.add(p.name());
      ports.add(outputPort(p.name()));
    }
    return new CompositionOutputs(spec.simpleName(), names, evaluate(call, ports, given));
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
      given.put(inputNames.get(i), inputs[i]);
    }
    Evaluation ev = new Evaluation(call, given);
    try {
      List<Tensor> feeds = new ArrayList<>(); // first: GRAPH members upstream of the loss run now
      for (LeafPort port : lossFeeds) {
        feeds.add(ev.inputValue(port));
      }
      return shared.handle.read(call, () -> {
        Session.Runner runner = shared.handle.session().runner();
        for (int i = 0; i < lossFeeds.size(); i++) {
          LeafPort port = lossFeeds.get(i);
          runner.feed(leaves.get(port.leaf()).runtime().inputOperand(port.port()), feeds.get(i));
        }
        List<InputSpec> labels = head.spec().inputs();
        for (int i = 0; i < labels.size(); i++) {
          runner.feed(head.inputOperand(labels.get(i).name()), inputs[inputSpecs.size() + i]);
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

  /**
   * Writes one SavedModel of the composition's models, which must all share its graph: the nodes
   * its outputs and its members' variables reach, cut at the composition inputs; one signature per
   * composition output (keyed by the output's name, plus {@code serving_default} for the first),
   * each taking the inputs {@link #inputsOf} lists; the members' variables under their full op
   * names ({@code <scope>/<variable>}). Loads with plain TF Java's {@code SavedModelBundle.load}.
   * Atomic like {@link CordonModel#exportSavedModel}.
   *
   * @throws UnsupportedOperationException when a member is GRAPH-isolated (it runs in a graph
   *     and session of its own, so the composition has no single graph to export); the message
   *     names those members. Export them one by one with {@code exportSavedModel} instead.
   */
  public void exportSavedModel(java.nio.file.Path dir) {
    java.util.Objects.requireNonNull(dir, "dir");
    String call = spec.simpleName() + ".exportSavedModel";
    checkOpen(call);
    List<String> elsewhere = new ArrayList<>();
    for (Leaf leaf : leaves.values()) {
      if (leaf.handle() != shared.handle) {
        elsewhere.add(leaf.path());
      }
    }
    if (!elsewhere.isEmpty()) {
      throw new UnsupportedOperationException(
          spec.simpleName() + " cannot be exported as one SavedModel: its GRAPH member(s) " + elsewhere
              + " run in graphs of their own. Export each model with exportSavedModel instead.");
    }
    List<ExportSignature.Output> declared = new ArrayList<>();
    for (CompositionSpec.PortSpec output : spec.outputs()) {
      LeafPort port = outputPort(output.name());
      declared.add(new ExportSignature.Output(output.name(), leaf(port).runtime().outputOperand(port.port())));
    }
    List<ExportSignature> signatures = ExportSignature.onePerOutput(spec.simpleName(), declared, out -> {
      List<ExportSignature.Input> in = new ArrayList<>();
      for (String input : inputsOf(out.key())) {
        LeafPort port = inputs.get(input);
        in.add(new ExportSignature.Input(input, leaf(port).runtime().inputOperand(port.port()),
            inputSpecs.get(inputNames.indexOf(input)).shape()));
      }
      return in;
    });
    Set<String> scopes = new java.util.LinkedHashSet<>();
    List<ExportVariable> variables = new ArrayList<>();
    for (Leaf leaf : leaves.values()) {
      scopes.add(leaf.runtime().scope());
      for (ModelVariable<?> v : leaf.runtime().variableList()) {
        variables.add(new ExportVariable(leaf.runtime().scope() + "/" + v.path(), v));
      }
    }
    shared.handle.read(call, () -> {
      checkOpen(call);
      SavedModelExport.export(spec.simpleName(), shared.handle, scopes, signatures, variables, dir);
      return null;
    });
  }

  /** Describes the built composition as Graphviz DOT: a cluster per graph, a box per model. */
  public String toDot() {
    return CompositionDot.describe(spec.simpleName(), shared.handle, List.copyOf(leaves.values()), wires,
        inputs);
  }

  /**
   * Every edge of this composition's graphs that enters a model's scope other than through a
   * declared wire (for a BOUNDARY, its {@code stopGradient}); empty when the composition is isolated.
   */
  public List<IsolationAudit.Violation> audit() {
    Map<GraphHandle, List<Leaf>> byGraph = new LinkedHashMap<>();
    for (Leaf leaf : leaves.values()) {
      byGraph.computeIfAbsent(leaf.handle(), h -> new ArrayList<>()).add(leaf);
    }
    List<IsolationAudit.Violation> violations = new ArrayList<>();
    byGraph.forEach((handle, inGraph) -> {
      Map<String, String> scopes = new LinkedHashMap<>();
      inGraph.forEach(l -> scopes.put(l.path(), l.scope()));
      List<IsolationAudit.DeclaredWire> declared = new ArrayList<>();
      for (LeafWire w : wires) {
        if (scopes.containsKey(w.fromLeaf()) && scopes.containsKey(w.toLeaf())) {
          declared.add(new IsolationAudit.DeclaredWire(w.fromLeaf(), w.fromOutput(), w.toLeaf(), w.toInput(), w.level()));
        }
      }
      violations.addAll(IsolationAudit.audit(handle.graph(), scopes, declared));
    });
    return violations;
  }

  /**
   * The gradient check: for every BOUNDARY model of the shared graph, whether a loss of another
   * model of that graph, or the composition's own, has a gradient with respect to one of its
   * variables. Each leak reads {@code "<loss> reaches <model>.<variable>"}; empty when no gradient
   * crosses a boundary. Runs on a copy of the graph, so the live graph gains no op. GRAPH models
   * need no check: their variables live in another graph, which no gradient can reach.
   */
  public List<String> gradientLeaks() {
    checkOpen(spec.simpleName() + ".gradientLeaks");
    Map<String, Operand<?>> losses = new LinkedHashMap<>();
    if (head != null && head.lossOperand() != null) {
      losses.put(spec.simpleName() + " @Loss", head.lossOperand());
    }
    for (Leaf leaf : leaves.values()) {
      if (leaf.handle() == shared.handle && leaf.runtime().lossOperand() != null) {
        losses.put(leaf.path() + " @Loss", leaf.runtime().lossOperand());
      }
    }
    List<String> leaks = new ArrayList<>();
    try (org.tensorflow.Graph copy = new org.tensorflow.Graph()) {
      copy.importGraphDef(shared.graph().toGraphDef());
      int probe = 0;
      for (Map.Entry<String, Operand<?>> loss : losses.entrySet()) {
        org.tensorflow.Output<?> y = copy.outputOrThrow(loss.getValue().asOutput().op().name());
        Set<GraphOperation> upstream = copy.subgraphTo(Set.of(y));
        for (Leaf leaf : leaves.values()) {
          if (leaf.level() != Isolation.BOUNDARY || leaf.handle() != shared.handle
              || loss.getKey().equals(leaf.path() + " @Loss")) {
            continue;
          }
          for (ModelVariable<?> v : leaf.runtime().variableList()) {
            GraphOperation read = copy.operation(v.read().op().name());
            if (read == null || !upstream.contains(read)) {
              continue; // no path at all: no gradient
            }
            org.tensorflow.Output<?>[] dy = copy.addGradients("cordon.gradient_check_" + probe++,
                new org.tensorflow.Output<?>[] {y}, new org.tensorflow.Output<?>[] {read.output(0)}, null);
            if (!dy[0].isClosed()) {
              leaks.add(loss.getKey() + " reaches " + leaf.path() + "." + v.path());
            }
          }
        }
      }
    }
    return leaks;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Object m : members.values()) {
      if (m instanceof ModelRuntime model) {
        model.close();
      } else if (m instanceof CompositionRuntime composition) {
        composition.close();
      }
    }
    if (head != null) {
      head.close();
    }
    if (ownsGraph) {
      shared.close();
    }
  }

  // ---- evaluation ----------------------------------------------------------------------------

  private List<Tensor> evaluate(String call, List<LeafPort> wanted, Map<String, Tensor> given) {
    checkOpen(call);
    Evaluation ev = new Evaluation(call, given);
    List<Tensor> results = new ArrayList<>();
    try {
      for (LeafPort out : wanted) {
        results.add(ev.value(out));
      }
      return results;
    } finally {
      ev.closeIntermediates(results);
    }
  }

  /** One call's values: each value is computed once and, unless returned, closed at the end. */
  private final class Evaluation {
    private final String call;
    private final Map<String, Tensor> given;
    private final Map<String, Tensor> computed = new LinkedHashMap<>();

    Evaluation(String call, Map<String, Tensor> given) {
      this.call = call;
      this.given = given;
    }

    /** The value of a leaf output, running the leaf's graph with what it needs fed. */
    Tensor value(LeafPort output) {
      Tensor cached = computed.get(output.toString());
      if (cached != null) {
        return cached;
      }
      Leaf leaf = leaf(output);
      Map<Operand<?>, Tensor> feeds = new IdentityHashMap<>();
      collectFeeds(leaf, feeds, new HashSet<>());
      Tensor value = leaf.handle().read(call, () -> {
        Session.Runner runner = leaf.handle().session().runner();
        feeds.forEach(runner::feed);
        return runner.fetch(leaf.runtime().outputOperand(output.port())).run().get(0);
      });
      computed.put(output.toString(), value);
      return value;
    }

    /** The value fed to a leaf input: a composition input or a cross-graph wire's tensor. */
    Tensor inputValue(LeafPort input) {
      Source s = sources.get(input.toString());
      if (s == null) {
        throw new IllegalStateException(call + ": nothing feeds " + input);
      }
      if (s.wire() == null) {
        String name = inputNames.get(s.compositionInput());
        Tensor t = given.get(name);
        if (t == null) {
          throw new IllegalArgumentException(call + " needs input '" + name + "'");
        }
        return t;
      }
      return value(new LeafPort(s.wire().fromLeaf(), s.wire().fromOutput()));
    }

    /** Feeds for a run computing {@code leaf}'s outputs in its own graph. */
    private void collectFeeds(Leaf leaf, Map<Operand<?>, Tensor> feeds, Set<String> visited) {
      if (!visited.add(leaf.path())) {
        return;
      }
      for (InputSpec in : leaf.runtime().spec().predictionInputs()) {
        LeafPort port = new LeafPort(leaf.path(), in.name());
        Source s = sources.get(port.toString());
        if (s == null) {
          continue;
        }
        if (s.wire() != null && !crossesGraphs(s.wire())) {
          collectFeeds(leaves.get(s.wire().fromLeaf()), feeds, visited); // a graph edge
        } else {
          feeds.put(leaf.runtime().inputOperand(in.name()), inputValue(port));
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

  private boolean crossesGraphs(LeafWire w) {
    return leaves.get(w.fromLeaf()).handle() != leaves.get(w.toLeaf()).handle();
  }

  private boolean isFed(LeafPort port) {
    Source s = sources.get(port.toString());
    return s != null && (s.wire() == null || crossesGraphs(s.wire()));
  }

  private void collectInputs(String leafPath, Set<Integer> needed, Set<String> visited) {
    if (!visited.add(leafPath)) {
      return;
    }
    for (InputSpec in : leaves.get(leafPath).runtime().spec().predictionInputs()) {
      Source s = sources.get(leafPath + "." + in.name());
      if (s == null) {
        continue;
      }
      if (s.wire() == null) {
        needed.add(s.compositionInput());
      } else {
        collectInputs(s.wire().fromLeaf(), needed, visited);
      }
    }
  }

  private LeafPort outputPort(String output) {
    LeafPort port = outputs.get(output);
    if (port == null) {
      throw new IllegalArgumentException(
          spec.simpleName() + " has no output '" + output + "'; it has "
              + spec.outputs().stream().map(CompositionSpec.PortSpec::name).toList());
    }
    return port;
  }

  private Leaf leaf(LeafPort port) {
    return leaves.get(port.leaf());
  }

  private void checkOpen(String call) {
    if (closed) {
      throw new IllegalStateException("cannot call " + call + ": the composition is closed");
    }
  }
}
