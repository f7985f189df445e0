package dev.cordon.internal;

import dev.cordon.Init;
import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.internal.ModelSpec.OutputSpec;
import dev.cordon.internal.ModelSpec.VariableSpec;
import dev.cordon.runtime.Layers;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.internal.savedmodel.SavedModelBinding;
import dev.cordon.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssignVariableOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * One model's graph under construction. Generated constructors drive it: they ask for each
 * declared input and variable, call the model's {@code @Output} and {@code @Loss} methods with
 * {@link #ops()} and {@link #layers()}, register what those return, then {@link #finish()} (or
 * {@link #abort()} when anything threw).
 *
 * <p>Everything is created under the model's scope. Cordon registers no graph initializers: each
 * model's variables are initialised by an init op of its own, run once by {@link #finish()}, so
 * models sharing a graph never initialise, or block, each other.
 */
public final class ModelAssembly {

  /** Internal sub-scopes; the dot keeps them apart from any Java-named member or layer. */
  static final String TRAIN_SCOPE = "cordon.train";
  static final String INIT_SCOPE = "cordon.init";
  static final String SAVER_SCOPE = "cordon.saver";
  static final String MODE_SCOPE = "cordon.mode";

  private final ModelSpec spec;
  private final String scope;
  private final long seed;
  private final Optimizer optimizer;
  private final GraphHandle handle;
  private final boolean ownsGraph;
  private final Ops tf;
  private final Layers layers;

  private final Set<String> usedNames = new HashSet<>();
  private final Map<String, Operand<?>> inputs = new LinkedHashMap<>();
  private final Map<String, WiredInput> wired;
  private final Consumer<ModelEngine> onBuilt;
  private final List<ModelVariable<?>> variables = new ArrayList<>();
  private final List<Op> initOps = new ArrayList<>();
  private final Map<String, Operand<?>> outputs = new LinkedHashMap<>();
  private final Set<String> ownVariableOps = new HashSet<>();
  private final List<ModelVariable<?>> alsoTrained = new ArrayList<>();
  private final List<Op> stepUpdates = new ArrayList<>();
  private final List<Op> alsoUpdated = new ArrayList<>();
  private final List<ModelVariable<TInt64>> alsoCounted = new ArrayList<>();
  private final List<ModelVariable<?>> alsoSaved = new ArrayList<>();
  private Operand<?> loss;
  private PlaceholderWithDefault<TBool> training;
  private dev.cordon.runtime.Execution execution = dev.cordon.runtime.Execution.AUTO;
  private ModelVariable<TInt64> stepCounter;
  private Trainer trainer;
  private boolean done;
  private SavedModelBinding imported; // for a model imported from a SavedModel

  private ModelAssembly(
      ModelSpec spec, String scope, long seed, Optimizer optimizer, GraphHandle handle, boolean ownsGraph,
      Map<String, WiredInput> wired, Consumer<ModelEngine> onBuilt) {
    this.spec = spec;
    this.wired = Map.copyOf(wired);
    this.onBuilt = onBuilt;
    this.scope = scope;
    this.seed = seed;
    this.optimizer = optimizer;
    this.handle = handle;
    this.ownsGraph = ownsGraph;
    this.tf = handle.ops(scope);
    this.layers = RuntimeAccess.get().layers(this);
  }

  public static ModelAssembly start(
      ModelSpec spec, String scope, long seed, Optimizer optimizer, GraphHandle shared) {
    return start(spec, scope, seed, optimizer, shared, Map.of(), runtime -> {});
  }

  public static ModelAssembly start(
      ModelSpec spec, String scope, long seed, Optimizer optimizer, GraphHandle shared,
      Map<String, WiredInput> wired, Consumer<ModelEngine> onBuilt) {
    return start(spec, scope, seed, optimizer, shared, wired, onBuilt, SavedModelBinding.Options.NONE);
  }

  public static ModelAssembly start(
      ModelSpec spec, String scope, long seed, Optimizer optimizer, GraphHandle shared,
      Map<String, WiredInput> wired, Consumer<ModelEngine> onBuilt, SavedModelBinding.Options importOptions) {
    return start(spec, scope, seed, optimizer, shared, wired, onBuilt, importOptions,
        dev.cordon.runtime.Execution.AUTO);
  }

  /**
   * As above, with the builder's {@code execution}: known before anything runs, since a
   * SavedModel's variables are restored here, and an own graph's session, created at its first
   * run, picks its executor by it ({@link SessionExecutor}).
   */
  public static ModelAssembly start(
      ModelSpec spec, String scope, long seed, Optimizer optimizer, GraphHandle shared,
      Map<String, WiredInput> wired, Consumer<ModelEngine> onBuilt, SavedModelBinding.Options importOptions,
      dev.cordon.runtime.Execution execution) {
    for (String input : wired.keySet()) {
      spec.input(input); // fails for an input the model does not declare
    }
    GraphHandle handle = shared == null ? GraphHandle.own(execution) : shared;
    boolean owns = shared == null;
    handle.lockBuild();
    try {
      handle.claimScope(scope, spec.simpleName());
    } catch (RuntimeException | Error e) {
      handle.unlockBuild();
      if (owns) {
        handle.close();
      }
      throw e;
    }
    try {
      ModelAssembly build = new ModelAssembly(spec, scope, seed, optimizer, handle, owns, wired, onBuilt);
      build.execution = execution;
      if (spec.savedModel().isPresent()) {
        build.imported = SavedModelBinding.bind(spec, scope, handle, build.tf, build.wired, importOptions);
      }
      return build;
    } catch (RuntimeException | Error e) {
      handle.unlockBuild();
      if (owns) {
        handle.close();
      }
      throw e;
    }
  }

  /** Ops scoped to the model: every op they create is named {@code <scope>/...}. */
  public Ops ops() {
    return tf;
  }

  /** The layer DSL, creating its variables inside the model's scope. */
  public Layers layers() {
    return layers;
  }

  /**
   * The declared input {@code name}: a placeholder, or, for an input a composition wires to
   * another member's output in the same graph, a copy of that output ({@code identity}, or {@code
   * stopGradient} across a boundary). Either can be fed.
   */
  public <T extends TType> Operand<T> input(String name, Class<T> type) {
    InputSpec in = spec.input(name);
    checkType(name, in.type(), type);
    claimName(name, "input");
    if (imported != null) {
      Operand<T> value = imported.input(name, type);
      inputs.put(name, value);
      return value;
    }
    WiredInput wire = wired.get(name);
    Operand<T> value = wire == null
        ? tf.withName(name).placeholder(type, Placeholder.shape(in.shape()))
        : wire.copy(tf.withName(name), spec.simpleName() + "." + name, in, type);
    checkOpName(value.op().name(), name);
    inputs.put(name, value);
    return value;
  }

  /**
   * For a model imported from a SavedModel: the signature's output tensor that the declared output
   * {@code name} stands for, to register with {@link #output}.
   */
  public <T extends TType> Operand<T> importedOutput(String name, Class<T> type) {
    OutputSpec out = spec.output(name);
    checkType(name, out.type(), type);
    if (imported == null) {
      throw new IllegalStateException(spec.simpleName() + " is not imported from a SavedModel");
    }
    return imported.output(name, type);
  }

  /** A read of the declared variable {@code name}. */
  public <T extends TType> Operand<T> variable(String name, Class<T> type) {
    VariableSpec v = spec.variable(name);
    checkType(name, v.type(), type);
    claimName(name, "variable");
    return createVariable(tf, name, name, type, v.shape(), v.init());
  }

  /** Registers what the {@code @Output} method {@code name} returned, after checking it. */
  public <T extends TType> Operand<T> output(String name, Operand<T> value) {
    OutputSpec out = spec.output(name);
    String member = spec.simpleName() + "." + name;
    checkOperand(member, value);
    if (!out.type().equals(value.type())) {
      throw new ModelBuildException(
          member + " is declared as Operand<" + out.type().getSimpleName() + "> but the graph computes "
              + value.type().getSimpleName());
    }
    if (!Shapes.compatible(out.shape(), value.shape())) {
      throw new ModelBuildException(
          member + " is declared with shape " + Shapes.format(out.shape())
              + " but the graph computes shape " + Shapes.format(value.shape())
              + ". Fix @Output(shape = ...) or the computation.");
    }
    outputs.put(name, value);
    return value;
  }

  /** Registers what the {@code @Loss} method returned: a floating scalar. */
  public <T extends TNumber> Operand<T> loss(Operand<T> value) {
    String member = spec.simpleName() + " @Loss";
    checkOperand(member, value);
    if (!(value.type() == TFloat32.class || value.type() == TFloat64.class)) {
      throw new ModelBuildException(member + " must be TFloat32 or TFloat64, got " + value.type().getSimpleName());
    }
    Shape shape = value.shape();
    if (!shape.isUnknown() && shape.numDimensions() != 0) {
      throw new ModelBuildException(
          member + " must be a scalar, but the graph computes shape " + Shapes.format(shape)
              + ". Reduce it, e.g. with tf.math.mean(...) or Layers.sparseSoftmaxCrossEntropy.");
    }
    this.loss = value;
    return value;
  }

  /**
   * Completes the graph (training step, checkpoint ops, init op), checks that the model created no
   * variables or initializers behind Cordon's back, and initialises the model's variables.
   */
  public ModelEngine finish() {
    checkNotDone();
    for (OutputSpec out : spec.outputs()) {
      if (!outputs.containsKey(out.name())) {
        throw new ModelBuildException(spec.simpleName() + "." + out.name() + " was never built");
      }
    }
    Op trainOp = loss == null ? null : buildTraining();
    Checkpoints checkpoints = new Checkpoints(spec.simpleName(), handle, tf.withSubScope(SAVER_SCOPE), variables);
    TrainingState trainingState = null;
    if (trainOp != null) {
      List<ModelVariable<?>> state = new ArrayList<>(variables);
      state.addAll(trainer.optimizerVariables());
      if (stepCounter != null) {
        state.add(stepCounter);
      }
      state.addAll(alsoSaved);
      trainingState = new TrainingState(
          new Checkpoints(spec.simpleName(), handle, tf.withSubScope(SAVER_SCOPE + ".training"), state),
          trainer.learningRate(), trainer.learningRateScale(), trainer.iterations(),
          tf.withSubScope(TRAIN_SCOPE + ".control"));
    }
    Op init = tf.withSubScope(INIT_SCOPE).withControlDependencies(initOps).noOp();
    if (imported == null) {
      checkNoForeignState(); // an import's own variables are restored by the import
    }
    handle.session().runner().addTarget(init).run().close();
    ModelEngine runtime = new ModelEngine(
        spec, scope, handle, ownsGraph, new ArrayList<>(inputs.values()), fetchedOutputs(), loss, trainOp,
        training, variables, checkpoints, execution);
    runtime.attachTraining(trainingState);
    runtime.attachStepState(stepUpdates, stepCounter);
    done = true;
    handle.unlockBuild();
    onBuilt.accept(runtime);
    return runtime;
  }

  /**
   * The outputs as fetched: a {@code DeepCopy} of each output that may share a buffer with a
   * variable or a constant ({@link BufferSharing}), the others as they are. A SavedModel's outputs
   * come from its import, which decided already.
   */
  private Map<String, Operand<?>> fetchedOutputs() {
    if (imported != null) {
      return outputs;
    }
    Map<String, Operand<?>> fetched = new LinkedHashMap<>();
    Ops copies = null;
    for (Map.Entry<String, Operand<?>> e : outputs.entrySet()) {
      Operand<?> value = e.getValue();
      if (BufferSharing.mayAlias(value)) {
        if (copies == null) {
          copies = tf.withSubScope("cordon.copy");
        }
        value = copies.withName(e.getKey()).deepCopy(value);
      }
      fetched.put(e.getKey(), value);
    }
    return fetched;
  }

  /**
   * Abandons the build after a failure: releases the graph for other builds and, for a model that
   * owns its graph, closes graph and session. In a shared graph the ops already created stay (TF
   * cannot delete ops) and the scope stays taken.
   */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    handle.unlockBuild();
    if (ownsGraph) {
      handle.close();
    }
  }

  /**
   * Makes the training step also update {@code others}: variables of other models in the same
   * graph (a composition trains its SCOPE members). They stay initialised and saved by their owners.
   */
  public void alsoTrain(List<ModelVariable<?>> others) {
    alsoTrained.addAll(others);
  }

  /**
   * Makes the training step also do what a training step of another model of this graph (which
   * the caller runs in training mode by feeding its {@link ModelEngine#trainingFlag}) does beside
   * its gradients: {@code updates} of its step (batch normalisation's moving averages) and, after
   * the step, its step {@code counter} (dropout's key; null if none). A composition steps its
   * SCOPE members so.
   */
  public void alsoStep(List<Op> updates, ModelVariable<TInt64> counter) {
    alsoUpdated.addAll(updates);
    if (counter != null) {
      alsoCounted.add(counter);
    }
  }

  /**
   * Saves {@code others} (variables of other models of this graph, under the paths given) with
   * this model's training state: a composition's backup holds its members' weights and step
   * counts in the one checkpoint version of its optimizer state.
   */
  public void alsoSaveWithTrainingState(List<ModelVariable<?>> others) {
    alsoSaved.addAll(others);
  }

  // ---- used by Layers -----------------------------------------------------------------------

  public String modelName() {
    return spec.simpleName();
  }

  public long seed() {
    return seed;
  }

  /** Ops for the layer {@code name}: a sub-scope of the model's, refused if the name is taken. */
  public Ops layerOps(String name) {
    if (!Scopes.isValidSegment(name)) {
      throw new ModelBuildException(
          spec.simpleName() + ": layer name '" + name + "' is not a valid TensorFlow name; use "
              + Scopes.SEGMENT.pattern());
    }
    if (name.startsWith("cordon.")) {
      throw new ModelBuildException(spec.simpleName() + ": layer name '" + name + "' is reserved by Cordon");
    }
    claimName(name, "layer");
    return tf.withSubScope(name);
  }

  /** A trainable variable named {@code <parent scope>/<leaf>}, registered under {@code path}. */
  public <T extends TType> Operand<T> createVariable(
      Ops parent, String path, String leaf, Class<T> type, Shape shape, Init init) {
    return createVariable(parent, path, leaf, type, shape, init, true).read();
  }

  /**
   * A variable named {@code <parent scope>/<leaf>}, registered under {@code path}: initialised and
   * saved with the model, and differentiated by its training step only if {@code trainable}.
   */
  public <T extends TType> ModelVariable<T> createVariable(
      Ops parent, String path, String leaf, Class<T> type, Shape shape, Init init, boolean trainable) {
    String fullName = scope + "/" + path;
    VarHandleOp handleOp =
        parent.withName(leaf).varHandleOp(type, shape, VarHandleOp.sharedName(fullName));
    checkOpName(handleOp.op().name(), path);
    Ops initScope = parent.withSubScope(leaf + ".init");
    Operand<T> initial = Initializers.create(initScope, init, type, shape, Initializers.seed(seed, path), fullName);
    AssignVariableOp assign = initScope.withName("assign").assignVariableOp(handleOp, initial);
    ReadVariableOp<T> read = parent.withName(leaf + ".read").readVariableOp(handleOp, type);
    ownVariableOps.add(handleOp.op().name());
    initOps.add(assign);
    ModelVariable<T> variable = new ModelVariable<>(path, type, shape, handleOp, read, trainable);
    variables.add(variable);
    return variable;
  }

  /**
   * Makes {@code update} run with every training step of the model, after the forward pass it
   * reads (a batch normalization's moving averages): never in predictions.
   */
  public void runWithTrainingStep(Op update) {
    stepUpdates.add(update);
  }

  /**
   * The number of training steps the model has taken (a TInt64 resource in {@code cordon.mode},
   * advanced after each step): what keys dropout's stateless masks, so that a resumed run draws
   * the masks the uninterrupted one drew. Saved with the training state, not with the weights.
   */
  public Operand<TInt64> stepCounter() {
    if (stepCounter == null) {
      Ops mode = modeOps();
      String path = MODE_SCOPE + "/step";
      VarHandleOp h = mode.withName("step").varHandleOp(TInt64.class, Shape.scalar(),
          VarHandleOp.sharedName(scope + "/" + path));
      checkOpName(h.op().name(), path);
      Ops init = mode.withSubScope("step.init");
      initOps.add(init.withName("assign").assignVariableOp(h, init.constant(0L)));
      ownVariableOps.add(h.op().name());
      stepCounter = new ModelVariable<>(path, TInt64.class, Shape.scalar(), h,
          mode.withName("step.read").readVariableOp(h, TInt64.class), false);
    }
    return stepCounter.read();
  }

  private Ops modeOps;

  /** The one {@code cordon.mode} scope (a second withSubScope would be renamed {@code cordon.mode_1}). */
  private Ops modeOps() {
    if (modeOps == null) {
      modeOps = tf.withSubScope(MODE_SCOPE);
    }
    return modeOps;
  }

  /** The scalar that is true only while a training step runs (dropout reads it). */
  public Operand<TBool> training() {
    if (training == null) {
      training = modeOps().withName("training")
          .placeholderWithDefault(tf.constant(false), Shape.scalar());
    }
    return training;
  }

  // ---- training ------------------------------------------------------------------------------

  private Op buildTraining() {
    trainer = new Trainer(spec.simpleName(), scope, tf, handle.graph(), optimizer, initOps, ownVariableOps);
    List<ModelVariable<?>> trained = new ArrayList<>();
    for (ModelVariable<?> v : variables) {
      if (v.trainable()) {
        trained.add(v);
      }
    }
    trained.addAll(alsoTrained);
    Op step = trainer.build(loss, trained);
    List<Op> updates = new ArrayList<>(stepUpdates);
    List<ModelVariable<TInt64>> counters = new ArrayList<>();
    if (stepCounter != null) {
      counters.add(stepCounter);
    }
    updates.addAll(alsoUpdated);
    counters.addAll(alsoCounted);
    if (updates.isEmpty() && counters.isEmpty()) {
      return step;
    }
    List<Op> all = new ArrayList<>(updates);
    all.add(step);
    Ops done = tf.withSubScope(TRAIN_SCOPE).withSubScope("step.done").withControlDependencies(all);
    // After the step, so that every dropout mask of this step was drawn with the old count.
    if (counters.size() == 1) {
      return done.assignAddVariableOp(counters.get(0).handle(), done.constant(1L));
    }
    if (counters.isEmpty()) {
      return done.noOp();
    }
    List<Op> advanced = new ArrayList<>();
    for (ModelVariable<TInt64> c : counters) {
      advanced.add(done.assignAddVariableOp(c.handle(), done.constant(1L)));
    }
    return tf.withSubScope(TRAIN_SCOPE).withSubScope("step.counted").withControlDependencies(advanced).noOp();
  }

  // ---- checks --------------------------------------------------------------------------------

  private void claimName(String name, String kind) {
    if (!usedNames.add(name)) {
      throw new ModelBuildException(
          spec.simpleName() + ": " + kind + " name '" + name + "' is already used in scope '" + scope
              + "'. Give the " + kind + " another name.");
    }
  }

  private void checkOpName(String actual, String relative) {
    String expected = scope + "/" + relative;
    if (!actual.equals(expected)) {
      throw new ModelBuildException(
          spec.simpleName() + ": expected op '" + expected + "' but TensorFlow named it '" + actual
              + "': the name is already taken in this graph.");
    }
  }

  private void checkType(String name, Class<? extends TType> declared, Class<?> requested) {
    if (!declared.equals(requested)) {
      throw new IllegalArgumentException(
          spec.simpleName() + "." + name + " is declared as " + declared.getSimpleName() + ", not "
              + requested.getSimpleName());
    }
  }

  private void checkOperand(String member, Operand<?> value) {
    checkNotDone();
    if (value == null) {
      throw new ModelBuildException(member + " returned null; it must return an operand of the model's graph");
    }
    if (value.env() != handle.graph()) {
      throw new ModelBuildException(member + " returned an operand of another graph or execution environment");
    }
  }

  private void checkNotDone() {
    if (done) {
      throw new IllegalStateException(spec.simpleName() + ": this build is already finished");
    }
  }

  /**
   * Refuses variables Cordon did not create (they would be neither initialised, trained nor
   * saved) and graph initializers (a session would run them for every model of the graph).
   */
  private void checkNoForeignState() {
    Graph graph = handle.graph();
    String prefix = scope + "/";
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      String name = op.name();
      if (!name.startsWith(prefix)) {
        continue;
      }
      if (graph.isInitializer(op)) {
        throw new ModelBuildException(
            spec.simpleName() + " created the graph initializer '" + name + "' (tf.variable or an init "
                + "scope). Declare variables with @Variable or the Layers DSL instead.");
      }
      String type = op.type();
      if ((type.equals("VariableV2") || type.equals("VarHandleOp")) && !ownVariableOps.contains(name)) {
        throw new ModelBuildException(
            spec.simpleName() + " created the variable '" + name + "' outside Cordon. Declare variables "
                + "with @Variable or the Layers DSL so that they are initialised, trained and saved with the model.");
      }
    }
  }
}
