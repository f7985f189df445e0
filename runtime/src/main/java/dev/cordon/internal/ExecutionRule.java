package dev.cordon.internal;

import dev.cordon.runtime.Execution;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.proto.RunOptions;

/**
 * Decides, per endpoint, whether its runs execute on the caller's thread: see {@link
 * Execution#AUTO} for the rule. Caller-thread execution skips the hand-off to TF's inter-op pool
 * and back (measured: 94-105 µs to 24-26 µs for a batch-1 dense layer on 2 cores); the pool only
 * pays off when a graph has independent branches to run side by side and cores to run them on.
 */
public final class ExecutionRule {

  /** AUTO keeps TF's inter-op pool only on machines with at least this many processors ... */
  public static final int POOL_MIN_PROCESSORS = 4;
  /** ... and for a call that runs at least this many ops. */
  public static final int POOL_MIN_OPS = 500;

  static final RunOptions CALLER_THREAD = RunOptions.newBuilder().setInterOpThreadPool(-1).build();

  private ExecutionRule() {}

  /** Whether a run of {@code ops} ops executes on the caller's thread under {@code execution}. */
  public static boolean callerThread(Execution execution, int ops, int processors) {
    return switch (execution) {
      case CALLER_THREAD -> true;
      case INTER_OP_POOL -> false;
      case AUTO -> !(processors >= POOL_MIN_PROCESSORS && ops >= POOL_MIN_OPS);
    };
  }

  /** The run options for that choice: null for TF's defaults. */
  static RunOptions options(boolean callerThread) {
    return callerThread ? CALLER_THREAD : null;
  }

  /** The number of ops a run of these fetches and targets executes (data and control inputs). */
  public static int opsRun(Collection<? extends Operand<?>> fetches, Collection<GraphOperation> targets) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>(targets);
    for (Operand<?> f : fetches) {
      todo.add((GraphOperation) f.op());
    }
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op)) {
        continue;
      }
      for (Operand<?> in : op.inputs()) {
        todo.add((GraphOperation) in.op());
      }
      todo.addAll(op.controlInputs());
    }
    return seen.size();
  }
}
