package dev.cordon.flink.sql;

import java.time.Duration;
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
 *         'checkpoint' = '/models/mnist/v3',    -- optional: weights restored from it
 *         'batch-size' = '64', 'max-delay' = '10ms');    -- optional: the batches
 * SELECT id, digit FROM ML_PREDICT(TABLE images, MODEL digits, DESCRIPTOR(pixels));
 * }</pre>
 *
 * <p>Every INPUT column is an {@code ARRAY<FLOAT>}, one row of the model's {@code float[][]}
 * inputs in the order of the generated method's parameters. The one OUTPUT column is either
 * {@code ARRAY<FLOAT>} (the output row) or {@code INT} (the index of the row's largest value, e.g.
 * a class). {@code 'saved-model'} instead of {@code 'checkpoint'} imports a {@code @SavedModel}
 * model from that directory. One model per parallel subtask, built when the function opens.
 *
 * <p>Rows are scored in batches ({@link CordonAsyncPredictFunction}, on Flink 2.3's {@code
 * AsyncPredictRuntimeProvider}): a batch goes to the model when it holds {@code 'batch-size'} rows
 * (default 64) or when its oldest row has waited {@code 'max-delay'} (default 10 ms). Flink lets
 * at most {@code 'max-concurrent-operations'} rows be in flight (default 10), which caps the
 * batch: raise it in the query, {@code ML_PREDICT(TABLE images, MODEL digits, DESCRIPTOR(pixels),
 * MAP['max-concurrent-operations', '64'])}, or job-wide with {@code
 * table.exec.async-ml-predict.max-concurrent-operations}. {@code MAP['async', 'false']} scores
 * row by row ({@link CordonPredictFunction}).
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
  public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("batch-size")
      .intType().defaultValue(64)
      .withDescription("The most rows the async mode scores in one model call (capped by the"
          + " query's max-concurrent-operations, Flink's default 10).");
  public static final ConfigOption<Duration> MAX_DELAY = ConfigOptions.key("max-delay")
      .durationType().defaultValue(Duration.ofMillis(10))
      .withDescription("How long the async mode lets a row wait for its batch to fill.");

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
    return Set.of(CHECKPOINT, SAVED_MODEL, BATCH_SIZE, MAX_DELAY);
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
    int batchSize = helper.getOptions().get(BATCH_SIZE);
    Duration maxDelay = helper.getOptions().get(MAX_DELAY);
    if (batchSize < 1 || maxDelay.isNegative()) {
      throw new ValidationException("Cordon model " + context.getObjectIdentifier()
          + ": 'batch-size' must be at least 1 and 'max-delay' not negative; got " + batchSize
          + " and " + maxDelay);
    }
    return new CordonPredictRuntimeProvider(new CordonSqlModel(helper.getOptions().get(MODEL_CLASS),
        helper.getOptions().get(OUTPUT), options.get(CHECKPOINT.key()),
        options.get(SAVED_MODEL.key()), inputs, argMax, batchSize, maxDelay.toMillis()));
  }

  private static boolean isFloatArray(LogicalType type) {
    return type instanceof ArrayType array
        && array.getElementType().getTypeRoot() == LogicalTypeRoot.FLOAT;
  }
}
