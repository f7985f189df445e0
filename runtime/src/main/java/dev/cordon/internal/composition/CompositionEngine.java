package dev.cordon.internal.composition;

import dev.cordon.Isolation;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.IsolationAudit;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.internal.ModelVariable;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.internal.Arguments;
import dev.cordon.internal.composition.CompositionGraph.Member;
import dev.cordon.internal.composition.CompositionGraph.Port;
import dev.cordon.internal.composition.CompositionGraph.Wire;
import dev.cordon.internal.savedmodel.ExportSignature;
import dev.cordon.internal.savedmodel.ExportVariable;
import dev.cordon.internal.savedmodel.SavedModelExport;
import dev.cordon.runtime.CompositionInspection;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.Execution;
import dev.cordon.runtime.IsolationViolation;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.savedmodel.SavedModelExportException;
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
import org.tensorflow.op.Op;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.family.TType;

/**
 * A built composition: what generated compositions delegate to. Runs only the sessions an
 * output needs: members sharing a graph run together; a GRAPH member's session runs only when one
 * of its outputs is needed, and its result tensor is fed to the next session as it is (TF shares
 * the buffer: no copy through Java memory).
 *
 * <p>Ownership: tensors passed in stay the caller's; a tensor returned by {@link #predict} is the
 * caller's; {@link OutputTensors} owns the tensors of a {@link #run}. Intermediate tensors
 * handed between sessions are closed before a call returns. {@link #close()} closes every member
 * and every graph and session the composition created.
 */
public final class CompositionEngine implements AutoCloseable, dev.cordon.internal.Trainee {

  /** Where a model input's value comes from: a composition input, or a wire from another model. */
  record Source(int compositionInput, Wire wire) {}

  private final CompositionSpec spec;
  private final SharedGraph shared;
  private final GraphHandle sharedHandle;
  private final boolean ownsGraph;
  private final List<AutoCloseable> members; // the members' engines, in build order
  private final CompositionGraph graph;
  private final List<String> inputNames;
  private final ModelEngine own;
  private final Map<Port, Source> sources = new HashMap<>();
  private final List<InputSpec> inputSpecs = new ArrayList<>();
  private final List<Port> lossFeeds = new ArrayList<>();
  private final List<InputSpec> trainSpecs = new ArrayList<>(); // trainStep's: inputs, then labels
  private final Map<String, List<String>> neededInputs = new HashMap<>();
  private final Map<String, List<InputSpec>> neededSpecs = new HashMap<>();
  private final Execution execution;
  private final Map<String, CompositionPlan> predictPlans = new HashMap<>();
  private final CompositionPlan runPlan;
  private final Prediction<?>[] byIndex; // in the order of spec.outputs()
  private final CompositionPlan trainPlan; // null without a @Loss
  // fit's and evaluate's steps, one per (train, fetched outputs), resolved on first use
  private final Map<String, CompositionPlan> stepPlans = new java.util.concurrent.ConcurrentHashMap<>();
  // fed true in a training step: the flags of the members the loss trains, and the own one
  private final List<Operand<org.tensorflow.types.TBool>> trainingFlags = new ArrayList<>();
  private final List<dev.cordon.internal.Endpoint<?>> endpoints = new ArrayList<>();
  private final Map<String, Class<? extends TType>> outputTypes = new LinkedHashMap<>();
  private volatile boolean closed;

  CompositionEngine(
      CompositionSpec spec, SharedGraph shared, boolean ownsGraph, List<AutoCloseable> members,
      CompositionGraph graph, ModelEngine own) {
    this(spec, shared, ownsGraph, members, graph, own, Execution.AUTO);
  }

