package com.acme;

import dev.cordon.Init;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.ModelVariables;
import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The generated implementation of {@link Bias}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonBias extends Bias implements CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Bias", "bias")
      .variable("b", TFloat32.class, Init.ONES, 3L)
      .output("total", TFloat32.class)
      .build();

  private final Operand<TFloat32> b;

  private Operand<TFloat32> total;

  private final ModelEngine engine;

  private CordonBias(ModelAssembly assembly) {
    try {
      this.b = assembly.variable("b", TFloat32.class);
      assembly.output("total", total(assembly.ops()));
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
  Operand<TFloat32> b() {
    return b;
  }

  @Override
  Operand<TFloat32> total(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (total == null) {
      total = super.total(tf);
    }
    return total;
  }

  /**
   * Returns total, which takes no input; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 total() {
    return engine.predict(0);
  }

  /**
   * Returns {@link #total()} as a Java value.
   */
  public float totalValue() {
    return engine.predictArrays(0, new Object[] {});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run() {
    return new Outputs(engine.run());
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
   * Configures and builds instances of {@link CordonBias}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonBias build() {
      return new CordonBias(start());
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
    public TFloat32 total() {
      return outputs.get("total", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
