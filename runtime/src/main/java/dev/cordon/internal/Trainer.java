package dev.cordon.internal;

import dev.cordon.Init;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.train.Gradient;
import dev.cordon.runtime.train.LearningRate;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.TrainingGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Adds one training step to a graph: gradients of a loss with respect to a given list of
 * variables only (never every variable of the graph, as TF Java's optimizers do), then the
 * optimizer's updates, with slots under {@code <scope>/cordon.train/<optimizer>}.
 */
public final class Trainer {

  private final String owner;
  private final String scope;
  private final Ops tf;
  private final Graph graph;
  private final Optimizer optimizer;
  private final List<Op> initOps;
  private final Set<String> ownVariableOps;

  /**
   * @param initOps receives the slot initialisers, to run with the owner's init op
   * @param ownVariableOps receives the names of the slot variables created
   */
  Trainer(String owner, String scope, Ops tf, Graph graph, Optimizer optimizer, List<Op> initOps,
      Set<String> ownVariableOps) {
    this.owner = owner;
    this.scope = scope;
    this.tf = tf;
    this.graph = graph;
    this.optimizer = optimizer;
    this.initOps = initOps;
    this.ownVariableOps = ownVariableOps;
  }

  /** The op of one step minimising {@code loss} over those of {@code variables} it depends on. */
  Op build(Operand<?> loss, List<ModelVariable<?>> variables) {
    Ops train = tf.withSubScope(ModelAssembly.TRAIN_SCOPE);
    // Differentiating a variable the loss cannot reach makes addGradients throw: filter first.
    Set<GraphOperation> upstream = graph.subgraphTo(Set.of(loss));
    List<ModelVariable<?>> reached = new ArrayList<>();
    for (ModelVariable<?> v : variables) {
      if (upstream.contains((GraphOperation) v.read().op())) {
        reached.add(v);
      }
    }
    if (reached.isEmpty()) {
      return train.noOp(); // nothing to train: a step only evaluates the loss
    }
    Output<?>[] xs = new Output<?>[reached.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = reached.get(i).read().asOutput();
    }
    Output<?>[] dys = graph.addGradients(
        scope + "/" + ModelAssembly.TRAIN_SCOPE + "/gradients", new Output<?>[] {loss.asOutput()}, xs, null);
    List<Op> computed = new ArrayList<>();
    for (Output<?> dy : dys) {
      if (!dy.isClosed()) { // closed: no gradient path (behind a stopGradient); never touch its op()
        computed.add(dy);
      }
    }
    if (computed.isEmpty()) {
      return train.noOp();
    }
    // Every update waits for every gradient: no update can change a value another gradient reads.
    Ops afterGradients = train.withSubScope("gradients.ready").withControlDependencies(computed);
    List<Gradient<?>> gradients = new ArrayList<>();
    for (int i = 0; i < dys.length; i++) {
      if (!dys[i].isClosed()) {
        gradients.add(gradient(afterGradients, reached.get(i), dys[i]));
      }
    }
    String name = optimizer.name();
    if (!Scopes.isValidSegment(name)) {
      throw new ModelBuildException(owner + ": optimizer name '" + name + "' is not a valid TensorFlow name");
    }
    OptimizerGraph og = new OptimizerGraph(train.withSubScope(name), ModelAssembly.TRAIN_SCOPE + "/" + name);
    Op step = optimizer.applyGradients(og, gradients);
    if (og.iterations != null) {
      // The step counter advances once every update of the step has run.
      step = og.ops.withSubScope("iterations.next").withControlDependencies(List.of(step))
          .assignAddVariableOp(og.iterations, og.ops.constant(1L));
    }
    this.iterations = og.iterations;
    this.learningRateScale = og.scale;
    this.learningRate = og.learningRate;
    return step;
  }

  private Operand<? extends TType> iterations;
  private Operand<? extends TType> learningRateScale;
  private Operand<TFloat32> learningRate;
  private final List<ModelVariable<?>> optimizerVariables = new ArrayList<>();

  /** The optimizer's step counter (TInt64 resource), or null if the optimizer asked for no learning rate. */
  Operand<? extends TType> iterations() {
    return iterations;
  }

  /** The scale of the learning rate (TFloat32 resource, initially 1), or null. */
  Operand<? extends TType> learningRateScale() {
    return learningRateScale;
  }

  /** The learning rate of the next step, or null. */
  Operand<TFloat32> learningRate() {
    return learningRate;
  }

  /** Every slot and state variable the optimizer created, the step counter and scale included. */
  List<ModelVariable<?>> optimizerVariables() {
    return optimizerVariables;
  }

  private static <T extends TType> Gradient<T> gradient(Ops after, ModelVariable<T> v, Output<?> dy) {
    Operand<T> value = after.identity(dy.expect(v.type()));
    return new Gradient<>(v.path(), v.handle(), value, v.type(), v.shape());
  }

  /** Slots and optimizer state: resource variables in the optimizer's scope, zero-initialised. */
  private final class OptimizerGraph implements TrainingGraph {
    private final Ops ops;
    private final String path;
    private final Map<String, Ops> slotScopes = new HashMap<>();
    private Operand<? extends TType> iterations;
    private Operand<? extends TType> scale;
    private Operand<TFloat32> learningRate;
    private LearningRate schedule;
    private final Map<Class<?>, Operand<?>> castRates = new HashMap<>();

    OptimizerGraph(Ops ops, String path) {
      this.ops = ops;
      this.path = path;
    }

    @Override
    public Ops ops() {
      return ops;
    }

    @Override
    public <T extends TType> Operand<? extends TType> slot(Gradient<T> g, String slot) {
      return zeroVariable(variableScope(g.name()), path + "/" + g.name() + "/" + slot, slot, g.type(), g.shape());
    }

    @Override
    public <T extends TType> Operand<? extends TType> state(String name, Class<T> type, Shape shape) {
      return zeroVariable(ops, path + "/" + name, name, type, shape);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends TType> Operand<T> learningRate(LearningRate requested, Class<T> type) {
      if (requested == null) {
        throw new NullPointerException("learning rate schedule");
      }
      if (schedule == null) {
        schedule = requested;
        iterations = variable(ops, path + "/iterations", "iterations", TInt64.class, Shape.scalar(), Init.ZEROS);
        scale = variable(ops, path + "/learning_rate.scale", "learning_rate.scale", TFloat32.class,
            Shape.scalar(), Init.ONES);
        Ops lr = ops.withSubScope("learning_rate");
        Operand<TFloat32> step = lr.dtypes.cast(lr.readVariableOp(iterations, TInt64.class), TFloat32.class);
        learningRate = lr.withName("value").math.mul(
            lr.readVariableOp(scale, TFloat32.class), schedule.build(lr, step));
      } else if (schedule != requested) {
        throw new ModelBuildException(owner + ": optimizer " + optimizer.name()
            + " asked for two different learning-rate schedules in one build");
      }
      if (type == TFloat32.class) {
        return (Operand<T>) learningRate;
      }
      return (Operand<T>) castRates.computeIfAbsent(type, t -> ops.dtypes.cast(learningRate, type));
    }

    /** One sub-scope per variable path, reused: a second withSubScope would be renamed "_1". */
    private Ops variableScope(String variablePath) {
      Ops current = ops;
      String prefix = "";
      for (String segment : variablePath.split("/")) {
        prefix = prefix.isEmpty() ? segment : prefix + "/" + segment;
        Ops parent = current;
        current = slotScopes.computeIfAbsent(prefix, p -> parent.withSubScope(segment));
      }
      return current;
    }

    private <T extends TType> Operand<? extends TType> zeroVariable(
        Ops parent, String relativePath, String leaf, Class<T> type, Shape shape) {
      return variable(parent, relativePath, leaf, type, shape, Init.ZEROS);
    }

    private <T extends TType> Operand<? extends TType> variable(
        Ops parent, String relativePath, String leaf, Class<T> type, Shape shape, Init init) {
      String fullName = scope + "/" + relativePath;
      if (!Scopes.isValidSegment(leaf)) {
        throw new ModelBuildException(owner + ": optimizer slot name '" + leaf + "' is not a valid TensorFlow name");
      }
      // shared_name = the full op name: handles with equal shared names alias within a session.
      VarHandleOp h = parent.withName(leaf).varHandleOp(type, shape, VarHandleOp.sharedName(fullName));
      if (!h.op().name().equals(fullName)) {
        throw new ModelBuildException(
            owner + ": expected op '" + fullName + "' but TensorFlow named it '" + h.op().name() + "'");
      }
      Ops initScope = parent.withSubScope(leaf + ".init");
      Operand<T> initial = Initializers.create(initScope, init, type, shape, null, fullName);
      initOps.add(initScope.withName("assign").assignVariableOp(h, initial));
      ownVariableOps.add(fullName);
      ReadVariableOp<T> read = parent.withName(leaf + ".read").readVariableOp(h, type);
      optimizerVariables.add(new ModelVariable<>(relativePath, type, shape, h, read, false));
      return h;
    }
  }
}
