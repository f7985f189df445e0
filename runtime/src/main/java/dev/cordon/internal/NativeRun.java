package dev.cordon.internal;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_AllocateTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionRun;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.RawTensor;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.types.registry.TensorTypeInfo;
import org.tensorflow.internal.types.registry.TensorTypeRegistry;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.family.TType;

/**
 * The one place that reaches into TF Java internals: runs a session with feeds, fetches and
 * targets resolved once, through {@code TF_SessionRun} of the public {@code c_api} classes, with
 * native arrays reused per thread. Four package-private members of TF Java 1.1.0 are needed and
 * looked up once, when this class loads: the field {@code Session.nativeHandle}, and the methods
 * {@code RawTensor.nativeHandle()}, {@code RawTensor.fromHandle(TF_Tensor)} and {@code
 * RawTensor.asTypedTensor()}. When any is
 * missing (another TF Java version, or TF Java on the module path without {@code --add-opens}),
 * every run goes through {@link Session.Runner} instead: {@link #fastPathActive()} and
 * {@link #fallbackReason()} say which, and a test fails when the fast path is off in CI.
 *
 * <p>Safety: the caller holds its {@link GraphHandle}'s read lock during {@link Prepared#run}, so
 * graph and session cannot be freed under a run (closing takes the write lock). Feeds are
 * checked before native code: a closed tensor fails in {@code RawTensor.nativeHandle()} with an
 * {@link IllegalStateException}. Fetched tensors are wrapped by {@code RawTensor.fromHandle}, as
 * {@code Session.run} wraps them, but on an {@link OwnedTensorHandle} instead of JavaCPP's
 * deallocator (see there why): the caller owns and closes them.
 *
 * <p>TF's auto-initialisation ({@code Session.Runner.run()} runs pending graph initializers) is
 * not repeated here: Cordon registers no graph initializers (each model runs its own init op).
 */
public final class NativeRun {

  private static final Field SESSION_HANDLE;
  private static final MethodHandle TENSOR_HANDLE; // (RawTensor) -> TF_Tensor
  private static final MethodHandle FROM_HANDLE; // (TF_Tensor) -> Tensor: fromHandle, then asTypedTensor
  private static final String FALLBACK_REASON;

