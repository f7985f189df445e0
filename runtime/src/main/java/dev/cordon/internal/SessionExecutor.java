package dev.cordon.internal;

import dev.cordon.runtime.Execution;
import java.util.Iterator;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;

/**
 * Which of TF's executors runs the ops of a session's runs, chosen once, when the session of a
 * graph built in one go (one model's own graph, one SavedModel imported alone) is created.
 *
 * <p>TF's single-threaded executor ({@code ConfigProto.experimental.executor_type =
 * "SINGLE_THREADED_EXECUTOR"}) runs a run's kernels one after another in a precomputed order on
 * the thread that runs it, without the default executor's per-op scheduling (measured on 2 cores,
 * batch-1 prediction of a 784-128-10 network: 55 to 44 µs a call, a dense layer 27 to 18 µs). It
 * refuses graphs with ref-typed edges (TF1's {@code VariableV2}), low-level control flow ({@code
 * Switch}, {@code Merge}, {@code Enter}, {@code Exit}, {@code NextIteration}: TF1's {@code
 * tf.cond} and {@code tf.while_loop}), {@code _Send}/{@code _Recv} and collective ops, and it
 * cannot run independent branches side by side. So it is chosen when the execution rule runs the
 * graph on the caller's thread ({@link ExecutionRule#callerThread}, with the whole graph's op
 * count) and the graph holds none of those ops; otherwise the session keeps TF's default executor.
 * Functional control flow ({@code While}, {@code If}, function calls) is accepted: TF keeps it
 * functional under this executor and runs function bodies with its default one.
 *
 * <p>Graphs that models may join later ({@code SharedGraph}, a composition's graph) keep TF's
 * default executor: a SavedModel imported into them afterwards may bring ops this executor refuses.
 */
public final class SessionExecutor {

  /** TF's name of its single-threaded executor. */
  public static final String SINGLE_THREADED = "SINGLE_THREADED_EXECUTOR";

  private static final Set<String> CONTROL_FLOW = Set.of(
      "Switch", "RefSwitch", "_SwitchN", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit",
      "NextIteration", "RefNextIteration");
  private static final Set<String> SEND_RECV = Set.of("_Send", "_Recv", "_HostSend", "_HostRecv");
  /** TF numbers a ref type as its base type + 100 ({@code DT_FLOAT_REF} = 101). */
  private static final int FIRST_REF_TYPE = 101;

  private SessionExecutor() {}

  /** The executor's name for a session of {@code graph} (as it is now); "" for TF's default. */
  public static String choose(Graph graph, Execution execution, int processors) {
    int ops = 0;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); it.next()) {
      ops++;
    }
    if (!ExecutionRule.callerThread(execution, ops, processors)) {
      return "";
    }
    return refusal(graph) == null ? SINGLE_THREADED : "";
  }

  /** The session options for that choice: null for TF's defaults. */
  static ConfigProto config(String executor) {
    if (executor.isEmpty()) {
      return null;
    }
    ConfigProto.Builder config = ConfigProto.newBuilder();
    config.getExperimentalBuilder().setExecutorType(executor);
    return config.build();
  }

  /** Why the single-threaded executor cannot run {@code graph}: its first such op; null if it can. */
  public static String refusal(Graph graph) {
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      String type = op.type();
      if (CONTROL_FLOW.contains(type)) {
        return "op '" + op.name() + "' is low-level control flow (" + type + ")";
      }
      if (SEND_RECV.contains(type) || type.startsWith("Collective")) {
        return "op '" + op.name() + "' is a " + type;
      }
      for (int i = 0; i < op.numOutputs(); i++) {
        DataType dtype = op.output(i).dataType();
        if (dtype.getNumber() >= FIRST_REF_TYPE) {
          return "op '" + op.name() + "' has a reference-typed output (" + dtype + ")";
        }
      }
    }
    return null;
  }
}
