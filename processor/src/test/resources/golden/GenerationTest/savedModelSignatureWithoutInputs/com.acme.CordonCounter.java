package com.acme;

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
import org.tensorflow.types.TFloat32;

/**
 * The generated implementation of {@link Counter}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonCounter implements Counter, CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Counter", "counter")
      .output("total", TFloat32.class)
      .savedModel("nowhere/counter", "serving_default", "serve")
      .build();

  private Operand<TFloat32> total;

  private final ModelEngine engine;

  private CordonCounter(ModelAssembly assembly) {
    try {
      this.total = assembly.output("total", assembly.importedOutput("total", TFloat32.class));
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
  public Operand<TFloat32> total() {
    return total;
  }

  /**
   * Returns total, which takes no input; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 totalTensor() {
    return engine.predict(0);
  }

  /**
   * Returns {@link #totalTensor()} as a Java value.
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
   * Configures and builds instances of {@link CordonCounter}.
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
    public CordonCounter build() {
      return new CordonCounter(start());
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
