package com.acme;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.data.Dataset;
import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The generated implementation of {@link Outer.Inner}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
final class CordonOuter_Inner extends Outer.Inner implements CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Outer.Inner", "inner")
      .input("x", TFloat32.class)
      .output("twice", TFloat32.class)
      .build();

  private final Operand<TFloat32> x;

  private Operand<TFloat32> twice;

  private final ModelEngine engine;

  private CordonOuter_Inner(ModelAssembly assembly) {
    try {
      this.x = assembly.input("x", TFloat32.class);
      assembly.output("twice", twice(assembly.ops()));
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
  Operand<TFloat32> x() {
    return x;
  }

  @Override
  protected Operand<TFloat32> twice(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (twice == null) {
      twice = super.twice(tf);
    }
    return twice;
  }

  /**
   * Returns twice for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 twice(TFloat32 x) {
    return engine.predict(0, x);
  }

  /**
   * Returns twice for the given inputs, as Java arrays.
   */
  public float twice(float x) {
    return engine.predictArrays(0, new Object[] {x});
  }

  /**
   * Returns twice for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 twice(Dataset inputs) {
    return (TFloat32) engine.predict("twice", inputs);
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 x) {
    return new Outputs(engine.run(x));
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
   * Configures and builds instances of {@link CordonOuter_Inner}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonOuter_Inner build() {
      return new CordonOuter_Inner(start());
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
    public TFloat32 twice() {
      return outputs.get("twice", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
