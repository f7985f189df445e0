package dev.cordon.flink.sql;

import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/**
 * Scores one row per model call: what {@code ML_PREDICT} runs when the query asks for the sync
 * mode ({@code MAP['async', 'false']}); by default it runs the batching {@link
 * CordonAsyncPredictFunction}. Public only because the planner's generated code refers to it;
 * made by {@link CordonModelProviderFactory}.
 */
public final class CordonPredictFunction extends PredictFunction {
  private static final long serialVersionUID = 1L;

  private final CordonSqlModel spec;
  private transient CordonSqlModel.Scorer scorer;

  CordonPredictFunction(CordonSqlModel spec) {
    this.spec = spec;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    scorer = spec.open(context.getUserCodeClassLoader());
  }

  @Override
  public Collection<RowData> predict(RowData row) {
    float[][] features = spec.features(row);
    return features == null ? List.of() : scorer.score(List.<float[][]>of(features));
  }

  @Override
  public void close() throws Exception {
    if (scorer != null) {
      scorer.close();
      scorer = null;
    }
  }
}