  CompositionEngine(
      CompositionSpec spec, SharedGraph shared, boolean ownsGraph, List<AutoCloseable> members,
      CompositionGraph graph, ModelEngine own, Execution execution) {
    this.execution = execution == null ? Execution.AUTO : execution;
    this.spec = spec;
    this.shared = shared;
    this.sharedHandle = RuntimeAccess.get().handle(shared);
    this.ownsGraph = ownsGraph;
    this.members = List.copyOf(members);
    this.graph = graph;
    this.inputNames = List.copyOf(graph.inputs().keySet());
    this.own = own;
    int index = 0;
    for (Map.Entry<String, Port> in : graph.inputs().entrySet()) {
      Port port = in.getValue();
      sources.put(port, new Source(index++, null));
      InputSpec declared = port.member().engine().spec().input(port.name());
      inputSpecs.add(new InputSpec(in.getKey(), declared.type(), declared.shape(), false));
    }
    for (Wire w : graph.wires()) {
      sources.put(w.to(), new Source(-1, w));
    }
    for (Map.Entry<String, Port> out : graph.outputs().entrySet()) {
      List<String> names = computeInputsOf(out.getValue());
      List<InputSpec> specs = new ArrayList<>();
      for (String n : names) {
        specs.add(inputSpecs.get(inputNames.indexOf(n)));
      }
      neededInputs.put(out.getKey(), names);
      neededSpecs.put(out.getKey(), List.copyOf(specs));
      Port port = out.getValue();
      outputTypes.put(out.getKey(), port.member().engine().spec().outputs().stream()
          .filter(o -> o.name().equals(port.name())).findFirst().orElseThrow().type());
    }
    if (own != null && own.lossOperand() != null) {
      // Exactly the fed inputs the loss depends on are fed to train it.
      Set<GraphOperation> upstream = shared.graph().subgraphTo(Set.of(own.lossOperand()));
      for (Member m : graph.members()) {
        if (m.handle() != sharedHandle) {
          continue;
        }
        for (InputSpec in : m.engine().spec().inputs()) {
          Port port = m.port(in.name());
          if (isFed(port) && upstream.contains((GraphOperation) m.engine().inputOperand(in.name()).op())) {
            lossFeeds.add(port);
          }
        }
      }
      checkTrainInputs();
    }
    for (String name : spec.trainInputs()) {
      trainSpecs.add(inputSpecs.get(inputNames.indexOf(name)));
    }
    if (own != null) {
      trainSpecs.addAll(own.spec().inputs());
    }
    // Every call resolved once, here, into a sequence of session runs.
    for (Map.Entry<String, Port> out : graph.outputs().entrySet()) {
      CompositionPlan plan = planner(spec.simpleName() + "." + out.getKey(), neededInputs.get(out.getKey()))
          .plan(List.of(out.getValue()));
      predictPlans.put(out.getKey(), plan);
      endpoints.addAll(plan.endpoints());
    }
    this.byIndex = new Prediction<?>[spec.outputs().size()];
    for (int i = 0; i < byIndex.length; i++) {
      byIndex[i] = new Prediction<>(this, spec.outputs().get(i).name(), TType.class);
    }
    this.runPlan = planner(spec.simpleName() + ".run", inputNames).plan(new ArrayList<>(graph.outputs().values()));
    endpoints.addAll(runPlan.endpoints());
    if (own == null || own.trainOp() == null) {
      this.trainPlan = null;
    } else {
      for (Member m : trainedMembers(graph.members(), sharedHandle)) {
        if (m.engine().trainingFlag() != null) {
          trainingFlags.add(m.engine().trainingFlag());
        }
      }
      if (own.trainingFlag() != null) {
        trainingFlags.add(own.trainingFlag());
      }
      this.trainPlan = lossPlan(spec.simpleName() + ".trainStep", spec.trainInputs(), true, List.of());
      endpoints.addAll(trainPlan.endpoints());
    }
  }

  /**
   * The members a composition's loss trains, and runs in training mode in its training steps:
   * the SCOPE members of its graph. BOUNDARY members (frozen, as Keras runs a layer that is not
   * trainable) and GRAPH members run in inference mode, and their state never changes.
   */
  static List<Member> trainedMembers(List<Member> members, GraphHandle shared) {
    List<Member> trained = new ArrayList<>();
    for (Member m : members) {
      if (m.level() == Isolation.SCOPE && m.handle() == shared) {
        trained.add(m);
      }
    }
    return trained;
  }

