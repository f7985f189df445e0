package dev.cordon.internal;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.bytedeco.javacpp.Pointer;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * A native tensor handed to Java by {@link NativeRun}, freed when its reference count drops to
 * zero (the caller closing the Java tensor) or, as a safety net, when the Java tensor becomes
 * unreachable unclosed.
 *
 * <p>Why not JavaCPP's own deallocator, which {@code Session.run} registers for every fetch
 * ({@code TF_Tensor.withDeallocator()})? Registering one reads the process's RSS from {@code
 * /proc/self/statm} and links the pointer into a list, both under one JVM-wide lock, and freeing
 * it takes that lock again: 3-4 µs per tensor that two calling threads cannot do at once. Here the
 * count is an atomic integer and the safety net a {@link Cleaner}, whose lock is held for a list
 * insert only.
 *
 * <p>The protocol is JavaCPP's, which TF Java's {@code RawTensor} follows: {@code
 * PointerScope.attach} calls {@link #retainReference()}, closing the scope calls {@link
 * #releaseReference()}; {@link #close()} and {@link #deallocate()} free at once. Freed, the handle
 * is null, so TF Java refuses a closed tensor before any native code, as it does for its own.
 * {@code OwnedTensorHandleTest} checks this protocol against the TF Java on the class path.
 */
final class OwnedTensorHandle extends TF_Tensor {
  // The JDK's own thread factory: an innocuous daemon thread that holds no context class loader,
  // so a Flink job's user-code class loader (which loads this class) can still be unloaded.
  private static final Cleaner CLEANER = Cleaner.create();

  private static final LongAdder LIVE = new LongAdder();

  private final AtomicInteger references = new AtomicInteger();
  private final Cleaner.Cleanable cleanable;

  /** Takes ownership of {@code fetched}, a tensor no one else frees. */
  OwnedTensorHandle(TF_Tensor fetched) {
    super(fetched);
    // The action holds the other pointer object, never this one (which must become unreachable).
    cleanable = CLEANER.register(this, new Delete(fetched));
    LIVE.increment();
  }

  /** How many native tensors handed out this way are not yet freed (for leak tests). */
  static long live() {
    return LIVE.sum();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <P extends Pointer> P retainReference() {
    references.incrementAndGet();
    return (P) this;
  }

  @Override
  public boolean releaseReference() {
    if (references.decrementAndGet() <= 0) {
      free();
      return true;
    }
    return false;
  }

  @Override
  public int referenceCount() {
    return references.get();
  }

  @Override
  public void deallocate() {
    free();
  }

  @Override
  public void close() {
    free();
  }

  /** Whether the native tensor has been freed. */
  boolean freed() {
    return isNull();
  }

  private void free() {
    setNull(); // first: a closed tensor then fails in TF Java's own null check
    cleanable.clean(); // runs Delete exactly once, whoever calls first
  }

  private record Delete(TF_Tensor tensor) implements Runnable {
    @Override
    public void run() {
      TF_DeleteTensor(tensor);
      LIVE.decrement();
    }
  }
}
