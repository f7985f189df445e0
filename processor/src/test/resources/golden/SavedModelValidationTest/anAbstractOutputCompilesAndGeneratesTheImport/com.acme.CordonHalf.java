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
import org.tensorflow.types.TFloat32;

/**
 * The generated implementation of {@link Half}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonHalf implements Half, CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Half", "half")
      .input("x", TFloat32.class, -1L, 1L)
      .output("y", TFloat32.class, -1L, 1L)
      .savedModel("models/half", "serving_default", "serve")
      .build();

  private final Operand<TFloat32> x;

  private Operand<TFloat32> y;

  private final ModelEngine engine;

  private CordonHalf(ModelAssembly assembly) {
    try {
      this.x = assembly.input("x", TFloat32.class);
      this.y = assembly.output("y", assembly.importedOutput("y", TFloat32.class));
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
  public Operand<TFloat32> x() {
    return x;
  }

  @Override
  public Operand<TFloat32> y() {
    return y;
  }

  /**
   * Returns y for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 y(TFloat32 x) {
    return engine.predict(0, x);
  }

  /**
   * Returns y for the given inputs, as Java arrays.
   */
  public float[][] y(float[][] x) {
    return engine.predictArrays(0, new Object[] {x});
  }

  /**
   * Returns y for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 y(Dataset inputs) {
    return (TFloat32) engine.predict("y", inputs);
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
   * Configures and builds instances of {@link CordonHalf}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Imports the SavedModel directory {@code dir} instead of the one declared by {@code @SavedModel(path)}.
     */
    public Builder savedModelPath(Path dir) {
      return overrideSavedModelPath(dir);
    }

    /**
     * Also accepts these op types, which the import refuses by default (file, network or Python ops); only for a SavedModel you trust.
     */
    public Builder allowOps(String... opTypes) {
      return allowSavedModelOps(opTypes);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonHalf build() {
      return new CordonHalf(start());
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
    public TFloat32 y() {
      return outputs.get("y", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