  /**
   * The own loss's run over the composition inputs {@code passed}, then the labels: the loss,
   * then {@code outputs}; with {@code train} the update of the SCOPE members, which run in
   * training mode. Outputs of the shared graph are fetched in the loss's run (as they are before
   * the update, in the step's mode); a GRAPH member's by a run of its own graph, in inference mode.
   */
  private CompositionPlan lossPlan(String call, List<String> inputs, boolean train, List<String> outputs) {
    List<String> passed = new ArrayList<>(inputs);
    List<InputSpec> labels = own.spec().inputs();
    for (InputSpec label : labels) {
      passed.add("\0label " + label.name()); // a slot of its own, whatever the name
    }
    CompositionPlan.Planner p = planner(call, passed);
    Map<Operand<?>, Integer> feeds = new LinkedHashMap<>();
    for (Port port : lossFeeds) {
      feeds.put(port.member().engine().inputOperand(port.name()), p.inputValue(port));
    }
    for (int i = 0; i < labels.size(); i++) {
      feeds.put(own.inputOperand(labels.get(i).name()), inputs.size() + i);
    }
    List<Operand<?>> alongside = new ArrayList<>();
    List<Integer> elsewhere = new ArrayList<>(); // slot, or -1 - index into alongside
    for (String o : outputs) {
      Port port = outputPort(o);
      if (port.member().handle() == sharedHandle) {
        p.feedsOf(port, feeds);
        elsewhere.add(-1 - alongside.size());
        alongside.add(port.member().engine().outputOperand(port.name()));
      } else {
        elsewhere.add(p.value(port));
      }
    }
    int loss = p.train(sharedHandle, feeds, own.lossOperand(), train ? own.trainOp() : null,
        train ? trainingFlags : List.of(), alongside);
    int[] results = new int[1 + outputs.size()];
    results[0] = loss;
    for (int i = 0; i < outputs.size(); i++) {
      int e = elsewhere.get(i);
      results[i + 1] = e >= 0 ? e : loss + 1 + (-1 - e);
    }
    return p.finish(results);
  }

  /**
   * The processor lists the composition inputs the loss needs, read from its source; the graph
   * built from it must reach no other (the list may hold more: they are fed and unused).
   */
  private void checkTrainInputs() {
    Set<String> needed = new java.util.LinkedHashSet<>();
    for (Port port : lossFeeds) {
      Source s = sources.get(port);
      if (s.wire() == null) {
        needed.add(inputNames.get(s.compositionInput()));
      } else {
        needed.addAll(computeInputsOf(s.wire().from()));
      }
    }
    needed.removeAll(spec.trainInputs());
    if (!needed.isEmpty()) {
      throw new ModelBuildException(spec.simpleName() + ": its @Loss reads the composition input(s) "
          + needed + ", which trainStep does not take (it takes " + spec.trainInputs() + " and the labels)."
          + " Recompile " + spec.simpleName() + " with the Cordon processor of this runtime.");
    }
  }

  private CompositionPlan.Planner planner(String call, List<String> passed) {
    return new CompositionPlan.Planner(call, sources, inputNames, passed, execution);
  }

  /** Every session run of every call path, for tests and benchmarks. */
  public List<dev.cordon.internal.Endpoint<?>> endpoints() {
    return List.copyOf(endpoints);
  }

  public CompositionSpec spec() {
    return spec;
  }

  /** The composition resolved down to its models: what a parent composition takes in. */
  public CompositionGraph resolved() {
    return graph;
  }

  /** What a user may inspect of this composition; generated {@code inspect()} returns it. */
  public CompositionInspection inspection() {
    return RuntimeAccess.get().inspection(this);
  }

  /** The graph shared by the members that are not GRAPH-isolated. */
  public SharedGraph graph() {
    return shared;
  }

  /** Each model's effective scope by its path ({@code encoder}, {@code retrieval.encoder}). */
  public Map<String, String> scopes() {
    Map<String, String> scopes = new LinkedHashMap<>();
    graph.members().forEach(m -> scopes.put(m.path(), m.scope()));
    return scopes;
  }

  /**
   * The composition inputs that output {@code output} needs, in declaration order: every input
   * feeding its model or, through wires, the models upstream of it.
   */
  public List<String> inputsOf(String output) {
    Arguments.name(spec.simpleName(), "inputsOf", "output", output, outputTypes.keySet());
    return neededInputs.get(output);
  }

  /**
   * The resolved call path of output {@code output}: what a generated prediction method keeps in
   * a field and calls.
   */
  public <T extends TType> Prediction<T> prediction(String output, Class<T> type) {
    outputPort(output); // refuses an unknown output
    return new Prediction<>(this, output, type);
  }

  /** One output's prediction, resolved: its checks and its plan. Not API. */
  public static final class Prediction<T extends TType> {
    private final CompositionEngine engine;
    private final String output;
    private final String call;
    private final List<InputSpec> specs;
    private final CompositionPlan plan;
    private final Class<T> type;

    private Prediction(CompositionEngine engine, String output, Class<T> type) {
      this.engine = engine;
      this.output = output;
      this.call = engine.spec.simpleName() + "." + output;
      this.specs = engine.neededSpecs.get(output);
      this.plan = engine.predictPlans.get(output);
      this.type = type;
    }

