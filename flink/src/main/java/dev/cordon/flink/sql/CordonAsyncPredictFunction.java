package dev.cordon.flink.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Scores the rows of {@code ML_PREDICT} in batches: Flink's async operator ({@code
 * AsyncWaitOperator}, which keeps the rows in flight in its checkpointed state and emits results
 * in order unless the query asks for {@code 'output-mode' = 'allow_unordered'}) hands over one row
 * at a time; this function collects them and scores a batch in one model call when it holds
 * {@code 'batch-size'} rows or when its oldest row has waited {@code 'max-delay'}, whichever comes
 * first, on one thread of its own per subtask. A batch holds at most as many rows as the operator
 * lets be in flight ({@code 'max-concurrent-operations'}, Flink's default 10): raise it with the
 * batch size, e.g. {@code ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x), MAP['max-concurrent-operations',
 * '64'])}. A batch that fails is scored again row by row, so
 * only the rows at fault fail (which fails the job, as in the sync mode). Metrics, in the
 * function's group under {@code cordon}: {@code batches} and {@code recordsScored}.
 *
 * <p>Public only because the planner's generated code refers to it; made by {@link
 * CordonModelProviderFactory}.
 */
public final class CordonAsyncPredictFunction extends AsyncPredictFunction {
  private static final long serialVersionUID = 1L;

  /** Flink's default {@code table.exec.async-ml-predict.max-concurrent-operations}. */
  static final int FLINK_DEFAULT_CAPACITY = 10;
  static final String CAPACITY_OPTION = "table.exec.async-ml-predict.max-concurrent-operations";

  private final CordonSqlModel spec;
  /** The query's {@code 'max-concurrent-operations'}, or 0 when it sets none. */
  private final int queryCapacity;

  private transient int batchSize;
  private transient CordonSqlModel.Scorer scorer;
  /** One thread: scores the batches and fires the delays, so the model has one caller. */
  private transient ScheduledExecutorService worker;
  private transient Object lock;
  private transient List<Waiting> pending;
  /** Counts the batches taken, so that a delay fires only for the batch it was set for. */
  private transient long taken;
  private transient Counter batches;
  private transient Counter recordsScored;

  private record Waiting(float[][] features, CompletableFuture<Collection<RowData>> result) {}

  CordonAsyncPredictFunction(CordonSqlModel spec, int queryCapacity) {
    this.spec = spec;
    this.queryCapacity = queryCapacity;
  }

  /**
   * The rows in flight are at most the async operator's capacity (the query's {@code
   * 'max-concurrent-operations'}, else the job's {@value #CAPACITY_OPTION}, else Flink's default
   * 10): a batch larger than that would never fill and always wait for its delay.
   */
  static int batchSize(int wanted, int queryCapacity, String jobCapacity) {
    int capacity = queryCapacity > 0 ? queryCapacity
        : jobCapacity != null ? Integer.parseInt(jobCapacity.trim()) : FLINK_DEFAULT_CAPACITY;
    return Math.max(1, Math.min(wanted, capacity));
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    lock = new Object();
    pending = new ArrayList<>();
    batchSize = batchSize(spec.batchSize, queryCapacity, context.getJobParameter(CAPACITY_OPTION, null));
    scorer = spec.open(context.getUserCodeClassLoader());
    String name = "cordon-sql-predict-" + context.getTaskInfo().getIndexOfThisSubtask();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    worker = executor;
    batches = context.getMetricGroup().addGroup("cordon").counter("batches");
    recordsScored = context.getMetricGroup().addGroup("cordon").counter("recordsScored");
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncPredict(RowData row) {
    float[][] features = spec.features(row); // copied now: the operator may reuse the row
    if (features == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    CompletableFuture<Collection<RowData>> result = new CompletableFuture<>();
    synchronized (lock) {
      pending.add(new Waiting(features, result));
      if (pending.size() >= batchSize) {
        List<Waiting> batch = take();
        worker.execute(() -> score(batch));
      } else if (pending.size() == 1) {
        long batchNumber = taken;
        worker.schedule(() -> flushIfWaiting(batchNumber), spec.maxDelayMillis, TimeUnit.MILLISECONDS);
      }
    }
    return result;
  }

  private List<Waiting> take() {
    List<Waiting> batch = pending;
    pending = new ArrayList<>(batchSize);
    taken++;
    return batch;
  }

  private void flushIfWaiting(long batchNumber) {
    List<Waiting> batch;
    synchronized (lock) {
      if (taken != batchNumber || pending.isEmpty()) {
        return; // that batch filled and went already
      }
      batch = take();
    }
    score(batch);
  }

  private void score(List<Waiting> batch) {
    List<float[][]> rows = new ArrayList<>(batch.size());
    for (Waiting w : batch) {
      rows.add(w.features());
    }
    batches.inc();
    try {
      List<RowData> results = scorer.score(rows);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(List.of(results.get(i)));
      }
      recordsScored.inc(batch.size());
    } catch (RuntimeException failed) {
      for (Waiting w : batch) { // again one by one: only the rows at fault fail
        try {
          w.result().complete(scorer.score(List.<float[][]>of(w.features())));
          recordsScored.inc();
        } catch (RuntimeException e) {
          w.result().completeExceptionally(e);
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (worker != null) {
        worker.shutdown(); // a batch being scored, and waiting delays, still run
        if (!worker.awaitTermination(1, TimeUnit.MINUTES)) {
          worker.shutdownNow();
        }
      }
    } finally {
      if (scorer != null) {
        scorer.close();
        scorer = null;
      }
    }
  }
}
