package dev.cordon.internal;

import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.runtime.Execution;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.types.family.TType;

/**
 * One call path of a built model or composition, resolved when it is built: which operands are
 * fed, fetched and run as targets, and on which thread it runs. A call checks what the typed
 * signature cannot guarantee (null arguments, rank and static dimensions; a closed tensor fails
 * when its native handle is read), all before native code, then runs {@link NativeRun} under the
 * graph's read lock: no names looked up, no maps, no Session.Runner.
 *
 * <p>Some feeds may be constants of the endpoint ({@link Builder#constantFeed}), e.g. the
 * {@code training = true} flag of a training step; the endpoint owns and closes those.
 *
 * <p>Not API: used by generated code; may change in any release.
 *
 * @param <T> the type of the first fetch, returned by {@link #predict}
 */
public final class Endpoint<T extends TType> {

  private final GraphHandle handle;
  private final String call;
  private final String owner; // "the model" / "the composition", for the closed message
  private final InputSpec[] specs; // the caller's feeds, checked
  private final Tensor[] constants; // fed after the caller's tensors
  private final Class<T> type;
  private final boolean callerThread;
  private final NativeRun.Prepared prepared;
  private final Runnable freeAction = this::free;
  private volatile boolean closed;

  private Endpoint(Builder b, Class<T> type) {
    this.handle = b.handle;
    this.call = b.call;
    this.owner = b.owner;
    this.specs = b.specs.toArray(new InputSpec[0]);
    this.constants = b.constants.toArray(new Tensor[0]);
    this.type = type;
    List<Output<?>> feeds = new ArrayList<>(b.feeds);
    feeds.addAll(b.constantFeeds);
    int ops = ExecutionRule.opsRun(b.fetches, b.targets);
    this.callerThread = ExecutionRule.callerThread(b.execution, ops, Runtime.getRuntime().availableProcessors());
    this.prepared = NativeRun.prepare(handle.session(), feeds, b.fetches, b.targets, ExecutionRule.options(callerThread));
    handle.onClose(freeAction);
  }

  public static Builder builder(GraphHandle handle, String call, String owner, Execution execution) {
    return new Builder(handle, call, owner, execution);
  }

  /** Whether this endpoint's runs execute on the caller's thread (see {@link Execution}). */
  public boolean callerThread() {
    return callerThread;
  }

  public Class<T> type() {
    return type;
  }

  public String call() {
    return call;
  }

  /** Runs with {@code inputs} fed; the caller owns the returned tensors. */
  public Tensor[] run(Tensor... inputs) {
    checkArguments(inputs);
    return (Tensor[]) execute(inputs, false);
  }

  /**
   * {@link #run} of a value only the runtime sees (a composition step): {@code inputs} are tensors
   * or hand-off values of earlier steps, and the first fetch comes back as a hand-off value (see
   * {@link NativeRun.Prepared#handOff}), to pass to {@link NativeRun#wrap} or {@link
   * NativeRun#release}. Inputs with a spec must be tensors and are checked as {@link #run} checks.
   */
  public Object handOff(Object... inputs) {
    if (inputs == null || inputs.length != specs.length) {
      throw new IllegalArgumentException(call + " takes " + specs.length + " value(s), got "
          + (inputs == null ? "null" : String.valueOf(inputs.length)));
    }
    for (int i = 0; i < specs.length; i++) {
      if (specs[i] != null) {
        Arguments.input(call, specs[i], (Tensor) inputs[i]);
      }
    }
    return execute(inputs, true);
  }

  /** The run itself, under the graph's read lock: tensors ({@link #run}) or a hand-off value. */
  private Object execute(Object[] inputs, boolean handOff) {
    handle.beginRead(call);
    try {
      if (closed) {
        throw new IllegalStateException("cannot call " + call + ": " + owner + " is closed");
      }
      if (constants.length == 0) {
        return handOff ? prepared.handOff(inputs) : prepared.run((Tensor[]) inputs);
      }
      return handOff ? prepared.handOff(withConstants(inputs, new Object[inputs.length + constants.length]))
          : prepared.run(withConstants(inputs, new Tensor[inputs.length + constants.length]));
    } finally {
      handle.endRead();
    }
  }

  /** {@link #run}, returning the first fetch (the only one of a prediction). */
  public T predict(Tensor... inputs) {
    return type.cast(run(inputs)[0]);
  }

  /** {@link #run} of a training step: returns the first fetch, a float or double loss, as a float. */
  public float loss(Tensor... inputs) {
    try (Trainee.StepResult result = Trainee.stepResult(run(inputs))) { // closes every fetch
      return (float) result.loss();
    }
  }

  /**
   * Refuses an argument native code must not see: a wrong count or type (only possible through
   * untyped callers), null, or a shape that contradicts the declared one.
   */
  private void checkArguments(Tensor[] inputs) {
    if (inputs == null || inputs.length != specs.length) {
      Arguments.count(call, List.of(specs), inputs); // throws, naming the inputs
    }
    for (int i = 0; i < specs.length; i++) {
      if (specs[i] != null) { // null: a value the runtime itself produced (a composition hand-off)
        Arguments.input(call, specs[i], inputs[i]);
      }
    }
  }

  /** {@code inputs} then the endpoint's constants, in {@code all} (of their total length). */
  private <V> V[] withConstants(Object[] inputs, V[] all) {
    System.arraycopy(inputs, 0, all, 0, inputs.length);
    System.arraycopy(constants, 0, all, inputs.length, constants.length);
    return all;
  }

  /**
   * Ends this endpoint when its model closes: later calls fail with an IllegalStateException.
   * Frees its native arrays with no run in flight when the graph stays open (a shared graph);
   * otherwise the graph's close frees them.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    handle.exclusive(freeAction);
    handle.removeOnClose(freeAction);
  }

  private boolean freed;

  private synchronized void free() {
    if (freed) {
      return;
    }
    freed = true;
    prepared.free();
    for (Tensor t : constants) {
      t.close();
    }
  }

  /** Collects an endpoint's feeds, fetches and targets; {@link #build} resolves them. */
  public static final class Builder {
    private final GraphHandle handle;
    private final String call;
    private final String owner;
    private final Execution execution;
    private final List<InputSpec> specs = new ArrayList<>();
    private final List<Output<?>> feeds = new ArrayList<>();
    private final List<Output<?>> constantFeeds = new ArrayList<>();
    private final List<Tensor> constants = new ArrayList<>();
    private final List<Output<?>> fetches = new ArrayList<>();
    private final List<GraphOperation> targets = new ArrayList<>();

    private Builder(GraphHandle handle, String call, String owner, Execution execution) {
      this.handle = handle;
      this.call = call;
      this.owner = owner;
      this.execution = execution == null ? Execution.AUTO : execution;
    }

    /** A feed the caller passes, checked against {@code spec} (null: not checked). */
    public Builder feed(InputSpec spec, Operand<?> operand) {
      specs.add(spec);
      feeds.add(operand.asOutput());
      return this;
    }

    /** A feed of a tensor the endpoint owns, fed on every call. */
    public Builder constantFeed(Operand<?> operand, Tensor value) {
      constantFeeds.add(operand.asOutput());
      constants.add(value);
      return this;
    }

    public Builder fetch(Operand<?> operand) {
      fetches.add(operand.asOutput());
      return this;
    }

    public Builder target(Op op) {
      targets.add((GraphOperation) op.op());
      return this;
    }

    public <T extends TType> Endpoint<T> build(Class<T> firstFetch) {
      return new Endpoint<>(this, firstFetch);
    }
  }
}