    /** Computes the output; the caller owns the result. */
    public T predict(Tensor... inputs) {
      Arguments.inputs(engine.spec.simpleName(), output, engine.closed, "the composition", specs, inputs);
      engine.checkOpen(call);
      return type.cast(plan.run(inputs)[0]);
    }
  }

  /**
   * Computes output number {@code output} (its index in the spec's outputs) from the inputs
   * {@link #inputsOf} lists: what generated prediction methods call. The caller owns the result.
   */
  @SuppressWarnings("unchecked")
  public <T extends TType> T predict(int output, Tensor... inputs) {
    return (T) byIndex[output].predict(inputs);
  }

  /** Computes one output from the inputs {@link #inputsOf} lists; the caller owns the result. */
  public <T extends TType> T predict(String output, Class<T> type, Tensor... inputs) {
    Arguments.prediction(spec.simpleName(), closed, "the composition", outputTypes, output, type,
        neededSpecs.get(output), inputs);
    outputPort(output); // refuses an unknown output
    String call = spec.simpleName() + "." + output;
    checkOpen(call);
    return type.cast(predictPlans.get(output).run(inputs)[0]);
  }

  /** The composition inputs {@code out} needs, walking wires upstream (computed once, when built). */
  private List<String> computeInputsOf(Port out) {
    Set<Integer> needed = new TreeSet<>();
    collectInputs(out.member(), needed, new HashSet<>());
    List<String> names = new ArrayList<>();
    for (int i : needed) {
      names.add(inputNames.get(i));
    }
    return List.copyOf(names);
  }

  /** Computes every output from every composition input; the holder owns the tensors. */
  public OutputTensors run(Tensor... inputs) {
    Arguments.inputs(spec.simpleName(), "run", closed, "the composition", inputSpecs, inputs);
    String call = spec.simpleName() + ".run";
    checkOpen(call);
    return OutputTensors.of(spec.simpleName(), new ArrayList<>(graph.outputs().keySet()), List.of(runPlan.run(inputs)));
  }

  /**
   * One step on the composition's own {@code @Loss}, updating its SCOPE members only. Takes the
   * composition inputs the loss needs ({@link CompositionSpec#trainInputs}), then the
   * composition's labels, in declaration order; returns the loss before the step.
   */
  public float trainStep(Tensor... inputs) {
    return (float) lossStep(spec.simpleName() + ".trainStep", inputs);
  }

  /** A step on the own loss, updating the SCOPE members. */
  private double lossStep(String call, Tensor[] inputs) {
    if (own == null || own.trainOp() == null) {
      throw new IllegalStateException(
          spec.simpleName() + ".trainStep: " + spec.simpleName() + " declares no @Loss, so it cannot be trained");
    }
    Arguments.inputs(spec.simpleName(), "trainStep", closed, "the composition", trainSpecs, inputs);
    checkOpen(call);
    return dev.cordon.internal.Trainee.stepResult(trainPlan.run(inputs)).loss(); // the loss is the only fetch
  }

  // ---- fit, evaluate, batched predict (dev.cordon.internal.FitLoop) ---------------------------

  /** See the generated {@code fit(Dataset, Fit)}: the composition's inputs, then its labels. */
  public dev.cordon.runtime.train.History fit(dev.cordon.runtime.data.Dataset data, dev.cordon.runtime.train.Fit fit) {
    return dev.cordon.internal.FitLoop.fit(this, data, fit);
  }

  public dev.cordon.runtime.train.History fit(dev.cordon.runtime.train.Fit fit, Object... arrays) {
    return dev.cordon.internal.FitLoop.fit(this, fit, arrays);
  }

  public Map<String, Double> evaluate(dev.cordon.runtime.data.Dataset data, dev.cordon.runtime.metrics.Metric... metrics) {
    return dev.cordon.internal.FitLoop.evaluate(this, data, metrics);
  }

  public Tensor predict(String output, dev.cordon.runtime.data.Dataset data) {
    return dev.cordon.internal.FitLoop.predict(this, output, data);
  }

  @Override
  public String name() {
    return spec.simpleName();
  }

  /**
   * What fit and evaluate take, as the generated methods pass it: the composition inputs the loss
   * needs ({@link CompositionSpec#trainInputs}, as trainStep), then the labels.
   */
  @Override
  public List<dev.cordon.internal.Trainee.InputPort> inputs() {
    List<dev.cordon.internal.Trainee.InputPort> ports = new ArrayList<>();
    for (InputSpec in : trainSpecs) {
      boolean label = ports.size() >= spec.trainInputs().size();
      ports.add(new dev.cordon.internal.Trainee.InputPort(in.name(), in.type(), in.shape(), label));
    }
    return ports;
  }

