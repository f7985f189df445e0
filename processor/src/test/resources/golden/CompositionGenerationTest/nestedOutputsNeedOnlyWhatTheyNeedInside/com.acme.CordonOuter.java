package com.acme;

import dev.cordon.Isolation;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.CompositionBuilder;
import dev.cordon.runtime.CompositionInspection;
import dev.cordon.runtime.CordonComposition;
import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.tensorflow.types.TFloat32;

/**
 * The generated implementation of the composition {@link Outer}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonOuter implements Outer, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.Outer", "outer")
      .member("inner", Isolation.BOUNDARY, "inner")
      .member("c", Isolation.BOUNDARY, "c")
      .wire("inner.bOut", "c.in")
      .input("innerAIn", "inner.aIn")
      .input("innerBIn", "inner.bIn")
      .output("innerAOut", "inner.aOut")
      .output("innerBOut", "inner.bOut")
      .output("cOut", "c.out")
      .build();

  private final CordonInner inner;

  private final CordonOne c;

  private final CompositionEngine engine;

  private CordonOuter(CompositionAssembly assembly) {
    try {
      this.inner = assembly.member("inner", CordonInner.builder()).build();
      this.c = assembly.member("c", CordonOne.builder()).build();
      this.engine = assembly.finish();
    } catch (RuntimeException | Error e) {
      assembly.abort();
      throw e;
    }
  }

  /**
   * Starts building a new instance of the composition.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Member inner, with its full generated API.
   */
  @Override
  public CordonInner inner() {
    return inner;
  }

  /**
   * Member c, with its full generated API.
   */
  @Override
  public CordonOne c() {
    return c;
  }

  /**
   * Returns innerAOut (inner.aOut) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 innerAOut(TFloat32 innerAIn) {
    return engine.predict(0, innerAIn);
  }

  /**
   * Returns innerAOut for the given inputs, as Java arrays.
   */
  public float[][] innerAOut(float[][] innerAIn) {
    return engine.predictArrays(0, new Object[] {innerAIn});
  }

  /**
   * Returns innerBOut (inner.bOut) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 innerBOut(TFloat32 innerBIn) {
    return engine.predict(1, innerBIn);
  }

  /**
   * Returns innerBOut for the given inputs, as Java arrays.
   */
  public float[][] innerBOut(float[][] innerBIn) {
    return engine.predictArrays(1, new Object[] {innerBIn});
  }

  /**
   * Returns cOut (c.out) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 cOut(TFloat32 innerBIn) {
    return engine.predict(2, innerBIn);
  }

  /**
   * Returns cOut for the given inputs, as Java arrays.
   */
  public float[][] cOut(float[][] innerBIn) {
    return engine.predictArrays(2, new Object[] {innerBIn});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 innerAIn, TFloat32 innerBIn) {
    return new Outputs(engine.run(innerAIn, innerBIn));
  }

  @Override
  public CompositionInspection inspect() {
    return engine.inspection();
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
   * Configures and builds instances of {@link CordonOuter}.
   */
  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Overrides the scope of member inner (default "inner").
     */
    public Builder innerScope(String scope) {
      return memberScope("inner", scope);
    }

    /**
     * Overrides the scope of member c (default "c").
     */
    public Builder cScope(String scope) {
      return memberScope("c", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonOuter build() {
      return new CordonOuter(start());
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
    public TFloat32 innerAOut() {
      return outputs.get("innerAOut", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 innerBOut() {
      return outputs.get("innerBOut", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 cOut() {
      return outputs.get("cOut", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
