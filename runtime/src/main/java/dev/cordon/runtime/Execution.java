package dev.cordon.runtime;

/**
 * Which thread runs a model's ops during a call (a builder option: {@code builder().execution(...)}).
 *
 * <p>TensorFlow normally hands every {@code Session.run} to its inter-op thread pool and blocks the
 * calling thread until the pool is done; {@link #CALLER_THREAD} runs the ops on the calling
 * thread itself ({@code RunOptions.inter_op_thread_pool = -1}), which saves two thread hand-offs
 * per call and lets several calling threads run on several cores at once. Ops that split their
 * own work (a large matrix product) still use TF's intra-op pool either way.
 */
public enum Execution {
  /**
   * Decided per call path when the model is built: {@link #INTER_OP_POOL} when the machine has at
   * least 4 processors and the call runs at least 500 ops (a large graph whose independent branches
   * can run side by side), otherwise {@link #CALLER_THREAD}. The default.
   */
  AUTO,
  /** Every call runs its ops on the calling thread. */
  CALLER_THREAD,
  /** Every call runs its ops on TF's inter-op thread pool (TF's own default). */
  INTER_OP_POOL
}