  /** A batched prediction takes every composition input (an output needs only those {@link #inputsOf} lists). */
  @Override
  public List<dev.cordon.internal.Trainee.InputPort> predictionInputs() {
    List<dev.cordon.internal.Trainee.InputPort> ports = new ArrayList<>();
    for (InputSpec in : inputSpecs) {
      ports.add(new dev.cordon.internal.Trainee.InputPort(in.name(), in.type(), in.shape(), false));
    }
    return ports;
  }

  @Override
  public List<String> outputNames() {
    return List.copyOf(graph.outputs().keySet());
  }

  /**
   * The loss (before the update, when training) and the requested outputs, in one run of the
   * shared graph (GRAPH members' outputs by runs of their own graphs): in a training step the
   * SCOPE members run in training mode and the outputs are theirs before the update, as a model's
   * step fetches them; in evaluation every member runs in inference mode and nothing changes.
   */
  @Override
  public StepResult step(Tensor[] inputs, List<String> outputs, boolean train) {
    String method = train ? "fit" : "evaluate";
    if (own == null || own.trainOp() == null) {
      throw new IllegalStateException(spec.simpleName() + " declares no @Loss, so it cannot " + method);
    }
    Arguments.inputs(spec.simpleName(), method, closed, "the composition", trainSpecs, inputs);
    CompositionPlan plan = stepPlans.computeIfAbsent(method + " " + outputs, key -> {
      checkOpen(spec.simpleName() + "." + method);
      return lossPlan(spec.simpleName() + "." + method, spec.trainInputs(), train, outputs);
    });
    checkOpen(spec.simpleName() + "." + method);
    return dev.cordon.internal.Trainee.stepResult(plan.run(inputs));
  }

  @Override
  public Tensor predict(String output, Tensor[] given) {
    String call = spec.simpleName() + ".predict";
    Arguments.count(call, inputSpecs, given);
    List<String> needed = neededInputs.get(output);
    Tensor[] in = new Tensor[needed.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = given[inputNames.indexOf(needed.get(i))];
    }
    checkOpen(call);
    return predictPlans.get(output).run(in)[0];
  }

  private ModelEngine own(String what) {
    if (own == null || own.trainOp() == null) {
      throw new IllegalStateException(spec.simpleName() + " declares no @Loss, so it has no " + what);
    }
    return own;
  }

  @Override
  public boolean hasLearningRate() {
    return own != null && own.hasLearningRate();
  }

  @Override
  public double learningRate() {
    return own("learning rate").learningRate();
  }

  @Override
  public double learningRateScale() {
    return own("learning rate").learningRateScale();
  }

  @Override
  public void setLearningRateScale(double scale) {
    own("learning rate").setLearningRateScale(scale);
  }

  @Override
  public long iterations() {
    return own == null ? -1 : own.iterations();
  }

  @Override
  public Map<String, Tensor> snapshotWeights() {
    Map<String, Tensor> all = new java.util.LinkedHashMap<>();
    try {
      for (Member m : graph.members()) {
        for (Map.Entry<String, Tensor> e : m.engine().snapshotWeights().entrySet()) {
          all.put(m.path() + "/" + e.getKey(), e.getValue());
        }
      }
      return all;
    } catch (RuntimeException | Error e) {
      all.values().forEach(Tensor::close);
      throw e;
    }
  }

  @Override
  public void restoreWeights(Map<String, Tensor> snapshot) {
    for (Member m : graph.members()) {
      Map<String, Tensor> part = new HashMap<>();
      String prefix = m.path() + "/";
      for (Map.Entry<String, Tensor> e : snapshot.entrySet()) {
        if (e.getKey().startsWith(prefix)) {
          part.put(e.getKey().substring(prefix.length()), e.getValue());
        }
      }
      m.engine().restoreWeights(part);
    }
  }

  /** Saves every member's weights into {@code dir/<member path>}. */
  @Override
  public void saveWeights(java.nio.file.Path dir) {
    for (Member m : graph.members()) {
      m.engine().save(dir.resolve(m.path()));
    }
  }

