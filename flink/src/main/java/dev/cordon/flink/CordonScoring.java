package dev.cordon.flink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Batched scoring of a {@code DataStream} with one isolated Cordon model per parallel subtask.
 *
 * <pre>{@code
 * ScoredStream<Digit, Integer> scored = CordonScoring
 *     .with(ModelLoader.fixed(() -> CordonMnist.builder().build()),
 *           BatchFunction.arrays(Digit::pixels, float[][]::new, CordonMnist::logits,
 *               (digit, logits, i) -> argMax(logits[i])),
 *           Types.INT)
 *     .maxBatchSize(64)
 *     .maxDelay(Duration.ofMillis(20))
 *     .check(d -> d.pixels().length == 784 ? null : "expected 784 pixels, got " + d.pixels().length)
 *     .score(digits);                              // or .score(digits, versions)
 * scored.results();      // DataStream<Scored<Integer>>: each result and the version that made it
 * scored.badRecords();   // DataStream<BadRecord<Digit>>: what could not be scored, and why
 * }</pre>
 *
 * <p>Each subtask builds its model when the task opens and closes it when the task closes. A
 * batch is scored when it holds {@link #maxBatchSize} records or when its oldest record has waited
 * {@link #maxDelay} (processing time), whichever comes first. Waiting records are in the
 * operator's checkpointed state, so after a failure they are restored and scored: with a
 * replayable source and an exactly-once sink every record is scored exactly once.
 */
public final class CordonScoring<M extends AutoCloseable, IN, OUT> {

  private final ModelLoader<M> loader;
  private final BatchFunction<M, IN, OUT> function;
  private final TypeInformation<OUT> outputType;
  private int maxBatchSize = 64;
  private Duration maxDelay = Duration.ofMillis(20);
  private Ordering ordering = Ordering.ORDERED;
  private RecordCheck<IN> check = RecordCheck.none();
  private ModelVersion version = ModelVersion.of("fixed");
  private String name = "cordon-scoring";

  private CordonScoring(ModelLoader<M> loader, BatchFunction<M, IN, OUT> function,
      TypeInformation<OUT> outputType) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.function = Objects.requireNonNull(function, "function");
    this.outputType = Objects.requireNonNull(outputType, "outputType");
  }

  /**
   * Scoring with models made by {@code loader}, batches scored by {@code function}, whose results
   * have the type {@code outputType} (e.g. {@code Types.INT}, {@code TypeInformation.of(Foo.class)}).
   */
  public static <M extends AutoCloseable, IN, OUT> CordonScoring<M, IN, OUT> with(
      ModelLoader<M> loader, BatchFunction<M, IN, OUT> function, TypeInformation<OUT> outputType) {
    return new CordonScoring<>(loader, function, outputType);
  }

  /** The most records in a batch (default 64). */
  public CordonScoring<M, IN, OUT> maxBatchSize(int maxBatchSize) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
    }
    this.maxBatchSize = maxBatchSize;
    return this;
  }

  /** The longest a record waits for its batch to fill, in processing time (default 20 ms). */
  public CordonScoring<M, IN, OUT> maxDelay(Duration maxDelay) {
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must not be negative, got " + maxDelay);
    }
    this.maxDelay = maxDelay;
    return this;
  }

  /** How watermarks relate to waiting records (default {@link Ordering#ORDERED}). */
  public CordonScoring<M, IN, OUT> ordering(Ordering ordering) {
    this.ordering = Objects.requireNonNull(ordering, "ordering");
    return this;
  }

  /** Refuses records before they join a batch; see {@link RecordCheck}. */
  public CordonScoring<M, IN, OUT> check(RecordCheck<IN> check) {
    this.check = Objects.requireNonNull(check, "check");
    return this;
  }

  /** The version {@link #score(DataStream)} builds and names in its results (default "fixed"). */
  public CordonScoring<M, IN, OUT> version(ModelVersion version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  /** The operator's name in the job graph (default "cordon-scoring"); give each one a uid too. */
  public CordonScoring<M, IN, OUT> name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Scores {@code input} with the one version set by {@link #version}. */
  public ScoredStream<IN, OUT> score(DataStream<IN> input) {
    OutputTag<BadRecord<IN>> tag = badRecordTag(input.getType());
    BatchScoringOperator<M, IN, OUT> operator = new BatchScoringOperator<>(loader, function, check,
        maxBatchSize, maxDelay, ordering, version, input.getType(), tag);
    SingleOutputStreamOperator<Scored<OUT>> results =
        input.transform(name, scoredType(outputType), operator);
    return new ScoredStream<>(results, tag);
  }

  /**
   * Scores {@code input} with the versions announced on {@code versions}, which is broadcast to
   * every subtask. Records that arrive before the first version is built wait (in the checkpointed
   * state). Each newly announced version is built beside the one in use and takes over at a batch
   * boundary; the old one is closed after its last batch. A version that fails to build is logged
   * and counted ({@code versionBuildFailures}), and the one in use stays.
   */
  public ScoredStream<IN, OUT> score(DataStream<IN> input, DataStream<ModelVersion> versions) {
    OutputTag<BadRecord<IN>> tag = badRecordTag(input.getType());
    BatchScoringOperator<M, IN, OUT> operator = new BatchScoringOperator<>(loader, function, check,
        maxBatchSize, maxDelay, ordering, null, input.getType(), tag);
    SingleOutputStreamOperator<Scored<OUT>> results = input.connect(versions.broadcast())
        .transform(name, scoredType(outputType), operator);
    return new ScoredStream<>(results, tag);
  }

  /** The type of a {@link ModelVersion} stream, for sources that need it. */
  public static TypeInformation<ModelVersion> versionType() {
    Map<String, TypeInformation<?>> fields = new HashMap<>();
    fields.put("id", Types.STRING);
    fields.put("location", Types.STRING);
    return Types.POJO(ModelVersion.class, fields);
  }

  /** The type of the results, {@code Scored<OUT>}, with {@code outputType} for the values. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <OUT> TypeInformation<Scored<OUT>> scoredType(TypeInformation<OUT> outputType) {
    Map<String, TypeInformation<?>> fields = new HashMap<>();
    fields.put("value", outputType);
    fields.put("modelVersion", Types.STRING);
    return (TypeInformation) Types.POJO(Scored.class, fields);
  }

  /** The type of the bad records, {@code BadRecord<IN>}, with {@code inputType} for the records. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <IN> TypeInformation<BadRecord<IN>> badRecordType(TypeInformation<IN> inputType) {
    Map<String, TypeInformation<?>> fields = new HashMap<>();
    fields.put("record", inputType);
    fields.put("reason", Types.STRING);
    fields.put("modelVersion", Types.STRING);
    return (TypeInformation) Types.POJO(BadRecord.class, fields);
  }

  private OutputTag<BadRecord<IN>> badRecordTag(TypeInformation<IN> inputType) {
    return new OutputTag<>(name + "-bad-records", badRecordType(inputType));
  }

  /** The results of {@link #score}, and the records that could not be scored. */
  public static final class ScoredStream<IN, OUT> {
    private final SingleOutputStreamOperator<Scored<OUT>> results;
    private final OutputTag<BadRecord<IN>> badRecords;

    ScoredStream(SingleOutputStreamOperator<Scored<OUT>> results,
        OutputTag<BadRecord<IN>> badRecords) {
      this.results = results;
      this.badRecords = badRecords;
    }

    /** One result per scored record, naming the model version that scored it. */
    public SingleOutputStreamOperator<Scored<OUT>> results() {
      return results;
    }

    /** The records refused by the check or by the model, with the reason. */
    public DataStream<BadRecord<IN>> badRecords() {
      return results.getSideOutput(badRecords);
    }

    /** The side output's tag, e.g. for {@code getSideOutput} after further transformations. */
    public OutputTag<BadRecord<IN>> badRecordTag() {
      return badRecords;
    }
  }
}
