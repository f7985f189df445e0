package dev.cordon.flink;

import dev.cordon.runtime.CordonModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
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
 * key it owns: before a key's micro-batch the key's weights are loaded into the model, after the
 * training step they are read back into the key's Flink keyed state. So the weights move with
 * Flink's checkpoints, savepoints and rescaling, on the heap or the RocksDB backend; a key seen for
 * the first time starts from the weights the factory's model had when built. The records of a
 * micro-batch still filling are keyed state too.
 *
 * <p>The weights travel through Cordon's public checkpoint API ({@link CordonModel#save} and
 * {@link CordonModel#restore}, a checkpoint directory per subtask held as bytes in the state),
 * which covers the model's variables but not its optimizer's slots. Use a stateless optimizer
 * ({@code Optimizer.sgd}); with Adam, Momentum or RMSProp the slots would be shared by every key
 * of a subtask. See the README's Flink section for what Cordon's API lacks for this.
 *
 * @param <K> the key
 * @param <M> the model type
 * @param <IN> the records
 * @param <OUT> what a training step emits (a loss, the key's predictions, ...)
 */
public final class PerKeyTraining<K, M extends CordonModel, IN, OUT>
    extends KeyedProcessFunction<K, IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** One training step on a key's micro-batch, with the key's weights loaded in {@code model}. */
  @FunctionalInterface
  public interface TrainStep<M, IN, OUT> extends Serializable {
    OUT train(M model, List<IN> microBatch) throws Exception;
  }

  private final ModelLoader.SerializableSupplier<M> factory;
  private final int microBatchSize;
  private final TrainStep<M, IN, OUT> step;
  private final TypeInformation<IN> inputType;

  private transient M model;
  private transient Path weightsDir;
  private transient byte[] initialWeights;
  private transient ValueState<byte[]> weights;
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
    weights = getRuntimeContext().getState(
        new ValueStateDescriptor<>("cordon-key-weights",
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    waiting = getRuntimeContext().getListState(
        new ListStateDescriptor<>("cordon-key-micro-batch", inputType));
    waitingCount = getRuntimeContext().getState(
        new ValueStateDescriptor<>("cordon-key-micro-batch-size", Types.INT));
    model = factory.get();
    weightsDir = Files.createTempDirectory("cordon-per-key-");
    initialWeights = saveWeights();
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
    byte[] keyWeights = weights.value();
    loadWeights(keyWeights == null ? initialWeights : keyWeights);
    OUT result = step.train(model, batch);
    weights.update(saveWeights());
    waiting.clear();
    waitingCount.clear();
    out.collect(result);
  }

  @Override
  public void close() throws Exception {
    try {
      if (model != null) {
        model.close();
      }
    } finally {
      if (weightsDir != null) {
        deleteTree(weightsDir);
      }
    }
  }

  /** The model's variables as one byte array: the files of a Cordon checkpoint directory. */
  private byte[] saveWeights() throws IOException {
    Path dir = weightsDir.resolve("w");
    model.save(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes); Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.sorted(Comparator.comparing(Path::toString)).toList();
      out.writeInt(sorted.size());
      for (Path file : sorted) {
        byte[] content = Files.readAllBytes(file);
        out.writeUTF(file.getFileName().toString());
        out.writeInt(content.length);
        out.write(content);
      }
    }
    return bytes.toByteArray();
  }

  private void loadWeights(byte[] saved) throws IOException {
    Path dir = weightsDir.resolve("r");
    deleteTree(dir);
    Files.createDirectories(dir);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int files = in.readInt();
      for (int i = 0; i < files; i++) {
        String name = in.readUTF();
        byte[] content = new byte[in.readInt()];
        in.readFully(content);
        Files.write(dir.resolve(name), content);
      }
    }
    model.restore(dir);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
