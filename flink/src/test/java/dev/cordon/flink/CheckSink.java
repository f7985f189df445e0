package dev.cordon.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A test sink, in two modes. Transactional (exactly-once): records are staged per checkpoint in
 * the operator state and committed to {@link #committed} only when their checkpoint completes, at
 * most once per (subtask, checkpoint); what a failed attempt had not committed is dropped, as a
 * Kafka transaction would be. Plain: records are committed as they arrive (for jobs without
 * checkpoints). Committed records are kept with the subtask that received them, in arrival order.
 */
final class CheckSink<T> extends AbstractStreamOperator<Void> implements OneInputStreamOperator<T, Void> {
  private static final long serialVersionUID = 1L;

  /** A committed record and the sink subtask that received it. */
  record Committed<T>(int subtask, T value) {}

  private static final Map<String, List<Committed<?>>> COMMITTED = new ConcurrentHashMap<>();
  private static final Set<String> TRANSACTIONS = ConcurrentHashMap.newKeySet();
  private static final Map<String, AtomicInteger> CHECKPOINTS = new ConcurrentHashMap<>();

  private final String name;
  private final TypeInformation<T> type;
  private final boolean transactional;

  private transient List<T> pending;
  private transient TreeMap<Long, List<T>> staged;
  private transient ListState<Tuple2<Long, T>> state;
  private transient int subtask;

  private CheckSink(String name, TypeInformation<T> type, boolean transactional) {
    this.name = name;
    this.type = type;
    this.transactional = transactional;
  }

  static <T> void exactlyOnce(DataStream<T> stream, String name) {
    reset(name);
    stream.transform("check-sink " + name, Types.VOID, new CheckSink<>(name, stream.getType(), true));
  }

  static <T> void plain(DataStream<T> stream, String name) {
    reset(name);
    stream.transform("check-sink " + name, Types.VOID, new CheckSink<>(name, stream.getType(), false));
  }

  private static void reset(String name) {
    COMMITTED.put(name, new CopyOnWriteArrayList<>());
    CHECKPOINTS.put(name, new AtomicInteger());
    TRANSACTIONS.removeIf(t -> t.startsWith(name + "/"));
  }

  @SuppressWarnings("unchecked")
  static <T> List<Committed<T>> committed(String name) {
    return (List<Committed<T>>) (List<?>) COMMITTED.get(name);
  }

  static <T> List<T> values(String name) {
    List<T> values = new ArrayList<>();
    for (Committed<T> c : CheckSink.<T>committed(name)) {
      values.add(c.value());
    }
    return values;
  }

  /** Checkpoints completed and committed by any subtask of the sink {@code name}. */
  static int completedCheckpoints(String name) {
    return CHECKPOINTS.get(name).get();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    pending = new ArrayList<>();
    staged = new TreeMap<>();
    state = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("staged", new TupleTypeInfo<>(Types.LONG, type)));
    if (context.isRestored()) {
      for (Tuple2<Long, T> t : state.get()) {
        staged.computeIfAbsent(t.f0, k -> new ArrayList<>()).add(t.f1);
      }
      // They belong to the checkpoint restored from (or earlier): it completed, so commit them.
      commitUpTo(Long.MAX_VALUE);
    }
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    if (transactional) {
      pending.add(element.getValue());
    } else {
      COMMITTED.get(name).add(new Committed<>(subtask, element.getValue()));
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    if (!transactional) {
      return;
    }
    staged.put(context.getCheckpointId(), pending);
    pending = new ArrayList<>();
    List<Tuple2<Long, T>> all = new ArrayList<>();
    staged.forEach((id, values) -> values.forEach(v -> all.add(Tuple2.of(id, v))));
    state.update(all);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    if (transactional) {
      commitUpTo(checkpointId);
      CHECKPOINTS.get(name).incrementAndGet();
    }
  }

  private void commitUpTo(long checkpointId) {
    while (!staged.isEmpty() && staged.firstKey() <= checkpointId) {
      Map.Entry<Long, List<T>> tx = staged.pollFirstEntry();
      if (TRANSACTIONS.add(name + "/" + subtask + "/" + tx.getKey())) {
        for (T value : tx.getValue()) {
          COMMITTED.get(name).add(new Committed<>(subtask, value));
        }
      }
    }
  }
}
