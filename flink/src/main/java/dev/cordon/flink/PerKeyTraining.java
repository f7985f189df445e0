package dev.cordon.flink;

import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.train.TrainingCheckpoint;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One small model per key (a customer, a sensor), trained online on micro-batches of that key's
 * records, on a keyed stream: {@code keyed.process(new PerKeyTraining<>(...), outputType)}.
 *
 * <p>Each subtask builds ONE model ({@code factory}) when it opens and reuses that graph for every
 * key it owns: before a key's micro-batch the key's training state is loaded into the model, after
 * the training step it is read back into the key's Flink keyed state. That state is the key's
 * weights WITH its optimizer's state ({@link TrainingCheckpoint}: Adam's, momentum's or RMSProp's
 * slots, the step counter a learning-rate schedule follows, the learning-rate scale), so every key
 * trains exactly as if it had a model of its own, with any optimizer; and it moves with Flink's
 * checkpoints, savepoints and rescaling, on the heap or the RocksDB backend. A key seen for the
 * first time starts from the state the factory's model had when built (fresh slots, step 0). The
 * records of a micro-batch still filling are keyed state too.
 *
 * <p>The model must declare a {@code @Loss} (it is trained). The state of a key is a few times the
 * size of its weights (Adam keeps two slots per weight); it is written and read through a
 * temporary directory once per micro-batch.
 *
 * @param <K> the key
 * @param <M> the model type
 * @param <IN> the records
 * @param <OUT> what a training step emits (a loss, the key's predictions, ...)
 */
public final class PerKeyTraining<K, M extends CordonModel, IN, OUT>
    extends KeyedProcessFunction<K, IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** One training step on a key's micro-batch, with the key's training state loaded in {@code model}. */
  @FunctionalInterface
  public interface TrainStep<M, IN, OUT> extends Serializable {
    OUT train(M model, List<IN> microBatch) throws Exception;
  }

  private final ModelLoader.SerializableSupplier<M> factory;
  private final int microBatchSize;
  private final TrainStep<M, IN, OUT> step;
  private final TypeInformation<IN> inputType;

  private transient M model;
  private transient byte[] initialState;
  private transient ValueState<byte[]> trainingState;
  private transient ListState<IN> waiting;
  private transient ValueState<Integer> waitingCount;

  public PerKeyTraining(ModelLoader.SerializableSupplier<M> factory, int microBatchSize,
      TrainStep<M, IN, OUT> step, TypeInformation<IN> inputType) {
    if (microBatchSize < 1) {
      throw new IllegalArgumentException("microBatchSize must be at least 1, got " + microBatchSize);
    }
    this.factory = Objects.requireNonNull(factory, "factory");
    this.microBatchSize = microBatchSize;
    this.step = Objects.requireNonNull(step, "step");
    this.inputType = Objects.requireNonNull(inputType, "inputType");
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    trainingState = getRuntimeContext().getState(
        new ValueStateDescriptor<>("cordon-key-training-state",
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    waiting = getRuntimeContext().getListState(
        new ListStateDescriptor<>("cordon-key-micro-batch", inputType));
    waitingCount = getRuntimeContext().getState(
        new ValueStateDescriptor<>("cordon-key-micro-batch-size", Types.INT));
    model = factory.get();
    initialState = TrainingCheckpoint.save(model);
  }

  @Override
  public void processElement(IN value, Context ctx, Collector<OUT> out) throws Exception {
    waiting.add(value);
    Integer count = waitingCount.value();
    int n = count == null ? 1 : count + 1;
    if (n < microBatchSize) {
      waitingCount.update(n);
      return;
    }
    List<IN> batch = new ArrayList<>(n);
    for (IN record : waiting.get()) {
      batch.add(record);
    }
    byte[] keyState = trainingState.value();
    TrainingCheckpoint.restore(model, keyState == null ? initialState : keyState);
    OUT result = step.train(model, batch);
    trainingState.update(TrainingCheckpoint.save(model));
    waiting.clear();
    waitingCount.clear();
    out.collect(result);
  }

  @Override
  public void close() throws Exception {
    if (model != null) {
      model.close();
    }
  }
}
