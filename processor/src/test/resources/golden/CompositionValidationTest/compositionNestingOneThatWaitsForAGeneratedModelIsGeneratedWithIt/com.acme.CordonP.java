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
 * The generated implementation of the composition {@link P}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonP implements P, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.P", "p")
      .member("inner", Isolation.BOUNDARY, "inner")
      .member("encoder", Isolation.BOUNDARY, "encoder")
      .wire("inner.laterY", "encoder.pixels")
      .input("innerLaterX", "inner.laterX")
      .output("innerLaterY", "inner.laterY")
      .output("encoderEmbedding", "encoder.embedding")
      .build();

  private final CordonInner inner;

  private final CordonEncoder encoder;

  private final CompositionEngine engine;

  private CordonP(CompositionAssembly assembly) {
    try {
      this.inner = assembly.member("inner", CordonInner.builder()).build();
      this.encoder = assembly.member("encoder", CordonEncoder.builder()).build();
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
   * Member encoder, with its full generated API.
   */
  @Override
  public CordonEncoder encoder() {
    return encoder;
  }

  /**
   * Returns innerLaterY (inner.laterY) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 innerLaterY(TFloat32 innerLaterX) {
    return engine.predict(0, innerLaterX);
  }

  /**
   * Returns innerLaterY for the given inputs, as Java arrays.
   */
  public float[][] innerLaterY(float[][] innerLaterX) {
    return engine.predictArrays(0, new Object[] {innerLaterX});
  }

  /**
   * Returns encoderEmbedding (encoder.embedding) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 encoderEmbedding(TFloat32 innerLaterX) {
    return engine.predict(1, innerLaterX);
  }

  /**
   * Returns encoderEmbedding for the given inputs, as Java arrays.
   */
  public float[][] encoderEmbedding(float[][] innerLaterX) {
    return engine.predictArrays(1, new Object[] {innerLaterX});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 innerLaterX) {
    return new Outputs(engine.run(innerLaterX));
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
   * Configures and builds instances of {@link CordonP}.
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
     * Overrides the scope of member encoder (default "encoder").
     */
    public Builder encoderScope(String scope) {
      return memberScope("encoder", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonP build() {
      return new CordonP(start());
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
    public TFloat32 innerLaterY() {
      return outputs.get("innerLaterY", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 encoderEmbedding() {
      return outputs.get("encoderEmbedding", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