  /**
   * A backup for an exact resume, as one checkpoint version of {@code dir/own}: the composition's
   * optimizer state (slots, step, schedule scale) with every variable and step count of the
   * members sharing its graph, which its training steps change; plus each member's weights in
   * {@code dir/members/<path>} (checkpoints its {@code restore} loads), those of GRAPH members
   * being part of the backup. Returns {@code <own version>} followed by {@code ;<path>=<version>}
   * for each GRAPH member, which {@link #restoreTrainingState} takes back.
   */
  @Override
  public String saveTrainingState(java.nio.file.Path dir) {
    StringBuilder version = new StringBuilder();
    for (Member m : graph.members()) {
      String saved = m.engine().saveVersion(dir.resolve("members").resolve(m.path()));
      if (m.handle() != sharedHandle) {
        version.append(';').append(m.path()).append('=').append(saved);
      }
    }
    return own("training state").saveTrainingState(dir.resolve("own")) + version;
  }

  @Override
  public void restoreTrainingState(java.nio.file.Path dir, String version) {
    String[] parts = version == null ? new String[] {null} : version.split(";");
    Map<String, String> graphMembers = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      graphMembers.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    own("training state").restoreTrainingState(dir.resolve("own"), parts[0]);
    for (Member m : graph.members()) {
      if (m.handle() != sharedHandle) {
        m.engine().restoreVersion(dir.resolve("members").resolve(m.path()), graphMembers.get(m.path()));
      }
    }
  }

  @Override
  public dev.cordon.runtime.ModelVariables variables() {
    List<ModelVariable<?>> all = new ArrayList<>();
    Map<ModelVariable<?>, ModelEngine> owners = new java.util.IdentityHashMap<>();
    for (Member m : graph.members()) {
      for (ModelVariable<?> v : m.engine().variableList()) {
        ModelVariable<?> renamed = rename(v, m.path() + "/" + v.path());
        all.add(renamed);
        owners.put(renamed, m.engine());
      }
    }
    java.util.Map<ModelVariable<?>, ModelVariable<?>> originals = new java.util.IdentityHashMap<>();
    for (int i = 0, k = 0; i < graph.members().size(); i++) {
      for (ModelVariable<?> v : graph.members().get(i).engine().variableList()) {
        originals.put(all.get(k++), v);
      }
    }
    return RuntimeAccess.get().variables(spec.simpleName(), all, v -> owners.get(v).read(originals.get(v)));
  }

  private static <T extends TType> ModelVariable<T> rename(ModelVariable<T> v, String path) {
    return new ModelVariable<>(path, v.type(), v.shape(), v.handle(), v.read(), v.trainable());
  }

