package dev.cordon.flink.sql;

import java.io.Serializable;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/** What {@link CordonModelProviderFactory} gives the planner: a {@link CordonPredictFunction}. */
final class CordonPredictRuntimeProvider implements PredictRuntimeProvider, Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelClass;
  private final String output;
  private final String checkpoint;
  private final String savedModel;
  private final int inputs;
  private final boolean argMax;

  CordonPredictRuntimeProvider(String modelClass, String output, String checkpoint,
      String savedModel, int inputs, boolean argMax) {
    this.modelClass = modelClass;
    this.output = output;
    this.checkpoint = checkpoint;
    this.savedModel = savedModel;
    this.inputs = inputs;
    this.argMax = argMax;
  }

  @Override
  public PredictFunction createPredictFunction(ModelProvider.Context context) {
    return new CordonPredictFunction(modelClass, output, checkpoint, savedModel, inputs, argMax);
  }

  @Override
  public ModelProvider copy() {
    return new CordonPredictRuntimeProvider(modelClass, output, checkpoint, savedModel, inputs,
        argMax);
  }
}
