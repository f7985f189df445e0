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
import org.apache.flink.api.java.tuple.Tuple3;
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
  // Per checkpoint: (record key, record). The key (first subtask/checkpoint/position) stays with
  // the record through a rescale, so a commit is idempotent record by record.
  private transient TreeMap<Long, List<Tuple2<String, T>>> staged;
  private transient ListState<Tuple3<Long, String, T>> state;
  private transient int subtask;

  private CheckSink(String name, TypeInformation<T> type, boolean transactional) {
    this.name = name;
    this.type = type;
    this.transactional = transactional;
  }

  static <T> void exactlyOnce(DataStream<T> stream, String name) {
    reset(name);
    stream.transform("check-sink " + name, Types.VOID, new CheckSink<>(name, stream.getType(), true))
        .uid("check-sink-" + name);
  }

  /** Another job's part of the same sink {@code name}: what it commits adds to what is there. */
  static <T> void exactlyOnceContinued(DataStream<T> stream, String name) {
    stream.transform("check-sink " + name, Types.VOID, new CheckSink<>(name, stream.getType(), true))
        .uid("check-sink-" + name);
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
        new ListStateDescriptor<>("staged", new TupleTypeInfo<>(Types.LONG, Types.STRING, type)));
    if (context.isRestored()) {
      for (Tuple3<Long, String, T> t : state.get()) {
        staged.computeIfAbsent(t.f0, k -> new ArrayList<>()).add(Tuple2.of(t.f1, t.f2));
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
    long checkpoint = context.getCheckpointId();
    List<Tuple2<String, T>> tx = new ArrayList<>(pending.size());
    for (int i = 0; i < pending.size(); i++) {
      tx.add(Tuple2.of(subtask + "/" + checkpoint + "/" + i, pending.get(i)));
    }
    staged.put(checkpoint, tx);
    pending = new ArrayList<>();
    List<Tuple3<Long, String, T>> all = new ArrayList<>();
    staged.forEach((id, values) -> values.forEach(v -> all.add(Tuple3.of(id, v.f0, v.f1))));
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
      for (Tuple2<String, T> record : staged.pollFirstEntry().getValue()) {
        if (TRANSACTIONS.add(name + "/" + record.f0)) {
          COMMITTED.get(name).add(new Committed<>(subtask, record.f1));
        }
      }
    }
  }
}
