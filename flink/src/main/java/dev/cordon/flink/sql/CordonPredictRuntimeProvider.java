package dev.cordon.flink.sql;

import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * What {@link CordonModelProviderFactory} gives the planner: both modes, so {@code ML_PREDICT}
 * runs the batching {@link CordonAsyncPredictFunction} by default (Flink picks async when a
 * provider offers it) and the row-by-row {@link CordonPredictFunction} for {@code MAP['async',
 * 'false']}.
 */
final class CordonPredictRuntimeProvider
    implements PredictRuntimeProvider, AsyncPredictRuntimeProvider, Serializable {
  private static final long serialVersionUID = 1L;

  /** ML_PREDICT's own option (Flink's {@code MLPredictRuntimeConfigOptions}). */
  private static final ConfigOption<Integer> QUERY_CAPACITY =
      ConfigOptions.key("max-concurrent-operations").intType().noDefaultValue();

  private final CordonSqlModel spec;

  CordonPredictRuntimeProvider(CordonSqlModel spec) {
    this.spec = spec;
  }

  @Override
  public PredictFunction createPredictFunction(ModelProvider.Context context) {
    return new CordonPredictFunction(spec);
  }

  @Override
  public AsyncPredictFunction createAsyncPredictFunction(ModelProvider.Context context) {
    return new CordonAsyncPredictFunction(spec,
        context.runtimeConfig().getOptional(QUERY_CAPACITY).orElse(0));
  }

  @Override
  public ModelProvider copy() {
    return new CordonPredictRuntimeProvider(spec);
  }
}
