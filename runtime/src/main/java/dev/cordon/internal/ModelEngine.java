package dev.cordon.internal;

import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.internal.savedmodel.ExportSignature;
import dev.cordon.internal.savedmodel.ExportVariable;
import dev.cordon.internal.savedmodel.SavedModelExport;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.Execution;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.savedmodel.SavedModelExportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TType;

/**
 * A built model: what generated classes delegate to. Predictions may run from several threads at
 * once; training steps, saves and restores of one model are serialised. Every tensor argument is
 * checked (null, type, rank, static dimensions) before it reaches native code.
 *
 * <p>Ownership: tensors passed in stay the caller's; tensors returned by {@link #predict} are the
 * caller's to close; {@link OutputTensors} owns the tensors of a {@link #run}.
 */
public final class ModelEngine implements AutoCloseable, Trainee {

  private final ModelSpec spec;
  private final String scope;
  private final GraphHandle handle;
  private final boolean ownsGraph;
  private final List<Operand<?>> placeholders; // fed inputs: placeholders, or wire copies in a composition
  private final List<InputSpec> predictionInputs;
  private final List<String> inputNames;
  private final List<Operand<?>> predictionPlaceholders = new ArrayList<>();
  private final Map<String, Operand<?>> outputs;
  private final Map<String, Class<? extends TType>> outputTypes = new java.util.LinkedHashMap<>();
  private final List<String> outputNames;
  private final Operand<?> loss;
  private final Op trainOp;
  private final Operand<TBool> training;
  private final ModelVariables variables;
  private final List<ModelVariable<?>> variableList;
  private final Checkpoints checkpoints;
  private final Object stateLock = new Object();
  private final Execution execution;
  private final Map<String, Endpoint<?>> predictions = new java.util.HashMap<>();
  private final Endpoint<?>[] byIndex; // the predictions in the order of spec.outputs()
  private final Endpoint<?> runAll;
  private final Endpoint<?> train; // null without a @Loss
  private final List<Endpoint<?>> endpoints = new ArrayList<>();
  private volatile boolean closed;
  private TrainingState trainingState;

  ModelEngine(
      ModelSpec spec,
      String scope,
      GraphHandle handle,
      boolean ownsGraph,
      List<Operand<?>> placeholders,
      Map<String, Operand<?>> outputs,
      Operand<?> loss,
      Op trainOp,
      Operand<TBool> training,
      List<ModelVariable<?>> variables,
      Checkpoints checkpoints,
      Execution execution) {
    this.spec = spec;
    this.scope = scope;
    this.handle = handle;
    this.ownsGraph = ownsGraph;
    this.placeholders = List.copyOf(placeholders);
    this.predictionInputs = spec.predictionInputs();
    this.inputNames = spec.inputs().stream().map(InputSpec::name).toList();
    for (int i = 0; i < spec.inputs().size(); i++) {
      if (!spec.inputs().get(i).label()) {
        predictionPlaceholders.add(placeholders.get(i));
      }
    }
    this.outputs = Map.copyOf(outputs);
    this.outputNames = List.copyOf(outputs.keySet());
    spec.outputs().forEach(o -> outputTypes.put(o.name(), o.type()));
    this.loss = loss;
    this.trainOp = trainOp;
    this.training = training;
    this.variables = RuntimeAccess.get().variables(this, spec.simpleName(), variables, this::read);
    this.variableList = List.copyOf(variables);
    this.checkpoints = checkpoints;
    this.execution = execution == null ? Execution.AUTO : execution;
    // Every call path resolved once, here: one endpoint per output, one for run(), one for trainStep.
    this.byIndex = new Endpoint<?>[spec.outputs().size()];
    for (ModelSpec.OutputSpec out : spec.outputs()) {
      Endpoint.Builder b = predictionEndpoint(modelName() + "." + out.name());
      Endpoint<?> e = add(b.fetch(this.outputs.get(out.name())).build(out.type()));
      predictions.put(out.name(), e);
      byIndex[spec.outputs().indexOf(out)] = e;
    }
    Endpoint.Builder all = predictionEndpoint(modelName() + ".run");
    for (String name : outputNames) {
      all.fetch(this.outputs.get(name));
    }
    this.runAll = add(all.build(TType.class));
    if (trainOp == null) {
      this.train = null;
    } else {
      Endpoint.Builder b = Endpoint.builder(handle, modelName() + ".trainStep", "the model", this.execution);
      for (int i = 0; i < spec.inputs().size(); i++) {
        b.feed(spec.inputs().get(i), placeholders.get(i));
      }
      if (training != null) {
        b.constantFeed(training, TBool.scalarOf(true));
      }
      this.train = add(b.fetch(loss).target(trainOp).build(TType.class));
    }
  }

