package dev.cordon.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@link BenchClassifier}'s graph (or, from {@link #dense}, {@link BenchDense}'s) written by hand
 * in plain TF Java 1.1.0, the way Cordon's runtime builds it: its own {@link Graph} and {@link
 * Session}; resource variables ({@code VarHandleOp} with {@code shared_name} = the op's full name,
 * one {@code AssignVariableOp} each, run once here, and {@code ReadVariableOp} reads); Glorot-uniform kernels drawn with {@code
 * StatelessRandomUniform} and zero biases; {@code Graph.addGradients} over the reads; {@code
 * ResourceApplyGradientDescent} updates that wait for every gradient.
 *
 * <p>Each call does the work the generated class does: feed the given tensors, fetch one tensor,
 * hand it to the caller (who closes it), or fetch the loss as a {@code float}.
 */
public final class HandWrittenClassifier implements AutoCloseable {

  private static final String SCOPE = "bench";

  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> pixels;
  private final Placeholder<TInt32> digit;
  private final Operand<TFloat32> logits;
  private final Operand<TFloat32> loss;
  private final Op trainOp;

  private final List<VarHandleOp> handles = new ArrayList<>();
  private final List<ReadVariableOp<TFloat32>> reads = new ArrayList<>();
  private final List<Op> initOps = new ArrayList<>();

  public HandWrittenClassifier(long seed, float learningRate) {
    this(seed, learningRate, true);
  }

  /** {@link BenchDense}'s graph: one dense layer, {@code [n, 784] x [784, 10] + bias}. */
  public static HandWrittenClassifier dense(long seed, float learningRate) {
    return new HandWrittenClassifier(seed, learningRate, false);
  }

  private HandWrittenClassifier(long seed, float learningRate, boolean hiddenLayer) {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph).withSubScope(SCOPE);
      pixels = tf.withName("pixels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
      digit = tf.withName("digit").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

      logits = hiddenLayer
          ? dense(tf, "out", tf.nn.relu(dense(tf, "hidden", pixels, 784, 128, seed)), 128, 10, seed)
          : dense(tf, "out", pixels, 784, 10, seed);
      // TF's C++ gradient registry has no SparseSoftmaxCrossEntropyWithLogits: one-hot + dense.
      Operand<TFloat32> oneHot = tf.oneHot(digit, tf.constant(10), tf.constant(1f), tf.constant(0f));
      loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));

      trainOp = buildTraining(tf.withSubScope("train"), learningRate);
      Op init = tf.withSubScope("init").withControlDependencies(initOps).noOp();
      session = new Session(graph);
      session.runner().addTarget(init).run().close();
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  /** {@code x · kernel + bias}, with {@code kernel} Glorot-uniform and {@code bias} zero. */
  private Operand<TFloat32> dense(Ops parent, String name, Operand<TFloat32> x, int in, int out, long seed) {
    Ops layer = parent.withSubScope(name);
    float limit = (float) Math.sqrt(6.0 / (in + out));
    Ops kernelInit = layer.withSubScope("kernel.init");
    Operand<TFloat32> uniform = kernelInit.random.statelessRandomUniform(
        kernelInit.constant(new long[] {in, out}),
        kernelInit.constant(new long[] {seed, name.hashCode()}),
        TFloat32.class);
    Operand<TFloat32> kernelValue =
        kernelInit.math.sub(kernelInit.math.mul(uniform, kernelInit.constant(2f * limit)), kernelInit.constant(limit));
    Operand<TFloat32> kernel = variable(layer, SCOPE + "/" + name + "/kernel", "kernel", Shape.of(in, out), kernelValue);
    Ops biasInit = layer.withSubScope("bias.init");
    Operand<TFloat32> biasValue = biasInit.zeros(biasInit.constant(new long[] {out}), TFloat32.class);
    Operand<TFloat32> bias = variable(layer, SCOPE + "/" + name + "/bias", "bias", Shape.of(out), biasValue);
    return layer.math.add(layer.linalg.matMul(x, kernel), bias);
  }

  private Operand<TFloat32> variable(Ops layer, String fullName, String leaf, Shape shape, Operand<TFloat32> initial) {
    VarHandleOp handle = layer.withName(leaf).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(fullName));
    initOps.add(layer.withSubScope(leaf + ".init").withName("assign").assignVariableOp(handle, initial));
    ReadVariableOp<TFloat32> read = layer.withName(leaf + ".read").readVariableOp(handle, TFloat32.class);
    handles.add(handle);
    reads.add(read);
    return read;
  }

  private Op buildTraining(Ops train, float learningRate) {
    Output<?>[] xs = new Output<?>[reads.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = reads.get(i).asOutput();
    }
    Output<?>[] dys = graph.addGradients(SCOPE + "/train/gradients", new Output<?>[] {loss.asOutput()}, xs, null);
    List<Op> computed = new ArrayList<>();
    for (Output<?> dy : dys) {
      computed.add(dy);
    }
    Ops afterGradients = train.withSubScope("gradients.ready").withControlDependencies(computed);
    Ops sgd = train.withSubScope("SGD");
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < dys.length; i++) {
      Operand<TFloat32> g = afterGradients.identity(dys[i].expect(TFloat32.class));
      updates.add(sgd.train.resourceApplyGradientDescent(handles.get(i), sgd.constant(learningRate), g));
    }
    return sgd.withControlDependencies(updates).noOp();
  }

  /** The logits of a batch of images, {@code [n, 784] -> [n, 10]}; the caller closes the result. */
  public TFloat32 logits(TFloat32 batch) {
    // The fetched tensor is the Result's only resource: handing it out (instead of closing the
    // Result) passes its ownership to the caller without a copy.
    Result result = session.runner().feed(pixels, batch).fetch(logits).run();
    return (TFloat32) result.get(0);
  }

  /** One SGD step on a batch; returns the loss before the step. */
  public float trainStep(TFloat32 batch, TInt32 labels) {
    try (Result result =
        session.runner().feed(pixels, batch).feed(digit, labels).addTarget(trainOp).fetch(loss).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
