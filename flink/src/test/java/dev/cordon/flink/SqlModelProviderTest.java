package dev.cordon.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MODEL ... WITH ('provider' = 'cordon') and ML_PREDICT, on a MiniCluster. */
class SqlModelProviderTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(2)
          .setNumberSlotsPerTaskManager(2)
          .build());

  @TempDir Path dir;

  @Test
  void mlPredictScoresATableWithACordonModel() throws Exception {
    Path checkpoint = Mnist.trainAndSave(3, 20, dir.resolve("sql"));
    float[][] local = Mnist.localLogits(checkpoint);
    int n = 50;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] pixels = Mnist.digit(i).pixels;
      Float[] boxed = new Float[pixels.length];
      for (int p = 0; p < pixels.length; p++) {
        boxed[p] = pixels[p];
      }
      rows.add(Row.of(i, boxed));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    Table digits = tables.fromValues(DataTypes.ROW(
        DataTypes.FIELD("id", DataTypes.INT()),
        DataTypes.FIELD("pixels", DataTypes.ARRAY(DataTypes.FLOAT()))), rows);
    tables.createTemporaryView("digits", digits);
    tables.executeSql("CREATE MODEL digit_reader INPUT (pixels ARRAY<FLOAT>) OUTPUT (digit INT)"
        + " WITH ('provider' = 'cordon', 'model-class' = '" + CordonLinearDigits.class.getName()
        + "', 'output' = 'logits', 'checkpoint' = '" + checkpoint + "')");
    Map<Integer, Integer> predicted = new HashMap<>();
    try (CloseableIterator<Row> it = tables.executeSql("SELECT id, digit FROM ML_PREDICT("
        + "TABLE digits, MODEL digit_reader, DESCRIPTOR(pixels))").collect()) {
      it.forEachRemaining(r -> predicted.put((Integer) r.getField(0), (Integer) r.getField(1)));
    }
    Map<Integer, Integer> expected = new HashMap<>();
    for (int i = 0; i < n; i++) {
      expected.put(i, Guess.argMax(local[i]));
    }
    assertEquals(expected, predicted);
  }
}