  private Endpoint.Builder predictionEndpoint(String call) {
    Endpoint.Builder b = Endpoint.builder(handle, call, "the model", execution);
    for (int i = 0; i < predictionInputs.size(); i++) {
      b.feed(predictionInputs.get(i), predictionPlaceholders.get(i));
    }
    return b;
  }

  private <E extends Endpoint<?>> E add(E endpoint) {
    endpoints.add(endpoint);
    return endpoint;
  }

  /**
   * The resolved call path computing output {@code name}: what a generated method keeps in a
   * field and calls. The returned tensor is the caller's to close.
   */
  @SuppressWarnings("unchecked")
  public <T extends TType> Endpoint<T> prediction(String name, Class<T> type) {
    Endpoint<?> e = predictions.get(name);
    if (e == null) {
      throw new IllegalArgumentException(modelName() + " has no output '" + name + "'; it has " + outputNames);
    }
    if (!type.isAssignableFrom(e.type())) {
      throw new IllegalArgumentException(modelName() + "." + name + " is a " + e.type().getSimpleName()
          + ", not a " + type.getSimpleName());
    }
    return (Endpoint<T>) e;
  }

  /** The execution asked for when the model was built. */
  public Execution execution() {
    return execution;
  }

  /** Every call path of this model (predictions, run, trainStep), for tests and benchmarks. */
  public List<Endpoint<?>> endpoints() {
    return List.copyOf(endpoints);
  }

  /** The scope the model was built under. */
  public String scope() {
    return scope;
  }

  public ModelSpec spec() {
    return spec;
  }

  String modelName() {
    return spec.simpleName();
  }

  public GraphHandle handle() {
    return handle;
  }