  /**
   * A Keras-like table: a section per member (its path, scope and isolation level, whether the
   * composition's loss trains it) with its layers' variables, shapes and parameter counts; the
   * composition's own variables, if its loss made any; then the totals, trainable and not, and
   * how many parameters the composition's own training updates.
   */
  public String summary() {
    Arguments.open(closed, spec.simpleName(), "summary", "the composition");
    StringBuilder b = new StringBuilder("Composition: ").append(spec.simpleName()).append('\n');
    b.append(dev.cordon.internal.VariableTable.header("Member / layer"));
    List<ModelVariable<?>> all = new ArrayList<>();
    List<ModelVariable<?>> trainedByLoss = new ArrayList<>();
    boolean hasLoss = own != null && own.trainOp() != null;
    List<Member> trained = hasLoss ? trainedMembers(graph.members(), sharedHandle) : List.of();
    for (Member m : graph.members()) {
      List<ModelVariable<?>> vars = m.engine().variableList();
      String role = trained.contains(m) ? ", trained by the composition's loss"
          : hasLoss ? ", not trained by the composition's loss" : "";
      b.append(m.path()).append(" (").append(m.engine().spec().simpleName()).append(", scope ").append(m.scope())
          .append(", ").append(m.level()).append(role).append(")\n");
      b.append(dev.cordon.internal.VariableTable.rows(vars, "  "));
      b.append(String.format(java.util.Locale.ROOT, "  %,d params (%,d trainable)%n",
          dev.cordon.internal.VariableTable.parameters(vars, false),
          dev.cordon.internal.VariableTable.parameters(vars, true)));
      all.addAll(vars);
      if (trained.contains(m)) {
        trainedByLoss.addAll(vars);
      }
    }
    if (own != null && !own.variableList().isEmpty()) {
      b.append("(own loss, scope ").append(own.scope()).append(")\n");
      b.append(dev.cordon.internal.VariableTable.rows(own.variableList(), "  "));
      all.addAll(own.variableList());
      trainedByLoss.addAll(own.variableList());
    }
    b.append(dev.cordon.internal.VariableTable.RULE).append(dev.cordon.internal.VariableTable.totals(all));
    if (hasLoss) {
      b.append(String.format(java.util.Locale.ROOT, "Trained by the composition's loss: %,d%n",
          dev.cordon.internal.VariableTable.parameters(trainedByLoss, true)));
    }
    return b.toString();
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
    Arguments.open(closed, spec.simpleName(), "exportSavedModel", "the composition");
    Arguments.notNull(spec.simpleName(), "exportSavedModel", "dir", dir);
    String call = spec.simpleName() + ".exportSavedModel";
    List<String> elsewhere = new ArrayList<>();
    for (Member m : graph.members()) {
      if (m.handle() != sharedHandle) {
        elsewhere.add(m.path());
      }
    }
    if (!elsewhere.isEmpty()) {
      throw new UnsupportedOperationException(
          spec.simpleName() + " cannot be exported as one SavedModel: its GRAPH member(s) " + elsewhere
              + " run in graphs of their own. Export each model with exportSavedModel instead.");
    }
    List<ExportSignature.Output> declared = new ArrayList<>();
    for (CompositionSpec.PortSpec output : spec.outputs()) {
      Port port = outputPort(output.name());
      declared.add(new ExportSignature.Output(output.name(), port.member().engine().outputOperand(port.name())));
    }
    List<ExportSignature> signatures = ExportSignature.onePerOutput(spec.simpleName(), declared, out -> {
      List<ExportSignature.Input> in = new ArrayList<>();
      for (String input : inputsOf(out.key())) {
        Port port = graph.inputs().get(input);
        in.add(new ExportSignature.Input(input, port.member().engine().inputOperand(port.name()),
            inputSpecs.get(inputNames.indexOf(input)).shape()));
      }
      return in;
    });
    Set<String> scopes = new java.util.LinkedHashSet<>();
    List<ExportVariable> variables = new ArrayList<>();
    for (Member m : graph.members()) {
      scopes.add(m.engine().scope());
      for (ModelVariable<?> v : m.engine().variableList()) {
        variables.add(new ExportVariable(m.engine().scope() + "/" + v.path(), v));
      }
    }
    sharedHandle.read(call, () -> {
      checkOpen(call);
      SavedModelExport.export(spec.simpleName(), sharedHandle, scopes, signatures, variables, dir);
      return null;
    });
  }

  /** Describes the built composition as Graphviz DOT: a cluster per graph, a box per model. */
  public String toDot() {
    Arguments.open(closed, spec.simpleName(), "toDot", "the composition");
    return CompositionDot.describe(spec.simpleName(), sharedHandle, graph);
  }

