package dev.cordon.internal;

import dev.cordon.internal.Trainee.InputPort;
import dev.cordon.internal.Trainee.StepResult;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.data.Batch;
import dev.cordon.runtime.data.BatchIterator;
import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metric;
import dev.cordon.runtime.train.Callback;
import dev.cordon.runtime.train.EpochLogs;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import dev.cordon.runtime.train.ProgressLogger;
import dev.cordon.runtime.train.TerminateOnNaN;
import dev.cordon.runtime.train.TrainingException;
import dev.cordon.runtime.train.TrainingRun;
import dev.cordon.runtime.train.WeightSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.family.TType;

/**
 * The training loop behind every generated {@code fit}, {@code evaluate} and batched {@code
 * predict}: datasets checked against the model's inputs, epochs of training steps, metrics,
 * validation, callbacks, backups for an exact resume. Not API.
 */
public final class FitLoop {

  static final String FIT_STATE = "fit-state.properties";

  private FitLoop() {}

  // ---- entry points ---------------------------------------------------------------------------

  /** {@code fit} on arrays: one per input, labels included, in declaration order. */
  public static History fit(Trainee t, Fit fit, Object... arrays) {
    Dataset data = arrays(t, "fit", t.inputs(), arrays).batch(fit.batchSize());
    if (fit.shuffleSeed().isPresent()) {
      data = data.shuffle(fit.shuffleSeed().getAsLong());
    }
    return fit(t, data, fit);
  }

  /** {@code fit} on a dataset of every input, labels included. */
  public static History fit(Trainee t, Dataset train, Fit fit) {
    String call = t.name() + ".fit";
    Dataset validation = fit.validationData().orElse(null);
    if (fit.validationSplit() > 0) {
      if (train.size().isEmpty()) {
        throw new IllegalArgumentException(call + ": a validation split needs an in-memory dataset; "
            + "pass Fit.validationData(...) for a streaming one");
      }
      Dataset.Split split = train.split(fit.validationSplit());
      train = split.training();
      validation = split.validation();
    }
    check(call, "training data", t.inputs(), train);
    if (validation != null) {
      check(call, "validation data", t.inputs(), validation);
    }
    List<BoundMetric> metrics = bind(t, fit.metricBindings());
    List<Callback> callbacks = new ArrayList<>(fit.callbackList());
    if (fit.verbose()) {
      callbacks.add(0, new ProgressLogger());
    }
    return new Run(t, fit, train, validation, metrics, callbacks).run();
  }

  /** {@code evaluate}: the mean loss and each metric over {@code data}, in inference mode. */
  public static Map<String, Double> evaluate(Trainee t, Dataset data, Metric... metrics) {
    String call = t.name() + ".evaluate";
    check(call, "evaluation data", t.inputs(), data);
    List<Fit.MetricBinding> bindings = new ArrayList<>();
    for (Metric m : metrics) {
      bindings.add(new Fit.MetricBinding(m, null, null));
    }
    List<BoundMetric> bound = bind(t, bindings);
    Map<String, Double> out = new LinkedHashMap<>();
    pass(t, call, data, 0, bound, false, null, null, out, "");
    return out;
  }

  public static Map<String, Double> evaluate(Trainee t, int batchSize, Metric[] metrics, Object... arrays) {
    return evaluate(t, arrays(t, "evaluate", t.inputs(), arrays).batch(batchSize), metrics);
  }

