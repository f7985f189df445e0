package dev.cordon.flink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator behind {@link CordonScoring}: one model per subtask, records batched by size and
 * processing-time delay, waiting records and the model version in the operator state. As a
 * one-input operator it scores with a fixed version built in {@link #open}; as a two-input
 * operator its second input announces versions (the stream is broadcast to every subtask).
 *
 * <p>Everything runs on the task thread except building a newly announced version, which a
 * background thread does beside the model in use; the switch happens on the task thread between
 * two batches, and the old model is closed right after its last batch.
 */
final class BatchScoringOperator<M extends AutoCloseable, IN, OUT>
    extends AbstractStreamOperator<Scored<OUT>>
    implements OneInputStreamOperator<IN, Scored<OUT>>,
        TwoInputStreamOperator<IN, ModelVersion, Scored<OUT>> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(BatchScoringOperator.class);
  private static final long NO_TIMESTAMP = Long.MIN_VALUE;
  private static final long BUILD_POLL_MILLIS = 20;

  private final ModelLoader<M> loader;
  private final BatchFunction<M, IN, OUT> function;
  private final RecordCheck<IN> check;
  private final int maxBatchSize;
  private final long maxDelayMillis;
  private final Ordering ordering;
  private final ModelVersion fixedVersion; // null: versions come from the second input
  private final TypeInformation<IN> inputType;
  private final OutputTag<BadRecord<IN>> badRecords;

  // Records waiting for a batch: (timestamp or NO_TIMESTAMP, record), oldest first.
  private transient ArrayDeque<Tuple2<Long, IN>> waiting;
  private transient long oldestArrival; // processing time the oldest waiting record arrived
  private transient boolean flushTimerArmed;
  private transient boolean pollTimerArmed;
  private transient Watermark heldWatermark; // ORDERED, no model yet: forwarded after the records

  private transient M model;
  private transient ModelVersion current;
  private transient ModelVersion latest; // the last version announced (== current once switched)
  private transient CompletableFuture<M> building; // the build of `latest`, when latest != current
  private transient ModelVersion buildingVersion;
  private transient ExecutorService builder;

  private transient ListState<Tuple2<Long, IN>> waitingState;
  private transient ListState<Tuple5<Integer, String, String, String, String>> versionState;
  private transient int restoredRecords;

  private transient Counter scoredCounter;
  private transient Counter badCounter;
  private transient Counter batchCounter;
  private transient Counter switchCounter;
  private transient Counter buildFailureCounter;
  private transient Histogram batchSizes;
  private transient Histogram latencies;

  BatchScoringOperator(ModelLoader<M> loader, BatchFunction<M, IN, OUT> function,
      RecordCheck<IN> check, int maxBatchSize, Duration maxDelay, Ordering ordering,
      ModelVersion fixedVersion, TypeInformation<IN> inputType,
      OutputTag<BadRecord<IN>> badRecords) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.function = Objects.requireNonNull(function, "function");
    this.check = Objects.requireNonNull(check, "check");
    this.maxBatchSize = maxBatchSize;
    this.maxDelayMillis = maxDelay.toMillis();
    this.ordering = ordering;
    this.fixedVersion = fixedVersion;
    this.inputType = inputType;
    this.badRecords = badRecords;
  }

  // ---------------------------------------------------------------------------------------------
  // State

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    waiting = new ArrayDeque<>();
    waitingState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(
        "cordon-waiting-records", new TupleTypeInfo<>(Types.LONG, inputType)));
    // Union: after a rescale every subtask sees every subtask's versions and picks its own,
    // or any (they are the same: the versions stream is broadcast).
    versionState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(
        "cordon-model-version",
        Types.TUPLE(Types.INT, Types.STRING, Types.STRING, Types.STRING, Types.STRING)));
    if (context.isRestored()) {
      for (Tuple2<Long, IN> record : waitingState.get()) {
        waiting.add(record);
        restoredRecords++;
      }
      int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
      Tuple5<Integer, String, String, String, String> mine = null;
      for (Tuple5<Integer, String, String, String, String> v : versionState.get()) {
        if (mine == null || v.f0 == subtask) {
          mine = v;
        }
      }
      LOG.info("{}: restored {} records waiting for a batch",
          getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(), restoredRecords);
      if (mine != null && fixedVersion == null) {
        current = mine.f1.isEmpty() ? null : ModelVersion.of(mine.f1, mine.f2);
        latest = mine.f3.isEmpty() ? null : ModelVersion.of(mine.f3, mine.f4);
      }
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    waitingState.update(new ArrayList<>(waiting));
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    versionState.update(List.of(Tuple5.of(subtask,
        current == null ? "" : current.id, current == null ? "" : current.location,
        latest == null ? "" : latest.id, latest == null ? "" : latest.location)));
  }

  // ---------------------------------------------------------------------------------------------
  // Life cycle

  @Override
  public void open() throws Exception {
    super.open();
    registerMetrics();
    NativeLibraries.warnIfLoadedByUserCode(LOG, getUserCodeClassloader());
    ClassLoader userCode = getUserCodeClassloader();
    String task = getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks();
    builder = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cordon-model-build " + task);
      thread.setDaemon(true);
      thread.setContextClassLoader(userCode);
      return thread;
    });
    if (fixedVersion != null) {
      current = fixedVersion;
      latest = fixedVersion;
    }
    if (current != null) {
      model = loader.load(current); // the version this subtask had at the checkpoint
      LOG.info("{}: model version {} built", task, current);
    }
    if (latest != null && !latest.equals(current)) {
      startBuild(latest); // announced before the checkpoint, not yet switched to
    }
    if (!waiting.isEmpty()) {
      oldestArrival = now();
      if (model != null) {
        drain(false);
      }
      armFlushTimer();
    }
  }

  @Override
  public void finish() throws Exception {
    // End of input: score everything still waiting, with the newest version announced (a switch
    // may start the build of a version announced while the previous one was building).
    while (building != null) {
      awaitBuild();
      switchIfBuilt();
    }
    if (model != null) {
      drain(true);
    } else {
      while (!waiting.isEmpty()) {
        Tuple2<Long, IN> r = waiting.poll();
        emitBad(r, "no model version was announced before the end of the input", "");
      }
    }
    emitHeldWatermark();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      closeQuietly(model);
      model = null;
      if (building != null) {
        // A build still running when the task is cancelled: its model is closed when it is done.
        building.thenAccept(BatchScoringOperator::closeQuietly);
        building = null;
      }
      if (builder != null) {
        builder.shutdown();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    processElement1(element);
  }

  @Override
  public void processElement1(StreamRecord<IN> element) throws Exception {
    IN value = element.getValue();
    long timestamp = element.hasTimestamp() ? element.getTimestamp() : NO_TIMESTAMP;
    String problem;
    try {
      problem = value == null ? "null record" : check.problem(value);
    } catch (Exception | LinkageError e) {
      problem = reason(e);
    }
    if (problem != null) {
      emitBad(Tuple2.of(timestamp, value), problem, "");
      return;
    }
    if (waiting.isEmpty()) {
      oldestArrival = now();
    }
    waiting.add(Tuple2.of(timestamp, value));
    if (waiting.size() >= maxBatchSize && model != null) {
      switchIfBuilt(); // a batch boundary
      drain(false);
    }
    if (!waiting.isEmpty()) {
      armFlushTimer();
    }
  }

  @Override
  public void processElement2(StreamRecord<ModelVersion> element) {
    ModelVersion announced = element.getValue();
    if (announced == null || announced.equals(latest)) {
      return;
    }
    LOG.info("model version {} announced (in use: {})", announced, current);
    latest = announced;
    if (building == null) {
      startBuild(announced);
    } // else: started when the build under way ends (the newest announcement wins)
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (ordering == Ordering.ORDERED && !waiting.isEmpty()) {
      if (model == null) {
        heldWatermark = mark; // forwarded once the records before it are scored
        return;
      }
      switchIfBuilt();
      drain(true);
    }
    super.processWatermark(mark);
  }

  // The versions stream's watermarks and idleness must not hold back the records' event time.
  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    processWatermark(mark);
  }

  @Override
  public void processWatermark2(Watermark mark) {}

  @Override
  protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
    if (index == 0) {
      output.emitWatermarkStatus(status);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Batching

  private void onFlushTimer(long time) throws Exception {
    flushTimerArmed = false;
    switchIfBuilt();
    if (model != null && !waiting.isEmpty() && time >= oldestArrival + maxDelayMillis) {
      drain(true);
    }
    if (!waiting.isEmpty()) {
      armFlushTimer();
    }
  }

  private void armFlushTimer() {
    if (!flushTimerArmed) {
      flushTimerArmed = true;
      long at = Math.max(oldestArrival + maxDelayMillis, now() + 1);
      getProcessingTimeService().registerTimer(at, (ProcessingTimeCallback) this::onFlushTimer);
    }
  }

  /** Scores the waiting records in batches of at most maxBatchSize; a last, smaller one if {@code all}. */
  private void drain(boolean all) {
    while (waiting.size() >= maxBatchSize || (all && !waiting.isEmpty())) {
      List<Tuple2<Long, IN>> batch = new ArrayList<>(Math.min(waiting.size(), maxBatchSize));
      while (batch.size() < maxBatchSize && !waiting.isEmpty()) {
        batch.add(waiting.poll());
      }
      score(batch);
    }
    if (!waiting.isEmpty()) {
      oldestArrival = now(); // approximate: the rest arrived no earlier than the last batch left
    }
    emitHeldWatermark();
  }

  private void score(List<Tuple2<Long, IN>> batch) {
    List<IN> records = new ArrayList<>(batch.size());
    for (Tuple2<Long, IN> r : batch) {
      records.add(r.f1);
    }
    long start = System.nanoTime();
    List<OUT> results;
    try {
      results = function.score(model, records);
      if (results == null || results.size() != records.size()) {
        throw new IllegalStateException("the batch function returned "
            + (results == null ? "null" : results.size() + " results") + " for "
            + records.size() + " records");
      }
    } catch (Exception | LinkageError e) {
      results = null;
    }
    if (results == null) {
      scoreOneByOne(batch);
    } else {
      for (int i = 0; i < batch.size(); i++) {
        emit(batch.get(i).f0, results.get(i));
      }
    }
    latencies.update((System.nanoTime() - start) / 1_000);
    batchSizes.update(batch.size());
    batchCounter.inc();
  }

  /** After a failed batch: each record alone, so that only the ones at fault are refused. */
  private void scoreOneByOne(List<Tuple2<Long, IN>> batch) {
    for (Tuple2<Long, IN> r : batch) {
      try {
        List<OUT> one = function.score(model, List.of(r.f1));
        if (one == null || one.size() != 1) {
          throw new IllegalStateException("the batch function returned "
              + (one == null ? "null" : one.size() + " results") + " for one record");
        }
        emit(r.f0, one.get(0));
      } catch (Exception | LinkageError e) {
        emitBad(r, reason(e), current.id);
      }
    }
  }

  private void emit(long timestamp, OUT result) {
    Scored<OUT> scored = new Scored<>(result, current.id);
    output.collect(timestamp == NO_TIMESTAMP
        ? new StreamRecord<>(scored) : new StreamRecord<>(scored, timestamp));
    scoredCounter.inc();
  }

  private void emitBad(Tuple2<Long, IN> r, String reason, String version) {
    BadRecord<IN> bad = new BadRecord<>(r.f1, reason, version);
    output.collect(badRecords, r.f0 == NO_TIMESTAMP
        ? new StreamRecord<>(bad) : new StreamRecord<>(bad, r.f0));
    if (badCounter != null) {
      badCounter.inc();
    }
  }

  private void emitHeldWatermark() {
    if (heldWatermark != null && waiting.isEmpty()) {
      Watermark mark = heldWatermark;
      heldWatermark = null;
      output.emitWatermark(mark);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Versions

  private void startBuild(ModelVersion version) {
    buildingVersion = version;
    building = CompletableFuture.supplyAsync(() -> {
      try {
        return loader.load(version);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, builder);
    armPollTimer();
  }

  private void armPollTimer() {
    if (!pollTimerArmed) {
      pollTimerArmed = true;
      getProcessingTimeService().registerTimer(now() + BUILD_POLL_MILLIS,
          (ProcessingTimeCallback) this::onPollTimer);
    }
  }

  private void onPollTimer(long time) throws Exception {
    pollTimerArmed = false;
    boolean hadModel = model != null;
    switchIfBuilt();
    if (building != null) {
      armPollTimer();
    }
    if (!hadModel && model != null && !waiting.isEmpty()) {
      drain(false); // the records held before the first version
      if (!waiting.isEmpty()) {
        armFlushTimer();
      }
    }
  }

  private void awaitBuild() throws InterruptedException {
    try {
      building.get(10, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      // reported by switchIfBuilt
    }
  }

  /** At a batch boundary: if the version being built is ready, switch to it and close the old one. */
  private void switchIfBuilt() {
    if (building == null || !building.isDone()) {
      return;
    }
    ModelVersion version = buildingVersion;
    CompletableFuture<M> done = building;
    building = null;
    buildingVersion = null;
    try {
      M built = done.join();
      M old = model;
      model = built;
      current = version;
      closeQuietly(old); // its last batch has been emitted
      switchCounter.inc();
      LOG.info("switched to model version {}", version);
    } catch (RuntimeException e) {
      buildFailureCounter.inc();
      LOG.error("model version {} could not be built; still scoring with {}", version, current,
          e.getCause() != null ? e.getCause() : e);
    }
    if (latest != null && !latest.equals(current) && !latest.equals(version)) {
      startBuild(latest); // announced while the previous build was under way
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void registerMetrics() {
    MetricGroup group = getMetricGroup().addGroup("cordon");
    batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1024));
    latencies = group.histogram("inferenceLatencyMicros", new DescriptiveStatisticsHistogram(1024));
    group.gauge("recordsInFlight", () -> waiting == null ? 0 : waiting.size());
    group.gauge("modelVersion", () -> current == null ? "" : current.id);
    scoredCounter = group.counter("recordsScored");
    badCounter = group.counter("badRecords");
    batchCounter = group.counter("batches");
    switchCounter = group.counter("versionSwitches");
    buildFailureCounter = group.counter("versionBuildFailures");
    group.counter("recordsRestored").inc(restoredRecords);
  }

  private long now() {
    return getProcessingTimeService().getCurrentProcessingTime();
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void closeQuietly(AutoCloseable model) {
    if (model != null) {
      try {
        model.close();
      } catch (Exception e) {
        LOG.warn("closing a model failed", e);
      }
    }
  }
}