  /**
   * Every edge of this composition's graphs that enters a model's scope other than through a
   * declared wire (for a BOUNDARY, its {@code stopGradient}); empty when the composition is isolated.
   */
  public List<IsolationViolation> audit() {
    Arguments.open(closed, spec.simpleName(), "audit", "the composition");
    Map<GraphHandle, List<Member>> byGraph = new LinkedHashMap<>();
    for (Member m : graph.members()) {
      byGraph.computeIfAbsent(m.handle(), h -> new ArrayList<>()).add(m);
    }
    List<IsolationViolation> violations = new ArrayList<>();
    byGraph.forEach((handle, inGraph) -> {
      Map<String, String> scopes = new LinkedHashMap<>();
      inGraph.forEach(l -> scopes.put(l.path(), l.scope()));
      List<IsolationAudit.DeclaredWire> declared = new ArrayList<>();
      for (Wire w : graph.wires()) {
        if (inGraph.contains(w.from().member()) && inGraph.contains(w.to().member())) {
          declared.add(new IsolationAudit.DeclaredWire(
              w.from().member().path(), w.from().name(), w.to().member().path(), w.to().name(), w.level()));
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
    if (own != null && own.lossOperand() != null) {
      losses.put(spec.simpleName() + " @Loss", own.lossOperand());
    }
    for (Member m : graph.members()) {
      if (m.handle() == sharedHandle && m.engine().lossOperand() != null) {
        losses.put(m.path() + " @Loss", m.engine().lossOperand());
      }
    }
    List<String> leaks = new ArrayList<>();
    try (org.tensorflow.Graph copy = new org.tensorflow.Graph()) {
      copy.importGraphDef(shared.graph().toGraphDef());
      int probe = 0;
      for (Map.Entry<String, Operand<?>> loss : losses.entrySet()) {
        org.tensorflow.Output<?> y = copy.outputOrThrow(loss.getValue().asOutput().op().name());
        Set<GraphOperation> upstream = copy.subgraphTo(Set.of(y));
        for (Member m : graph.members()) {
          if (m.level() != Isolation.BOUNDARY || m.handle() != sharedHandle
              || loss.getKey().equals(m.path() + " @Loss")) {
            continue;
          }
          for (ModelVariable<?> v : m.engine().variableList()) {
            GraphOperation read = copy.operation(v.read().op().name());
            if (read == null || !upstream.contains(read)) {
              continue; // no path at all: no gradient
            }
            org.tensorflow.Output<?>[] dy = copy.addGradients("cordon.gradient_check_" + probe++,
                new org.tensorflow.Output<?>[] {y}, new org.tensorflow.Output<?>[] {read.output(0)}, null);
            if (!dy[0].isClosed()) {
              leaks.add(loss.getKey() + " reaches " + m.path() + "." + v.path());
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
    endpoints.forEach(dev.cordon.internal.Endpoint::close); // each waits for its runs in flight
    stepPlans.values().forEach(p -> p.endpoints().forEach(dev.cordon.internal.Endpoint::close));
    for (AutoCloseable m : members) {
      closeMember(m);
    }
    if (own != null) {
      own.close();
    }
    if (ownsGraph) {
      shared.close();
    }
  }

  /** Closes a member's engine ({@link ModelEngine} or {@link CompositionEngine}: neither throws checked). */
  static void closeMember(AutoCloseable member) {
    try {
      member.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns {@code array}, the Java array that array overload {@code method} was given for
   * composition input or label {@code input}, once {@link Arguments#array} has checked it.
   */
  public <A> A checkArray(String method, String input, A array) {
    Arguments.open(closed, spec.simpleName(), method, "the composition");
    List<InputSpec> all = allInputSpecs();
    Arguments.name(spec.simpleName(), method, "input", input, all.stream().map(InputSpec::name).toList());
    InputSpec in = all.stream().filter(i -> i.name().equals(input)).findFirst().orElseThrow();
    return Arguments.array(spec.simpleName(), method, in, array);
  }

  /**
   * The generated array overload of prediction {@code output} (its index in the spec's outputs):
   * one Java array, or scalar, per input {@link #inputsOf} lists; the result as the output's Java
   * form.
   */
  public <A> A predictArrays(int output, Object... arrays) {
    String method = spec.outputs().get(output).name();
    return dev.cordon.internal.JavaArrays.call(spec.simpleName(), method, neededSpecs.get(method), arrays,
        arrayCheck(method), tensors -> predict(output, tensors));
  }

  /** The generated array overload of {@code trainStep}: the inputs the loss needs, then the labels. */
  public float trainStepArrays(Object... arrays) {
    return dev.cordon.internal.JavaArrays.<Float>call(spec.simpleName(), "trainStep", trainSpecs, arrays,
        arrayCheck("trainStep"), this::trainStep);
  }

  /** {@link #checkArray} for an input spec in hand: no look-up of it by name. */
  private dev.cordon.internal.JavaArrays.Check arrayCheck(String method) {
    return (in, array) -> {
      Arguments.open(closed, spec.simpleName(), method, "the composition");
      Arguments.array(spec.simpleName(), method, in, array);
    };
  }

  /** Every composition input, then its own labels: what the array overloads may name. */
  private List<InputSpec> allInputSpecs() {
    List<InputSpec> all = new ArrayList<>(inputSpecs);
    if (own != null) {
      all.addAll(own.spec().inputs());
    }
    return all;
  }

  private boolean isFed(Port port) {
    Source s = sources.get(port);
    return s != null && (s.wire() == null || s.wire().crossesGraphs());
  }

  private void collectInputs(Member member, Set<Integer> needed, Set<Member> visited) {
    if (!visited.add(member)) {
      return;
    }
    for (InputSpec in : member.engine().spec().predictionInputs()) {
      Source s = sources.get(member.port(in.name()));
      if (s == null) {
        continue;
      }
      if (s.wire() == null) {
        needed.add(s.compositionInput());
      } else {
        collectInputs(s.wire().from().member(), needed, visited);
      }
    }
  }

  private Port outputPort(String output) {
    Port port = graph.outputs().get(output);
    if (port == null) {
      throw new IllegalArgumentException(
          spec.simpleName() + " has no output '" + output + "'; it has " + List.copyOf(graph.outputs().keySet()));
    }
    return port;
  }

  private void checkOpen(String call) {
    if (closed) {
      throw new IllegalStateException("cannot call " + call + ": the composition is closed");
    }
  }
}
