package dev.cordon.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CREATE MODEL ... WITH ('provider' = 'cordon') and ML_PREDICT on a MiniCluster: the default
 * (async) mode scores batches, the sync mode row by row; both give the local model's predictions.
 * The table comes from a DataStream (not a VALUES literal the planner would compile row by row).
 */
class SqlModelProviderTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(2)
          .setNumberSlotsPerTaskManager(2)
          .setConfiguration(CordonScoringTest.withTestMetrics())
          .build());

  static final int ROWS = 400;
  @TempDir static Path dir;
  static Path checkpoint;
  static Map<Integer, Integer> expected;

  @BeforeAll
  static void trainOnce() {
    checkpoint = Mnist.trainAndSave(3, 20, dir.resolve("sql"));
    float[][] local = Mnist.localLogits(checkpoint);
    expected = new HashMap<>();
    for (int i = 0; i < ROWS; i++) {
      expected.put(i, Guess.argMax(local[i]));
    }
  }

  /** {@code ML_PREDICT} over ROWS digits, through a model with {@code options}; id to digit. */
  static Map<Integer, Integer> predict(String job, String modelOptions, String queryConfig)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    TypeInformation<Row> rowType = Types.ROW_NAMED(new String[] {"id", "pixels"}, Types.INT,
        Types.OBJECT_ARRAY(Types.FLOAT));
    DataStream<Row> digits = env.fromSource(new DataGeneratorSource<>(index -> {
      float[] pixels = Mnist.digit(index).pixels;
      Float[] boxed = new Float[pixels.length];
      for (int p = 0; p < pixels.length; p++) {
        boxed[p] = pixels[p];
      }
      return Row.of((int) (long) index, boxed);
    }, ROWS, RateLimiterStrategy.noOp(), rowType), WatermarkStrategy.noWatermarks(), "digits");
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.getConfig().set("pipeline.name", job);
    tables.createTemporaryView("digits", tables.fromDataStream(digits));
    tables.executeSql("CREATE MODEL digit_reader INPUT (pixels ARRAY<FLOAT>) OUTPUT (digit INT)"
        + " WITH ('provider' = 'cordon', 'model-class' = '" + CordonLinearDigits.class.getName()
        + "', 'output' = 'logits', 'checkpoint' = '" + checkpoint + "'" + modelOptions + ")");
    Map<Integer, Integer> predicted = new HashMap<>();
    try (CloseableIterator<Row> it = tables.executeSql("SELECT id, digit FROM ML_PREDICT("
        + "TABLE digits, MODEL digit_reader, DESCRIPTOR(pixels)" + queryConfig + ")").collect()) {
      it.forEachRemaining(r -> {
        Integer previous = predicted.put((Integer) r.getField(0), (Integer) r.getField(1));
        assertEquals(null, previous, "row scored twice: " + r);
      });
    }
    return predicted;
  }

  @Test
  void mlPredictScoresATableInBatchesByDefault() throws Exception {
    String job = "sql async";
    // 16 in flight, batches of 16; a long delay, so that batches go out when full (the last
    // ones of each subtask when their delay is up).
    Map<Integer, Integer> predicted = predict(job, ", 'batch-size' = '16', 'max-delay' = '200ms'",
        ", MAP['max-concurrent-operations', '16']");
    assertEquals(expected, predicted);
    assertEquals(ROWS, TestMetrics.counterSum(job, "recordsScored"));
    long batches = TestMetrics.counterSum(job, "batches");
    assertTrue(batches <= ROWS / 16 + 2 * 2, "scored in batches of up to 16: " + batches);
  }

  @Test
  void theSyncModeScoresRowByRow() throws Exception {
    String job = "sql sync";
    assertEquals(expected, predict(job, "", ", MAP['async', 'false']"));
    assertEquals(0, TestMetrics.counterSum(job, "batches"), "the async function did not run");
  }
}
