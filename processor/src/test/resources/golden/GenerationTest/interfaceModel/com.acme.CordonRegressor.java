package com.acme;

import dev.cordon.Init;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import dev.cordon.runtime.CordonModel;
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
import org.tensorflow.types.TFloat64;

/**
 * The generated implementation of {@link Regressor}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonRegressor implements Regressor, CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Regressor", "regressor")
      .input("x", TFloat64.class, -1L, 3L)
      .label("target", TFloat64.class, -1L, 1L)
      .variable("w", TFloat64.class, Init.ZEROS, 3L, 1L)
      .output("y", TFloat64.class, -1L, 1L)
      .loss()
      .build();

  private final Operand<TFloat64> x;

  private final Operand<TFloat64> target;

  private final Operand<TFloat64> w;

  private Operand<TFloat64> y;

  private Operand<TFloat64> loss;

  private final ModelEngine engine;

  private CordonRegressor(ModelAssembly assembly) {
    try {
      this.x = assembly.input("x", TFloat64.class);
      this.target = assembly.input("target", TFloat64.class);
      this.w = assembly.variable("w", TFloat64.class);
      assembly.output("y", y(assembly.ops()));
      assembly.loss(loss(assembly.ops()));
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
  public Operand<TFloat64> x() {
    return x;
  }

  @Override
  public Operand<TFloat64> target() {
    return target;
  }

  @Override
  public Operand<TFloat64> w() {
    return w;
  }

  @Override
  public Operand<TFloat64> y(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (y == null) {
      y = Regressor.super.y(tf);
    }
    return y;
  }

  @Override
  public Operand<TFloat64> loss(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (loss == null) {
      loss = Regressor.super.loss(tf);
    }
    return loss;
  }

  /**
   * Returns y for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat64 y(TFloat64 x) {
    return engine.predict(0, x);
  }

  /**
   * Returns y for the given inputs, as Java arrays.
   */
  public double[][] y(double[][] x) {
    return engine.predictArrays(0, new Object[] {x});
  }

  /**
   * Returns y for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat64 y(Dataset inputs) {
    return (TFloat64) engine.predict("y", inputs);
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat64 x) {
    return new Outputs(engine.run(x));
  }

  /**
   * One optimizer step on this model's own variables; returns the loss before the step.
   */
  public float trainStep(TFloat64 x, TFloat64 target) {
    return engine.trainStep(x, target);
  }

  /**
   * One optimizer step, from Java arrays; returns the loss before the step.
   */
  public float trainStep(double[][] x, double[][] target) {
    return engine.trainStepArrays(new Object[] {x, target});
  }

  /**
   * Trains on {@code data}, whose inputs are x, target (labels included) in this order; returns the history.
   */
  public History fit(Dataset data, Fit fit) {
    return engine.fit(data, fit);
  }

  /**
   * Trains on Java arrays, batched and shuffled as {@code fit} says; returns the history.
   */
  public History fit(double[][] x, double[][] target, Fit fit) {
    return engine.fit(fit, x, target);
  }

  /**
   * The mean loss ({@code loss}) and each metric over {@code data} (inputs x, target), in inference mode.
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
   * Configures and builds instances of {@link CordonRegressor}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonRegressor build() {
      return new CordonRegressor(start());
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
    public TFloat64 y() {
      return outputs.get("y", TFloat64.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