  /** The fed operand of input {@code name}: its placeholder, or its wire copy in a composition. */
  public Operand<?> inputOperand(String name) {
    List<InputSpec> inputs = spec.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).name().equals(name)) {
        return placeholders.get(i);
      }
    }
    throw new IllegalArgumentException(modelName() + " has no input '" + name + "'");
  }

  /** The operand of output {@code name} in the model's graph. */
  public Operand<?> outputOperand(String name) {
    Operand<?> out = outputs.get(name);
    if (out == null) {
      throw new IllegalArgumentException(modelName() + " has no output '" + name + "'; it has " + outputNames);
    }
    return out;
  }

  public Operand<?> lossOperand() {
    return loss;
  }

  public Op trainOp() {
    return trainOp;
  }

  public List<ModelVariable<?>> variableList() {
    return variableList;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Computes one output from the prediction inputs (every non-label input, in declaration order).
   * The returned tensor is the caller's to close.
   */
  public <T extends TType> T predict(String output, Class<T> type, Tensor... inputs) {
    Arguments.prediction(modelName(), closed, "the model", outputTypes, output, type, predictionInputs, inputs);
    return type.cast(prediction(output, type).predict(inputs));
  }

  /**
   * Computes output number {@code output} (its index in the spec's outputs): what generated
   * prediction methods call. {@code T} is the output's declared type, which the generated method
   * returns; the endpoint casts to it. The returned tensor is the caller's to close.
   */
  @SuppressWarnings("unchecked")
  public <T extends TType> T predict(int output, Tensor... inputs) {
    Arguments.open(closed, modelName(), outputNames.get(output), "the model");
    return (T) byIndex[output].predict(inputs);
  }

  /** Computes every output at once; the returned holder owns the tensors. */
  public OutputTensors run(Tensor... inputs) {
    Arguments.inputs(modelName(), "run", closed, "the model", predictionInputs, inputs);
    return OutputTensors.of(modelName(), outputNames, List.of(runAll.run(inputs)));
  }

  /**
   * Runs one optimizer step over this model's own variables, feeding every input (labels
   * included) in declaration order. Returns the loss computed before the step.
   */
  public float trainStep(Tensor... inputs) {
    if (train == null) {
      throw new IllegalStateException(
          modelName() + ".trainStep: " + modelName() + " declares no @Loss, so it cannot be trained");
    }
    Arguments.inputs(modelName(), "trainStep", closed, "the model", spec.inputs(), inputs);
    synchronized (stateLock) {
      return train.loss(inputs);
    }
  }

  /** See {@link CordonModel#save}. */
  public void save(Path dir) {
    saveVersion(dir);
  }

  /** See {@link CordonModel#restore}. */
  public void restore(Path dir) {
    restoreVersion(dir, null);
  }

  /** Saves the weights as {@link #save} does; returns the checkpoint version written. */
  public String saveVersion(Path dir) {
    Arguments.open(closed, modelName(), "save", "the model");
    Arguments.notNull(modelName(), "save", "dir", dir);
    String call = modelName() + ".save";
    return handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        return checkpoints.save(dir);
      }
    });
  }

  /** Restores weights from {@code version} of {@code dir} (the latest when null), as {@link #restore}. */
  public void restoreVersion(Path dir, String version) {
    Arguments.open(closed, modelName(), "restore", "the model");
    Arguments.notNull(modelName(), "restore", "dir", dir);
    String call = modelName() + ".restore";
    handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        checkpoints.restore(dir, version);
        return null;
      }
    });
  }

  /** See {@link CordonModel#exportSavedModel}. */
  public void exportSavedModel(Path dir) {
    Arguments.open(closed, modelName(), "exportSavedModel", "the model");
    Arguments.notNull(modelName(), "exportSavedModel", "dir", dir);
    String call = modelName() + ".exportSavedModel";
    handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        SavedModelExport.export(
            modelName(), handle, java.util.Set.of(scope), exportSignatures(), exportVariables(), dir);
        return null;
      }
    });
  }

  /**
   * One signature per output, each taking every prediction input: {@code serving_default} for the
   * first declared output, and one named after each output.
   */
  List<ExportSignature> exportSignatures() {
    List<ExportSignature.Input> inputs = new ArrayList<>();
    for (int i = 0; i < predictionInputs.size(); i++) {
      InputSpec in = predictionInputs.get(i);
      inputs.add(new ExportSignature.Input(in.name(), predictionPlaceholders.get(i), in.shape()));
    }
    List<ExportSignature.Output> declared = new ArrayList<>();
    for (ModelSpec.OutputSpec out : spec.outputs()) {
      declared.add(new ExportSignature.Output(out.name(), outputs.get(out.name())));
    }
    return ExportSignature.onePerOutput(modelName(), declared, out -> inputs);
  }

  /** The model's variables, keyed by scope-relative name (as in its checkpoints). */
  List<ExportVariable> exportVariables() {
    List<ExportVariable> vars = new ArrayList<>();
    for (ModelVariable<?> v : variableList) {
      vars.add(new ExportVariable(v.path(), v));
    }
    return vars;
  }

  public ModelVariables variables() {
    checkOpen(modelName() + ".variables");
    return variables;
  }

  public Tensor read(ModelVariable<?> v) {
    String call = modelName() + ".variables";
    return handle.read(call, () -> {
      checkOpen(call);
      // the read shares the variable's buffer: the caller gets its own copy
      try (Result r = handle.session().runner().fetch(v.read()).run()) {
        return BufferSharing.copyOf(r.get(0));
      }
    });
  }

  /**
   * Returns {@code array}, the Java array that array overload {@code method} was given for input
   * {@code input}, once {@link Arguments#array} has checked it (null, null or ragged rows, static
   * dimensions); throws {@link IllegalStateException} when the model is closed.
   */
  public <A> A checkArray(String method, String input, A array) {
    Arguments.open(closed, modelName(), method, "the model");
    Arguments.name(modelName(), method, "input", input, inputNames);
    return Arguments.array(modelName(), method, spec.input(input), array);
  }

  /**
   * The generated array overload of prediction {@code output} (its index in the spec's outputs):
   * one Java array, or scalar, per prediction input; the result as the output's Java form.
   */
  public <A> A predictArrays(int output, Object... arrays) {
    String method = outputNames.get(output);
    return JavaArrays.call(modelName(), method, predictionInputs, arrays, arrayCheck(method),
        tensors -> predict(output, tensors));
  }

  /** The generated array overload of {@code trainStep}: one Java array per input, labels included. */
  public float trainStepArrays(Object... arrays) {
    return JavaArrays.<Float>call(modelName(), "trainStep", spec.inputs(), arrays, arrayCheck("trainStep"),
        this::trainStep);
  }

  /** {@link #checkArray} for an input spec in hand: no look-up of it by name. */
  private JavaArrays.Check arrayCheck(String method) {
    return (in, array) -> {
      Arguments.open(closed, modelName(), method, "the model");
      Arguments.array(modelName(), method, in, array);
    };
  }

  /** As {@link #checkArray}, for code generated before it (the method is then unknown). */
  @Deprecated
  public <A> A requireArray(String input, A array) {
    return checkArray("predict", input, array);
  }

  /** See {@link CordonModel#close}. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsGraph) {
      handle.close(); // waits for runs in flight; frees the endpoints
    } else {
      endpoints.forEach(Endpoint::close); // each waits for runs in flight
      stepEndpoints.values().forEach(Endpoint::close);
    }
  }

  // ---- training support (fit, evaluate, callbacks, exact resume) -----------------------------

  /** See the generated {@code fit(Dataset, Fit)}: every input, labels included, in declaration order. */
  public dev.cordon.runtime.train.History fit(dev.cordon.runtime.data.Dataset data, dev.cordon.runtime.train.Fit fit) {
    requireLoss("fit");
    return FitLoop.fit(this, data, fit);
  }

  /** See the generated {@code fit(arrays..., Fit)}: one array per input, labels included. */
  public dev.cordon.runtime.train.History fit(dev.cordon.runtime.train.Fit fit, Object... arrays) {
    requireLoss("fit");
    return FitLoop.fit(this, fit, arrays);
  }

  /** The mean loss and each metric over {@code data} (every input, labels included), in inference mode. */
  public Map<String, Double> evaluate(dev.cordon.runtime.data.Dataset data, dev.cordon.runtime.metrics.Metric... metrics) {
    requireLoss("evaluate");
    return FitLoop.evaluate(this, data, metrics);
  }

  /** {@code output} for every example of {@code data} (prediction inputs only), batch by batch; the caller closes it. */
  public Tensor predict(String output, dev.cordon.runtime.data.Dataset data) {
    return FitLoop.predict(this, output, data);
  }

  /** A table of the model's variables, like Keras' {@code summary()}. */
  public String summary() {
    return variables.summary();
  }

  private void requireLoss(String what) {
    if (trainOp == null) {
      throw new IllegalStateException(modelName() + " declares no @Loss, so it cannot " + what);
    }
  }

  void attachTraining(TrainingState state) {
    this.trainingState = state;
  }

  private List<Op> stepUpdates = List.of();
  private ModelVariable<org.tensorflow.types.TInt64> stepCounter;

  void attachStepState(List<Op> updates, ModelVariable<org.tensorflow.types.TInt64> counter) {
    this.stepUpdates = List.copyOf(updates);
    this.stepCounter = counter;
  }

  /** The scalar that is true only in a training step (dropout, batch normalisation), or null. */
  public Operand<TBool> trainingFlag() {
    return training;
  }

  /** What a training step runs beside the update (batch normalisation's moving averages). */
  public List<Op> stepUpdates() {
    return stepUpdates;
  }

  /** The model's training-step count (dropout's key), or null when no layer needs one. */
  public ModelVariable<org.tensorflow.types.TInt64> stepCounter() {
    return stepCounter;
  }

  @Override
  public String name() {
    return modelName();
  }

  @Override
  public List<InputPort> inputs() {
    List<InputPort> ports = new ArrayList<>();
    for (InputSpec in : spec.inputs()) {
      ports.add(new InputPort(in.name(), in.type(), in.shape(), in.label()));
    }
    return ports;
  }

  @Override
  public List<String> outputNames() {
    return outputNames;
  }

  /**
   * One fit or evaluate step on the fast path: an endpoint per (train, outputs) pair, resolved on
   * first use and kept, feeding the inputs, with {@code training = true} fed from a tensor the
   * endpoint owns in a training step; fetching the loss, then the outputs.
   */
  @Override
  public StepResult step(Tensor[] inputs, List<String> fetchOutputs, boolean train) {
    if (loss == null) {
      throw new IllegalStateException(modelName() + " declares no @Loss, so it cannot be trained or evaluated");
    }
    Arguments.open(closed, modelName(), train ? "fit" : "evaluate", "the model");
    Endpoint<?> endpoint = stepEndpoint(train, fetchOutputs);
    Tensor[] out;
    synchronized (stateLock) {
      out = endpoint.run(inputs);
    }
    return Trainee.stepResult(out);
  }

  private final Map<String, Endpoint<?>> stepEndpoints = new java.util.concurrent.ConcurrentHashMap<>();

  private Endpoint<?> stepEndpoint(boolean train, List<String> fetchOutputs) {
    return stepEndpoints.computeIfAbsent((train ? "fit " : "evaluate ") + fetchOutputs, key -> {
      List<Operand<?>> fetches = new ArrayList<>(); // resolved once per endpoint, not per step
      for (String name : fetchOutputs) {
        fetches.add(outputOperand(name)); // refuses an unknown output
      }
      Endpoint.Builder b = Endpoint.builder(handle, modelName() + (train ? ".fit" : ".evaluate"), "the model", execution);
      for (int i = 0; i < spec.inputs().size(); i++) {
        b.feed(spec.inputs().get(i), placeholders.get(i));
      }
      if (train && training != null) {
        b.constantFeed(training, TBool.scalarOf(true));
      }
      b.fetch(loss);
      fetches.forEach(b::fetch);
      if (train) {
        b.target(trainOp);
      }
      return b.build(TType.class);
    });
  }

  @Override
  public Tensor predict(String output, Tensor[] given) {
    Arguments.open(closed, modelName(), output, "the model");
    return prediction(output, TType.class).predict(given); // the output's endpoint: the fast path
  }

  private TrainingState trainingState(String call) {
    if (trainingState == null) {
      throw new IllegalStateException(modelName() + " declares no @Loss, so it has no training state (" + call + ")");
    }
    return trainingState;
  }

  @Override
  public boolean hasLearningRate() {
    return trainingState != null && trainingState.hasLearningRate();
  }

  @Override
  public double learningRate() {
    String call = modelName() + ".learningRate";
    return handle.read(call, () -> trainingState(call).learningRate(handle.session()));
  }

  @Override
  public double learningRateScale() {
    String call = modelName() + ".learningRateScale";
    return handle.read(call, () -> trainingState(call).learningRateScale(handle.session()));
  }

  @Override
  public void setLearningRateScale(double scale) {
    String call = modelName() + ".setLearningRateScale";
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(modelName() + ": learning-rate scale must be positive and finite, got " + scale);
    }
    handle.read(call, () -> {
      synchronized (stateLock) {
        trainingState(call).setLearningRateScale(handle.session(), scale);
        return null;
      }
    });
  }

  @Override
  public long iterations() {
    String call = modelName() + ".iterations";
    return handle.read(call, () -> trainingState == null ? -1 : trainingState.iterations(handle.session()));
  }

  @Override
  public Map<String, Tensor> snapshotWeights() {
    String call = modelName() + ".snapshotWeights";
    return handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        List<Tensor> values = checkpoints.read();
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
          out.put(variableList.get(i).path(), values.get(i));
        }
        return out;
      }
    });
  }

  @Override
  public void restoreWeights(Map<String, Tensor> snapshot) {
    String call = modelName() + ".restoreWeights";
    handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        List<Tensor> values = new ArrayList<>();
        for (ModelVariable<?> v : variableList) {
          Tensor t = snapshot.get(v.path());
          if (t == null) {
            throw new IllegalArgumentException(modelName() + ": the snapshot has no '" + v.path() + "'");
          }
          values.add(t);
        }
        checkpoints.assign(values);
        return null;
      }
    });
  }

  @Override
  public void saveWeights(Path dir) {
    save(dir);
  }

  @Override
  public String saveTrainingState(Path dir) {
    Objects.requireNonNull(dir, "dir");
    String call = modelName() + ".saveTrainingState";
    return handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        return trainingState(call).checkpoints.save(dir);
      }
    });
  }

  @Override
  public void restoreTrainingState(Path dir, String version) {
    Objects.requireNonNull(dir, "dir");
    String call = modelName() + ".restoreTrainingState";
    handle.read(call, () -> {
      synchronized (stateLock) {
        checkOpen(call);
        trainingState(call).checkpoints.restore(dir, version);
        return null;
      }
    });
  }

  private void checkOpen(String call) {
    if (closed) {
      throw new IllegalStateException("cannot call " + call + ": the model is closed");
    }
  }

}
