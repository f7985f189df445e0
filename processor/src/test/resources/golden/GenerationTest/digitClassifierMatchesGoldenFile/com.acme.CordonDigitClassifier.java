package com.acme;

import dev.cordon.Init;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.Layers;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metric;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import java.nio.file.Path;
import java.util.Map;
import javax.annotation.processing.Generated;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The generated implementation of {@link DigitClassifier}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonDigitClassifier extends DigitClassifier implements CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.DigitClassifier", "classifier")
      .input("pixels", TFloat32.class, -1L, 784L)
      .label("digit", TInt32.class, -1L)
      .variable("kernel", TFloat32.class, Init.GLOROT_UNIFORM, 784L, 10L)
      .variable("bias", TFloat32.class, Init.ZEROS, 10L)
      .output("logits", TFloat32.class, -1L, 10L)
      .output("digitGuess", TInt32.class, -1L)
      .loss()
      .build();

  private final Operand<TFloat32> pixels;

  private final Operand<TInt32> digit;

  private final Operand<TFloat32> kernel;

  private final Operand<TFloat32> bias;

  private Operand<TFloat32> logits;

  private Operand<TInt32> digitGuess;

  private Operand<TFloat32> loss;

  private final ModelEngine engine;

  private CordonDigitClassifier(ModelAssembly assembly) {
    try {
      this.pixels = assembly.input("pixels", TFloat32.class);
      this.digit = assembly.input("digit", TInt32.class);
      this.kernel = assembly.variable("kernel", TFloat32.class);
      this.bias = assembly.variable("bias", TFloat32.class);
      assembly.output("logits", logits(assembly.ops()));
      assembly.output("digitGuess", digitGuess(assembly.ops()));
      assembly.loss(loss(assembly.ops(), assembly.layers()));
      this.engine = assembly.finish();
    } catch (RuntimeException | Error e) {
      assembly.abort();
      throw e;
    }
  }

  /**
   * Starts building a new instance of the model.
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  Operand<TFloat32> pixels() {
    return pixels;
  }

  @Override
  Operand<TInt32> digit() {
    return digit;
  }

  @Override
  Operand<TFloat32> kernel() {
    return kernel;
  }

  @Override
  Operand<TFloat32> bias() {
    return bias;
  }

  @Override
  Operand<TFloat32> logits(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (logits == null) {
      logits = super.logits(tf);
    }
    return logits;
  }

  @Override
  Operand<TInt32> digitGuess(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (digitGuess == null) {
      digitGuess = super.digitGuess(tf);
    }
    return digitGuess;
  }

  @Override
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    // built once, when the model is built; later calls return the same operand
    if (loss == null) {
      loss = super.loss(tf, nn);
    }
    return loss;
  }

  /**
   * Returns logits for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 logits(TFloat32 pixels) {
    return engine.predict(0, pixels);
  }

  /**
   * Returns logits for the given inputs, as Java arrays.
   */
  public float[][] logits(float[][] pixels) {
    return engine.predictArrays(0, new Object[] {pixels});
  }

  /**
   * Returns logits for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 logits(Dataset inputs) {
    return (TFloat32) engine.predict("logits", inputs);
  }

  /**
   * Returns digitGuess for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TInt32 digitGuess(TFloat32 pixels) {
    return engine.predict(1, pixels);
  }

  /**
   * Returns digitGuess for the given inputs, as Java arrays.
   */
  public int[] digitGuess(float[][] pixels) {
    return engine.predictArrays(1, new Object[] {pixels});
  }

  /**
   * Returns digitGuess for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TInt32 digitGuess(Dataset inputs) {
    return (TInt32) engine.predict("digitGuess", inputs);
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 pixels) {
    return new Outputs(engine.run(pixels));
  }

  /**
   * One optimizer step on this model's own variables; returns the loss before the step.
   */
  public float trainStep(TFloat32 pixels, TInt32 digit) {
    return engine.trainStep(pixels, digit);
  }

  /**
   * One optimizer step, from Java arrays; returns the loss before the step.
   */
  public float trainStep(float[][] pixels, int[] digit) {
    return engine.trainStepArrays(new Object[] {pixels, digit});
  }

  /**
   * Trains on {@code data}, whose inputs are pixels, digit (labels included) in this order; returns the history.
   */
  public History fit(Dataset data, Fit fit) {
    return engine.fit(data, fit);
  }

  /**
   * Trains on Java arrays, batched and shuffled as {@code fit} says; returns the history.
   */
  public History fit(float[][] pixels, int[] digit, Fit fit) {
    return engine.fit(fit, pixels, digit);
  }

  /**
   * The mean loss ({@code loss}) and each metric over {@code data} (inputs pixels, digit), in inference mode.
   */
  public Map<String, Double> evaluate(Dataset data, Metric... metrics) {
    return engine.evaluate(data, metrics);
  }

  /**
   * A table of the model's layers and variables with shapes and parameter counts.
   */
  public String summary() {
    return engine.summary();
  }

  @Override
  public String scope() {
    return engine.scope();
  }

  @Override
  public ModelVariables variables() {
    return engine.variables();
  }

  @Override
  public void save(Path checkpoint) {
    engine.save(checkpoint);
  }

  @Override
  public void restore(Path checkpoint) {
    engine.restore(checkpoint);
  }

  @Override
  public void exportSavedModel(Path dir) {
    engine.exportSavedModel(dir);
  }

  @Override
  public void close() {
    engine.close();
  }

  /**
   * Configures and builds instances of {@link CordonDigitClassifier}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonDigitClassifier build() {
      return new CordonDigitClassifier(start());
    }
  }

  /**
   * All outputs of one run; owns their tensors.
   */
  public static final class Outputs implements AutoCloseable {
    private final OutputTensors outputs;

    private Outputs(OutputTensors outputs) {
      this.outputs = outputs;
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 logits() {
      return outputs.get("logits", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TInt32 digitGuess() {
      return outputs.get("digitGuess", TInt32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
