package com.acme;

import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.ModelBuild;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.ModelOutputs;
import dev.cordon.runtime.ModelRuntime;
import dev.cordon.runtime.ModelSpec;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.TensorArrays;
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

  private final Operand<TFloat32> runtime;

  private final Operand<TFloat32> result;

  private Operand<TFloat32> sum;

  private Operand<TFloat32> one;

  private final ModelRuntime cordonRuntime;

  private CordonNames(ModelBuild build) {
    try {
      this.runtime = build.input("in.put", TFloat32.class);
      this.result = build.input("result", TFloat32.class);
      build.output("sum", sum(build.ops()));
      build.output("const", one(build.ops()));
      this.cordonRuntime = build.finish();
    } catch (RuntimeException | Error e) {
      build.abort();
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
  Operand<TFloat32> runtime() {
    return runtime;
  }

  @Override
  Operand<TFloat32> result() {
    return result;
  }

  /**
   * Built once, when the model is built; later calls return the same operand.
   */
  @Override
  Operand<TFloat32> sum(Ops tf) {
    if (sum == null) {
      sum = super.sum(tf);
    }
    return sum;
  }

  /**
   * Built once, when the model is built; later calls return the same operand.
   */
  @Override
  Operand<TFloat32> one(Ops tf) {
    if (one == null) {
      one = super.one(tf);
    }
    return one;
  }

  /**
   * Returns sum for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 sum(TFloat32 runtime, TFloat32 result) {
    return cordonRuntime.predict("sum", TFloat32.class, runtime, result);
  }

  /**
   * Returns sum for the given inputs, as Java arrays.
   */
  public float[] sum(float[] runtime, float[] result) {
    try (TFloat32 runtimeTensor = TensorArrays.of(cordonRuntime.requireArray("in.put", runtime));
        TFloat32 resultTensor = TensorArrays.of(cordonRuntime.requireArray("result", result));
        TFloat32 result_ = sum(runtimeTensor, resultTensor)) {
      return TensorArrays.floats1d(result_);
    }
  }

  /**
   * Returns one for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 one(TFloat32 runtime, TFloat32 result) {
    return cordonRuntime.predict("const", TFloat32.class, runtime, result);
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 runtime, TFloat32 result) {
    return new Outputs(cordonRuntime.run(runtime, result));
  }

  @Override
  public String scope() {
    return cordonRuntime.scope();
  }

  @Override
  public ModelVariables variables() {
    return cordonRuntime.variables();
  }

  @Override
  public void save(Path checkpoint) {
    cordonRuntime.save(checkpoint);
  }

  @Override
  public void restore(Path checkpoint) {
    cordonRuntime.restore(checkpoint);
  }

  @Override
  public void exportSavedModel(Path dir) {
    cordonRuntime.exportSavedModel(dir);
  }

  @Override
  public void close() {
    cordonRuntime.close();
  }

  /**
   * Configures and builds instances of {@link CordonNames}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    @Override
    protected Builder self() {
      return this;
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
    private final ModelOutputs outputs;

    private Outputs(ModelOutputs outputs) {
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