  /**
   * {@code output} for every example of {@code data} (prediction inputs only), computed batch by
   * batch and joined along the first dimension; the caller owns the tensor.
   */
  public static Tensor predict(Trainee t, String output, Dataset data) {
    String call = t.name() + ".predict";
    check(call, "prediction data", t.predictionInputs(), data);
    List<Tensor> parts = new ArrayList<>();
    try (BatchIterator it = data.epoch(0)) {
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          parts.add(t.predict(output, b.toArray()));
        }
      }
      if (parts.isEmpty()) {
        throw new IllegalArgumentException(call + ": the prediction data is empty");
      }
      return concat(parts);
    } finally {
      parts.forEach(Tensor::close);
    }
  }

  public static Tensor predict(Trainee t, String output, int batchSize, Object... arrays) {
    return predict(t, output, arrays(t, "predict", t.predictionInputs(), arrays).batch(batchSize));
  }

  // ---- checks ---------------------------------------------------------------------------------

  private static Dataset arrays(Trainee t, String what, List<InputPort> ports, Object[] arrays) {
    String call = t.name() + "." + what;
    if (arrays.length != ports.size()) {
      throw new IllegalArgumentException(call + ": expected " + ports.size() + " arrays " + names(ports) + ", got "
          + arrays.length);
    }
    List<dev.cordon.runtime.data.Column> columns = new ArrayList<>();
    for (int i = 0; i < arrays.length; i++) {
      if (arrays[i] == null) {
        throw new IllegalArgumentException(call + ": " + kind(ports.get(i)) + " '" + ports.get(i).name() + "' is null");
      }
      try {
        columns.add(dev.cordon.runtime.data.Column.ofArray(arrays[i]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(call + ": " + kind(ports.get(i)) + " '" + ports.get(i).name() + "': "
            + e.getMessage(), e);
      }
    }
    try {
      return Dataset.of(columns.toArray(new dev.cordon.runtime.data.Column[0]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(call + ": " + e.getMessage() + " " + names(ports), e);
    }
  }

  private static void check(String call, String what, List<InputPort> ports, Dataset data) {
    if (data.inputCount() != ports.size()) {
      throw new IllegalArgumentException(call + ": the " + what + " has " + data.inputCount() + " inputs, but the model "
          + "takes " + ports.size() + " " + names(ports));
    }
    if (data.size().isPresent() && data.size().getAsLong() == 0) {
      throw new IllegalArgumentException(call + ": the " + what + " is empty");
    }
    for (int i = 0; i < ports.size(); i++) {
      InputPort p = ports.get(i);
      if (data.tensorType(i) != p.type()) {
        throw new IllegalArgumentException(call + ": " + kind(p) + " '" + p.name() + "' is "
            + p.type().getSimpleName() + ", but input " + i + " of the " + what + " is "
            + data.tensorType(i).getSimpleName());
      }
      Shape example = data.exampleShape(i);
      Shape declared = p.shape();
      if (!declared.isUnknown()) {
        boolean ok = declared.numDimensions() == example.numDimensions() + 1;
        for (int d = 0; ok && d < example.numDimensions(); d++) {
          long want = declared.get(d + 1);
          ok = want < 0 || want == example.get(d);
        }
        if (!ok) {
          throw new IllegalArgumentException(call + ": " + kind(p) + " '" + p.name() + "' has shape " + declared
              + ", but the examples of the " + what + "'s input " + i + " have shape " + example);
        }
      }
    }
    if (data.batchesPerEpoch().isPresent() && data.batchesPerEpoch().getAsLong() == 0) {
      throw new IllegalArgumentException(call + ": the " + what + " has " + data.size().getAsLong()
          + " examples, fewer than one batch of " + data.batchSize() + " with the remainder dropped");
    }
  }

  private static String kind(InputPort p) {
    return p.label() ? "label" : "input";
  }

  private static String names(List<InputPort> ports) {
    List<String> n = new ArrayList<>();
    for (InputPort p : ports) {
      n.add(p.name());
    }
    return n.toString();
  }

  // ---- metrics --------------------------------------------------------------------------------

  private record BoundMetric(Metric metric, String output, int label) {}

  private static List<BoundMetric> bind(Trainee t, List<Fit.MetricBinding> bindings) {
    List<BoundMetric> out = new ArrayList<>();
    List<InputPort> inputs = t.inputs();
    for (Fit.MetricBinding given : bindings) {
      Fit.MetricBinding b = new Fit.MetricBinding(given.metric(),
          given.output() != null ? given.output() : given.metric().output().orElse(null),
          given.label() != null ? given.label() : given.metric().label().orElse(null));
      if (given.output() == null && b.output() != null && !t.outputNames().contains(b.output())) {
        throw new IllegalArgumentException(t.name() + ": metric " + b.metric().name() + " reads output '"
            + b.output() + "', but " + t.name() + " has no output of that name; its outputs are " + t.outputNames());
      }
      String output = b.output() != null ? b.output() : t.outputNames().isEmpty() ? null : t.outputNames().get(0);
      if (output == null || !t.outputNames().contains(output)) {
        throw new IllegalArgumentException(t.name() + ": metric " + b.metric().name() + " needs an output; "
            + (output == null ? "the model declares none" : "it has no output '" + output + "', only " + t.outputNames()));
      }
      int label = -1;
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i).label() && (b.label() == null ? label < 0 : inputs.get(i).name().equals(b.label()))) {
          label = i;
        }
      }
      if (label < 0) {
        throw new IllegalArgumentException(t.name() + ": metric " + b.metric().name() + " needs a label; "
            + (b.label() == null ? "the model declares none" : "it has no label '" + b.label() + "'"));
      }
      for (BoundMetric earlier : out) {
        if (earlier.metric().name().equals(b.metric().name())) {
          throw new IllegalArgumentException(t.name() + ": two metrics are named " + b.metric().name()
              + "; give each its own name (metric.forOutput(output), or Metrics.named(name, metric))");
        }
      }
      out.add(new BoundMetric(b.metric().copy(), output, label));
    }
    return out;
  }

  /**
   * One pass over {@code data}: training steps when {@code run} is given, evaluation otherwise.
   * Puts the mean loss and metrics into {@code logs} under {@code prefix}. Returns false when a
   * callback stopped training mid-epoch.
   */
  private static boolean pass(Trainee t, String call, Dataset data, int epoch, List<BoundMetric> metrics,
      boolean train, Run run, BatchIterator given, Map<String, Double> logs, String prefix) {
    for (BoundMetric m : metrics) {
      m.metric().reset();
    }
    List<String> fetch = new ArrayList<>();
    for (BoundMetric m : metrics) {
      if (!fetch.contains(m.output())) {
        fetch.add(m.output());
      }
    }
    double lossSum = 0;
    long examples = 0;
    boolean completed = true;
    try (BatchIterator it = given != null ? given : data.epoch(epoch)) {
      while (it.hasNext()) {
        try (Batch b = it.next(); StepResult r = t.step(b.toArray(), fetch, train)) {
          for (BoundMetric m : metrics) {
            m.metric().update(b.get(m.label()), r.outputs().get(fetch.indexOf(m.output())));
          }
          lossSum += r.loss() * b.size();
          examples += b.size();
          if (run != null) {
            run.batchEnd(epoch, b.index(), r.loss(), b.size());
            if (run.stopRequested()) {
              completed = false;
              break;
            }
          } else if (Double.isNaN(r.loss())) {
            // evaluation: a NaN loss is reported as such, not thrown
          }
        }
      }
    }
    if (examples == 0) {
      throw new IllegalArgumentException(call + ": the " + (train ? "training" : prefix.isEmpty() ? "evaluation"
          : "validation") + " data produced no batch in epoch " + (epoch + 1) + " (empty stream?)");
    }
    logs.put(prefix + "loss", lossSum / examples);
    for (BoundMetric m : metrics) {
      logs.put(prefix + m.metric().name(), m.metric().result());
    }
    return completed;
  }

  // ---- the run --------------------------------------------------------------------------------

  private static final class Run implements TrainingRun {
    private final Trainee t;
    private final Fit fit;
    private final Dataset train;
    private final Dataset validation;
    private final List<BoundMetric> metrics;
    private final List<BoundMetric> validationMetrics;
    private final List<Callback> callbacks;
    private final boolean terminateOnNaN;
    private History history = new History();
    private String stopReason;

    Run(Trainee t, Fit fit, Dataset train, Dataset validation, List<BoundMetric> metrics, List<Callback> callbacks) {
      this.t = t;
      this.fit = fit;
      this.train = train;
      this.validation = validation;
      this.metrics = metrics;
      this.validationMetrics = new ArrayList<>();
      for (BoundMetric m : metrics) {
        validationMetrics.add(new BoundMetric(m.metric().copy(), m.output(), m.label()));
      }
      this.callbacks = callbacks;
      this.terminateOnNaN = callbacks.stream().anyMatch(c -> c instanceof TerminateOnNaN);
    }

    History run() {
      String call = t.name() + ".fit";
      int start = 0;
      Path backup = fit.backupDirectory().orElse(null);
      if (backup != null && Files.isRegularFile(backup.resolve(FIT_STATE))) {
        start = restoreBackup(backup);
      }
      for (Callback c : callbacks) {
        c.onTrainBegin(this);
      }
      for (int epoch = start; epoch < fit.epochs() && stopReason == null; epoch++) {
        long begin = System.nanoTime();
        for (Callback c : callbacks) {
          c.onEpochBegin(this, epoch);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        boolean completed = pass(t, call, train, epoch, metrics, true, this, null, logs, "");
        if (!completed) {
          break; // stopped mid-epoch (a NaN loss): no validation, no epoch logs
        }
        if (validation != null) {
          pass(t, call, validation, 0, validationMetrics, false, null, null, logs, "val_");
        }
        if (t.hasLearningRate()) {
          logs.put("learning_rate", t.learningRate());
        }
        EpochLogs epochLogs = new EpochLogs(epoch, logs, (System.nanoTime() - begin) / 1e9);
        history.add(epochLogs);
        for (Callback c : callbacks) {
          c.onEpochEnd(this, epochLogs);
        }
        if (backup != null) {
          writeBackup(backup, epoch + 1);
        }
      }
      if (stopReason != null) {
        history.stopped(stopReason);
      }
      for (Callback c : callbacks) {
        c.onTrainEnd(this, history);
      }
      if (backup != null) {
        deleteBackup(backup); // completed: a later fit starts afresh, as Keras does
      }
      return history;
    }

    private void deleteBackup(Path dir) {
      try {
        FileOps.REAL.delete(dir);
      } catch (IOException e) {
        fit.out().println(t.name() + ".fit: could not delete the backup in " + dir + ": " + e.getMessage());
      }
    }

    void batchEnd(int epoch, long batch, double loss, int size) {
      for (Callback c : callbacks) {
        c.onBatchEnd(this, epoch, batch, loss, size);
      }
      if ((Double.isNaN(loss) || Double.isInfinite(loss)) && stopReason == null) {
        if (terminateOnNaN) {
          stop("TerminateOnNaN: loss " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch + 1));
        } else {
          throw new TrainingException(t.name() + ".fit: the loss is " + loss + " at epoch " + (epoch + 1)
              + ", batch " + (batch + 1) + "; lower the learning rate, clip the gradients, check the data "
              + "for NaN, or add TerminateOnNaN to stop quietly instead");
        }
      }
    }

    // ---- backup ---------------------------------------------------------------------------

    private void writeBackup(Path dir, int nextEpoch) {
      Properties p = new Properties();
      p.setProperty("format", "1");
      p.setProperty("model", t.name());
      p.setProperty("nextEpoch", Integer.toString(nextEpoch));
      p.setProperty("epochs.logged", Integer.toString(history.size()));
      for (EpochLogs e : history.epochs()) {
        String k = "epoch." + e.epoch() + ".";
        p.setProperty(k + "seconds", Double.toString(e.seconds()));
        p.setProperty(k + "keys", String.join(",", e.values().keySet()));
        for (Map.Entry<String, Double> v : e.values().entrySet()) {
          p.setProperty(k + "value." + v.getKey(), Double.toString(v.getValue()));
        }
      }
      for (int i = 0; i < callbacks.size(); i++) {
        for (Map.Entry<String, String> s : callbacks.get(i).state().entrySet()) {
          p.setProperty("callback." + i + "." + callbacks.get(i).getClass().getName() + "." + s.getKey(), s.getValue());
        }
      }
      // The weights and training state first, as a new version of the checkpoint folder; then
      // this file, naming that version, swapped in atomically. A crash in between leaves the
      // previous file naming the previous version, which the folder still keeps.
      String version = t.saveTrainingState(dir);
      p.setProperty("version", version);
      try {
        Path tmp = dir.resolve(FIT_STATE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          p.store(w, "Cordon fit backup: the weights and training state are checkpoint version " + version);
        }
        Files.move(tmp, dir.resolve(FIT_STATE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(t.name() + ".fit: cannot write the backup in " + dir, e);
      }
    }

    private int restoreBackup(Path dir) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(dir.resolve(FIT_STATE), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException(t.name() + ".fit: cannot read the backup in " + dir, e);
      }
      if (!t.name().equals(p.getProperty("model"))) {
        throw new IllegalArgumentException(t.name() + ".fit: the backup in " + dir + " belongs to "
            + p.getProperty("model"));
      }
      t.restoreTrainingState(dir, p.getProperty("version"));
      History restored = new History();
      int logged = Integer.parseInt(p.getProperty("epochs.logged", "0"));
      for (int e = 0; e < logged; e++) {
        String k = "epoch." + e + ".";
        Map<String, Double> values = new LinkedHashMap<>();
        String keys = p.getProperty(k + "keys", "");
        for (String key : keys.isEmpty() ? new String[0] : keys.split(",")) {
          values.put(key, Double.parseDouble(p.getProperty(k + "value." + key)));
        }
        restored.add(new EpochLogs(e, values, Double.parseDouble(p.getProperty(k + "seconds", "0"))));
      }
      history = restored;
      for (int i = 0; i < callbacks.size(); i++) {
        String prefix = "callback." + i + "." + callbacks.get(i).getClass().getName() + ".";
        Map<String, String> state = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
          if (name.startsWith(prefix)) {
            state.put(name.substring(prefix.length()), p.getProperty(name));
          }
        }
        if (!state.isEmpty()) {
          callbacks.get(i).restoreState(state);
        }
      }
      return Integer.parseInt(p.getProperty("nextEpoch"));
    }

    // ---- TrainingRun ----------------------------------------------------------------------

    @Override
    public String modelName() {
      return t.name();
    }

    @Override
    public int epochs() {
      return fit.epochs();
    }

    @Override
    public OptionalLong batchesPerEpoch() {
      return train.batchesPerEpoch();
    }

    @Override
    public History history() {
      return history;
    }

    @Override
    public void stop(String reason) {
      if (stopReason == null) {
        stopReason = reason == null ? "stopped by a callback" : reason;
      }
    }

    @Override
    public boolean stopRequested() {
      return stopReason != null;
    }

    @Override
    public boolean hasLearningRate() {
      return t.hasLearningRate();
    }

    @Override
    public double learningRate() {
      return t.learningRate();
    }

    @Override
    public double learningRateScale() {
      return t.learningRateScale();
    }

    @Override
    public void setLearningRateScale(double scale) {
      t.setLearningRateScale(scale);
    }

    @Override
    public ModelVariables variables() {
      return t.variables();
    }

    @Override
    public void saveWeights(Path dir) {
      t.saveWeights(dir);
    }

    @Override
    public WeightSnapshot snapshotWeights() {
      return new WeightSnapshot(t.snapshotWeights());
    }

    @Override
    public void restoreWeights(WeightSnapshot snapshot) {
      t.restoreWeights(snapshot.values());
    }

    @Override
    public PrintStream out() {
      return fit.out();
    }
  }

  // ---- joining predictions --------------------------------------------------------------------

  /** The tensors joined along their first dimension (all of one type and trailing shape). */
  @SuppressWarnings("unchecked")
  static Tensor concat(List<Tensor> parts) {
    Tensor first = parts.get(0);
    long rows = 0;
    long bytes = 0;
    for (Tensor p : parts) {
      if (p.dataType() != first.dataType() || p.shape().numDimensions() != first.shape().numDimensions()) {
        throw new IllegalStateException("batches of different types or ranks");
      }
      rows += p.shape().numDimensions() == 0 ? 1 : p.shape().get(0);
      bytes += p.numBytes();
    }
    long[] dims = first.shape().asArray();
    if (dims.length == 0) {
      dims = new long[] {rows};
    } else {
      dims[0] = rows;
    }
    byte[] all = new byte[Math.toIntExact(bytes)];
    int offset = 0;
    for (Tensor p : parts) {
      ByteDataBuffer data = p.asRawTensor().data();
      int n = (int) p.numBytes();
      data.read(all, offset, n);
      offset += n;
    }
    Class<? extends TType> type = ((TType) first).type();
    return Tensor.of(type, Shape.of(dims), DataBuffers.of(all, true, false));
  }
}
