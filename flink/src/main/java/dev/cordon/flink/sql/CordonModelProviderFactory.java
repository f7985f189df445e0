package dev.cordon.flink.sql;

import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * {@code 'provider' = 'cordon'}: a Cordon-generated model class scored by Flink SQL's {@code
 * ML_PREDICT}.
 *
 * <pre>{@code
 * CREATE MODEL digits
 *   INPUT (pixels ARRAY<FLOAT>)
 *   OUTPUT (digit INT)                      -- or (logits ARRAY<FLOAT>)
 *   WITH ('provider' = 'cordon',
 *         'model-class' = 'com.example.CordonMnistClassifier',
 *         'output' = 'logits',              -- the @Output method
 *         'checkpoint' = '/models/mnist/v3');   -- optional: weights restored from it
 * SELECT id, digit FROM ML_PREDICT(TABLE images, MODEL digits, DESCRIPTOR(pixels));
 * }</pre>
 *
 * <p>Every INPUT column is an {@code ARRAY<FLOAT>}, one row of the model's {@code float[][]}
 * inputs in the order of the generated method's parameters. The one OUTPUT column is either
 * {@code ARRAY<FLOAT>} (the output row) or {@code INT} (the index of the row's largest value, e.g.
 * a class). {@code 'saved-model'} instead of {@code 'checkpoint'} imports a {@code @SavedModel}
 * model from that directory. One model per parallel subtask, built when the function opens.
 *
 * <p>Flink 2.3's {@code PredictFunction} is called with one row at a time, so each row is one
 * model call; batching rows in SQL would need {@code AsyncPredictFunction} and a batcher of its
 * own, which this provider does not have yet (the DataStream {@link dev.cordon.flink.CordonScoring}
 * batches).
 */
public final class CordonModelProviderFactory implements ModelProviderFactory {

  public static final String IDENTIFIER = "cordon";

  public static final ConfigOption<String> MODEL_CLASS = ConfigOptions.key("model-class")
      .stringType().noDefaultValue()
      .withDescription("The generated model class, e.g. com.example.CordonMnistClassifier.");
  public static final ConfigOption<String> OUTPUT = ConfigOptions.key("output")
      .stringType().noDefaultValue()
      .withDescription("The @Output method whose float[][] result is the prediction.");
  public static final ConfigOption<String> CHECKPOINT = ConfigOptions.key("checkpoint")
      .stringType().noDefaultValue()
      .withDescription("A Cordon checkpoint directory to restore the weights from.");
  public static final ConfigOption<String> SAVED_MODEL = ConfigOptions.key("saved-model")
      .stringType().noDefaultValue()
      .withDescription("For a @SavedModel model: the SavedModel directory to import.");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(MODEL_CLASS, OUTPUT);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(CHECKPOINT, SAVED_MODEL);
  }

  @Override
  public ModelProvider createModelProvider(Context context) {
    FactoryUtil.ModelProviderFactoryHelper helper =
        FactoryUtil.createModelProviderFactoryHelper(this, context);
    helper.validate();
    ResolvedCatalogModel model = context.getCatalogModel();
    int inputs = 0;
    for (Column c : model.getResolvedInputSchema().getColumns()) {
      if (!isFloatArray(c.getDataType().getLogicalType())) {
        throw new ValidationException("Cordon model " + context.getObjectIdentifier()
            + ": INPUT column " + c.getName() + " is " + c.getDataType()
            + "; every input must be ARRAY<FLOAT> (one row of a float[][] model input)");
      }
      inputs++;
    }
    var outputs = model.getResolvedOutputSchema().getColumns();
    if (outputs.size() != 1) {
      throw new ValidationException("Cordon model " + context.getObjectIdentifier()
          + ": declare exactly one OUTPUT column, ARRAY<FLOAT> or INT; found " + outputs.size());
    }
    LogicalType out = outputs.get(0).getDataType().getLogicalType();
    boolean argMax = out.getTypeRoot() == LogicalTypeRoot.INTEGER;
    if (!argMax && !isFloatArray(out)) {
      throw new ValidationException("Cordon model " + context.getObjectIdentifier()
          + ": OUTPUT column " + outputs.get(0).getName() + " is " + out
          + "; use ARRAY<FLOAT> (the output row) or INT (the index of its largest value)");
    }
    Map<String, String> options = model.getOptions();
    return new CordonPredictRuntimeProvider(helper.getOptions().get(MODEL_CLASS),
        helper.getOptions().get(OUTPUT), options.get(CHECKPOINT.key()),
        options.get(SAVED_MODEL.key()), inputs, argMax);
  }

  private static boolean isFloatArray(LogicalType type) {
    return type instanceof ArrayType array
        && array.getElementType().getTypeRoot() == LogicalTypeRoot.FLOAT;
  }
}
