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
 * The generated implementation of {@link Names}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonNames extends Names implements CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Names", "names")
      .input("in.put", TFloat32.class, -1L)
      .input("result", TFloat32.class, -1L)
      .output("sum", TFloat32.class, -1L)
      .output("const", TFloat32.class)
      .build();

  private final Operand<TFloat32> engine;

  private final Operand<TFloat32> result;

  private Operand<TFloat32> sum;

  private Operand<TFloat32> one;

  private final ModelEngine cordonEngine;

  private CordonNames(ModelAssembly assembly) {
    try {
      this.engine = assembly.input("in.put", TFloat32.class);
      this.result = assembly.input("result", TFloat32.class);
      assembly.output("sum", sum(assembly.ops()));
      assembly.output("const", one(assembly.ops()));
      this.cordonEngine = assembly.finish();
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
  Operand<TFloat32> engine() {
    return engine;
  }

  @Override
  Operand<TFloat32> result() {
    return result;
  }

  @Override
  Operand<TFloat32> sum(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (sum == null) {
      sum = super.sum(tf);
    }
    return sum;
  }

  @Override
  Operand<TFloat32> one(Ops tf) {
    // built once, when the model is built; later calls return the same operand
    if (one == null) {
      one = super.one(tf);
    }
    return one;
  }

  /**
   * Returns sum for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 sum(TFloat32 engine, TFloat32 result) {
    return cordonEngine.predict(0, engine, result);
  }

  /**
   * Returns sum for the given inputs, as Java arrays.
   */
  public float[] sum(float[] engine, float[] result) {
    return cordonEngine.predictArrays(0, new Object[] {engine, result});
  }

  /**
   * Returns sum for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 sum(Dataset inputs) {
    return (TFloat32) cordonEngine.predict("sum", inputs);
  }

  /**
   * Returns one for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 one(TFloat32 engine, TFloat32 result) {
    return cordonEngine.predict(1, engine, result);
  }

  /**
   * Returns one for the given inputs, as Java arrays.
   */
  public float one(float[] engine, float[] result) {
    return cordonEngine.predictArrays(1, new Object[] {engine, result});
  }

  /**
   * Returns one for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 one(Dataset inputs) {
    return (TFloat32) cordonEngine.predict("const", inputs);
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 engine, TFloat32 result) {
    return new Outputs(cordonEngine.run(engine, result));
  }

  /**
   * A table of the model's layers and variables with shapes and parameter counts.
   */
  public String summary() {
    return cordonEngine.summary();
  }

  @Override
  public String scope() {
    return cordonEngine.scope();
  }

  @Override
  public ModelVariables variables() {
    return cordonEngine.variables();
  }

  @Override
  public void save(Path checkpoint) {
    cordonEngine.save(checkpoint);
  }

  @Override
  public void restore(Path checkpoint) {
    cordonEngine.restore(checkpoint);
  }

  @Override
  public void exportSavedModel(Path dir) {
    cordonEngine.exportSavedModel(dir);
  }

  @Override
  public void close() {
    cordonEngine.close();
  }

  /**
   * Configures and builds instances of {@link CordonNames}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonNames build() {
      return new CordonNames(start());
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
    public TFloat32 sum() {
      return outputs.get("sum", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 one() {
      return outputs.get("const", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