  static {
    Field session = null;
    MethodHandle tensor = null;
    MethodHandle from = null;
    String reason = null;
    if (Boolean.getBoolean("cordon.noFastPath")) {
      reason = "disabled by -Dcordon.noFastPath=true";
    } else {
      try {
        session = Session.class.getDeclaredField("nativeHandle");
        session.setAccessible(true);
        if (session.getType() != TF_Session.class) {
          throw new NoSuchFieldException("Session.nativeHandle is a " + session.getType());
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        java.lang.reflect.Method nh = RawTensor.class.getDeclaredMethod("nativeHandle");
        nh.setAccessible(true);
        tensor = lookup.unreflect(nh).asType(MethodType.methodType(TF_Tensor.class, RawTensor.class));
        java.lang.reflect.Method fh = RawTensor.class.getDeclaredMethod("fromHandle", TF_Tensor.class);
        fh.setAccessible(true);
        java.lang.reflect.Method typed = RawTensor.class.getDeclaredMethod("asTypedTensor");
        typed.setAccessible(true);
        from = MethodHandles.filterReturnValue(lookup.unreflect(fh), lookup.unreflect(typed))
            .asType(MethodType.methodType(Tensor.class, TF_Tensor.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        session = null;
        tensor = null;
        from = null;
        reason = e.toString();
      }
    }
    SESSION_HANDLE = session;
    TENSOR_HANDLE = tensor;
    FROM_HANDLE = from;
    FALLBACK_REASON = reason;
  }

  private NativeRun() {}

  /** Whether runs go through {@code TF_SessionRun} directly (otherwise through Session.Runner). */
  public static boolean fastPathActive() {
    return FALLBACK_REASON == null;
  }

  /** Why the fast path is off, or null when it is on. */
  public static String fallbackReason() {
    return FALLBACK_REASON;
  }

  /** One run, resolved: what {@link Endpoint} calls, under its graph handle's read lock. */
  public interface Prepared {
    /** Runs with {@code feeds} (in the order given to {@link #prepare}); the caller owns the result. */
    Tensor[] run(Tensor[] feeds);

    /**
     * Runs with {@code feeds}, each a {@link Tensor} or a hand-off value of an earlier run, and
     * returns the first fetch as a hand-off value (any other fetch is freed): on the fast path the
     * native tensor itself, not wrapped for Java (no deallocator registered, no typed view built),
     * for a value only the runtime sees, such as a GRAPH hand-off between two sessions. The caller
     * passes it to exactly one of {@link NativeRun#wrap} or {@link NativeRun#release}.
     */
    Object handOff(Object[] feeds);

    /** Frees the native arrays; called when the graph closes, with no run in flight. */
    void free();
  }

  /**
   * Resolves a run of {@code session}: {@code feeds} fed, {@code fetches} returned, {@code
   * targets} run; {@code options} null for TF's defaults.
   */
  public static Prepared prepare(
      Session session, List<Output<?>> feeds, List<Output<?>> fetches, List<GraphOperation> targets,
      RunOptions options) {
    if (fastPathActive()) {
      return new Fast(session, feeds, fetches, targets, options);
    }
    return new ViaRunner(session, feeds, fetches, targets, options);
  }

  /** A hand-off value of {@link Prepared#handOff} as a tensor the caller owns and closes. */
  public static Tensor wrap(Object value) {
    if (value instanceof Tensor t) {
      return t;
    }
    return javaTensor((TF_Tensor) value);
  }

  /**
   * {@code fetched} (a native tensor no one else frees) as the typed Java tensor the caller owns:
   * {@code RawTensor.fromHandle} on an {@link OwnedTensorHandle}, freed when the tensor is closed.
   * If wrapping fails, the native tensor is freed and the failure rethrown.
   */
  static Tensor javaTensor(TF_Tensor fetched) {
    OwnedTensorHandle handle = new OwnedTensorHandle(fetched);
    try {
      return (Tensor) FROM_HANDLE.invokeExact((TF_Tensor) handle);
    } catch (RuntimeException | Error e) {
      handle.close();
      throw e;
    } catch (Throwable t) {
      handle.close();
      throw new IllegalStateException(t);
    }
  }

  /**
   * A new tensor of a fixed-size type, its contents undefined, that the caller owns and closes:
   * {@code Tensor.of(type, shape)} without JavaCPP's deallocator (the handle is an {@link
   * OwnedTensorHandle}); when the fast path is off, {@code Tensor.of} itself. A variable-length
   * type (strings) is refused: its size depends on the contents.
   */
  public static <T extends TType> T allocate(Class<T> type, Shape shape) {
    TensorTypeInfo<T> info = TensorTypeRegistry.find(type);
    if (info.isVariableLength()) {
      throw new IllegalArgumentException(type.getSimpleName() + " has no fixed size: allocate it with its contents");
    }
    if (!fastPathActive()) {
      return Tensor.of(type, shape);
    }
    long[] dims = shape.asArray();
    TF_Tensor t = TF_AllocateTensor(info.dataType().getNumber(), dims, dims.length, shape.size() * info.byteSize());
    if (t == null || t.isNull()) {
      throw new IllegalStateException("TensorFlow could not allocate a " + type.getSimpleName() + " tensor of shape " + shape);
    }
    return type.cast(javaTensor(t));
  }

  /**
   * Native objects alive now: JavaCPP's count ({@code Pointer.totalCount()}, every pointer with a
   * deallocator) plus the tensors handed out on {@link OwnedTensorHandle}s, which JavaCPP does not
   * count. For leak tests: a leaked tensor of either kind adds one.
   */
  public static long liveNativeObjects() {
    return Pointer.totalCount() + OwnedTensorHandle.live();
  }

  /** Frees a hand-off value of {@link Prepared#handOff} (or closes a tensor). */
  public static void release(Object value) {
    if (value instanceof Tensor t) {
      t.close();
    } else if (value != null) {
      TF_DeleteTensor((TF_Tensor) value);
    }
  }

  /** Session.Runner, built per call from the resolved operands: the fallback. */
  private static final class ViaRunner implements Prepared {
    private final Session session;
    private final Output<?>[] feeds;
    private final Output<?>[] fetches;
    private final GraphOperation[] targets;
    private final RunOptions options;

    ViaRunner(Session session, List<Output<?>> feeds, List<Output<?>> fetches, List<GraphOperation> targets,
        RunOptions options) {
      this.session = session;
      this.feeds = feeds.toArray(new Output<?>[0]);
      this.fetches = fetches.toArray(new Output<?>[0]);
      this.targets = targets.toArray(new GraphOperation[0]);
      this.options = options;
    }

    @Override
    public Tensor[] run(Tensor[] values) {
      Session.Runner runner = session.runner();
      for (int i = 0; i < feeds.length; i++) {
        runner.feed(feeds[i], values[i]);
      }
      for (Output<?> f : fetches) {
        runner.fetch(f);
      }
      for (GraphOperation t : targets) {
        runner.addTarget(t);
      }
      if (options != null) {
        runner.setOptions(options);
      }
      // The Result is not closed: its tensors are handed to the caller.
      Result result = runner.run();
      Tensor[] out = new Tensor[fetches.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = result.get(i);
      }
      return out;
    }

    @Override
    public Object handOff(Object[] values) {
      Tensor[] feeds = new Tensor[values.length];
      for (int i = 0; i < feeds.length; i++) {
        feeds[i] = (Tensor) values[i]; // the fallback hands tensors on
      }
      Tensor[] out = run(feeds);
      for (int i = 1; i < out.length; i++) {
        out[i].close();
      }
      return out[0];
    }

    @Override
    public void free() {}
  }

  /** TF_SessionRun with TF_Output arrays built once and per-thread value arrays. */
  private static final class Fast implements Prepared {
    private final TF_Session session;
    private final int nFeeds;
    private final int nFetches;
    private final int nTargets;
    private final TF_Output feedOutputs;
    private final TF_Output fetchOutputs;
    private final PointerPointer<TF_Operation> targetOps;
    private final TF_Buffer runOptions; // null: TF's defaults
    private final List<Scratch> scratches = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(this::newScratch);
    private final Pointer[] owned;

    /** Per-thread native arrays: the feed values, the fetched values and a status. */
    private static final class Scratch {
      final PointerPointer<TF_Tensor> in;
      final PointerPointer<TF_Tensor> out;
      TF_Status status;

      Scratch(int nIn, int nOut) {
        in = retained(new PointerPointer<TF_Tensor>(Math.max(1, nIn)));
        out = retained(new PointerPointer<TF_Tensor>(Math.max(1, nOut)));
        status = retained(TF_Status.newStatus());
      }

      void free() {
        in.releaseReference();
        out.releaseReference();
        status.releaseReference();
      }
    }

    Fast(Session s, List<Output<?>> feeds, List<Output<?>> fetches, List<GraphOperation> targets,
        RunOptions options) {
      try {
        this.session = (TF_Session) SESSION_HANDLE.get(s);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read Session.nativeHandle", e);
      }
      if (session == null || session.isNull()) {
        throw new IllegalStateException("the session is closed");
      }
      nFeeds = feeds.size();
      nFetches = fetches.size();
      nTargets = targets.size();
      feedOutputs = outputs(feeds);
      fetchOutputs = outputs(fetches);
      targetOps = retained(new PointerPointer<TF_Operation>(Math.max(1, nTargets)));
      for (int i = 0; i < nTargets; i++) {
        targetOps.put(i, targets.get(i).getUnsafeNativeHandle());
      }
      runOptions = options == null ? null : retained(TF_Buffer.newBufferFromString(options));
      owned = runOptions == null
          ? new Pointer[] {feedOutputs, fetchOutputs, targetOps}
          : new Pointer[] {feedOutputs, fetchOutputs, targetOps, runOptions};
    }

    private static TF_Output outputs(List<Output<?>> list) {
      TF_Output array = retained(new TF_Output(Math.max(1, list.size())));
      for (int i = 0; i < list.size(); i++) {
        Output<?> o = list.get(i);
        array.position(i).oper(((GraphOperation) o.op()).getUnsafeNativeHandle()).index(o.index());
      }
      return array.position(0);
    }

    /** Kept alive until {@link #free()}, even when allocated inside a caller's PointerScope. */
    private static <P extends Pointer> P retained(P p) {
      p.retainReference();
      return p;
    }

    private Scratch newScratch() {
      Scratch s = new Scratch(nFeeds, nFetches);
      scratches.add(s);
      return s;
    }

    /** Feeds {@code values} (tensors or hand-off values) and runs; the fetches are in {@code s.out}. */
    private Scratch runNative(Object[] values) {
      Scratch s = scratch.get();
      try {
        for (int i = 0; i < nFeeds; i++) {
          Object v = values[i];
          // Throws IllegalStateException for a closed tensor, before any native code.
          s.in.put(i, v instanceof Tensor t ? (TF_Tensor) TENSOR_HANDLE.invokeExact(t.asRawTensor()) : (TF_Tensor) v);
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
      TF_SessionRun(session, runOptions, feedOutputs, s.in, nFeeds, fetchOutputs, s.out, nFetches,
          targetOps, nTargets, null, s.status);
      try {
        s.status.throwExceptionIfNotOK();
      } catch (RuntimeException e) {
        s.status.releaseReference();
        s.status = retained(TF_Status.newStatus()); // a fresh status for the next call
        throw e;
      }
      return s;
    }

    @Override
    public Object handOff(Object[] values) {
      Scratch s = runNative(values);
      for (int i = 1; i < nFetches; i++) {
        TF_DeleteTensor(s.out.get(TF_Tensor.class, i));
      }
      return s.out.get(TF_Tensor.class, 0);
    }

    @Override
    public Tensor[] run(Tensor[] values) {
      Scratch s = runNative(values);
      Tensor[] result = new Tensor[nFetches];
      int i = 0;
      try {
        for (; i < nFetches; i++) {
          result[i] = javaTensor(s.out.get(TF_Tensor.class, i));
        }
      } catch (RuntimeException | Error e) {
        for (int j = 0; j < i; j++) {
          result[j].close();
        }
        for (int j = i + 1; j < nFetches; j++) {
          TF_DeleteTensor(s.out.get(TF_Tensor.class, j)); // not yet wrapped: no one else frees them
        }
        throw e;
      }
      return result;
    }

    @Override
    public void free() {
      for (Scratch s : scratches) {
        s.free();
      }
      scratches.clear();
      for (Pointer p : owned) {
        p.releaseReference();
      }
    }
  }
}
