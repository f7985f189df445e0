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
 * The generated implementation of the composition {@link Backwards}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonBackwards implements Backwards, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.Backwards", "backwards")
      .member("other", Isolation.BOUNDARY, "other")
      .member("encoder", Isolation.BOUNDARY, "encoder")
      .member("ranker", Isolation.BOUNDARY, "ranker")
      .wire("encoder.embedding", "ranker.embedding")
      .input("otherEmbedding", "other.embedding")
      .input("encoderPixels", "encoder.pixels")
      .output("otherScore", "other.score")
      .output("encoderEmbedding", "encoder.embedding")
      .output("rankerScore", "ranker.score")
      .build();

  private final CordonRanker other;

  private final CordonEncoder encoder;

  private final CordonRanker ranker;

  private final CompositionEngine engine;

  private CordonBackwards(CompositionAssembly assembly) {
    try {
      this.other = assembly.member("other", CordonRanker.builder()).build();
      this.encoder = assembly.member("encoder", CordonEncoder.builder()).build();
      this.ranker = assembly.member("ranker", CordonRanker.builder()).build();
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
   * Member other, with its full generated API.
   */
  @Override
  public CordonRanker other() {
    return other;
  }

  /**
   * Member encoder, with its full generated API.
   */
  @Override
  public CordonEncoder encoder() {
    return encoder;
  }

  /**
   * Member ranker, with its full generated API.
   */
  @Override
  public CordonRanker ranker() {
    return ranker;
  }

  /**
   * Returns otherScore (other.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 otherScore(TFloat32 otherEmbedding) {
    return engine.predict(0, otherEmbedding);
  }

  /**
   * Returns otherScore for the given inputs, as Java arrays.
   */
  public float[][] otherScore(float[][] otherEmbedding) {
    return engine.predictArrays(0, new Object[] {otherEmbedding});
  }

  /**
   * Returns encoderEmbedding (encoder.embedding) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 encoderEmbedding(TFloat32 encoderPixels) {
    return engine.predict(1, encoderPixels);
  }

  /**
   * Returns encoderEmbedding for the given inputs, as Java arrays.
   */
  public float[][] encoderEmbedding(float[][] encoderPixels) {
    return engine.predictArrays(1, new Object[] {encoderPixels});
  }

  /**
   * Returns rankerScore (ranker.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 rankerScore(TFloat32 encoderPixels) {
    return engine.predict(2, encoderPixels);
  }

  /**
   * Returns rankerScore for the given inputs, as Java arrays.
   */
  public float[][] rankerScore(float[][] encoderPixels) {
    return engine.predictArrays(2, new Object[] {encoderPixels});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 otherEmbedding, TFloat32 encoderPixels) {
    return new Outputs(engine.run(otherEmbedding, encoderPixels));
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
   * Configures and builds instances of {@link CordonBackwards}.
   */
  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Overrides the scope of member other (default "other").
     */
    public Builder otherScope(String scope) {
      return memberScope("other", scope);
    }

    /**
     * Overrides the scope of member encoder (default "encoder").
     */
    public Builder encoderScope(String scope) {
      return memberScope("encoder", scope);
    }

    /**
     * Overrides the scope of member ranker (default "ranker").
     */
    public Builder rankerScope(String scope) {
      return memberScope("ranker", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonBackwards build() {
      return new CordonBackwards(start());
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
    public TFloat32 otherScore() {
      return outputs.get("otherScore", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 encoderEmbedding() {
      return outputs.get("encoderEmbedding", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 rankerScore() {
      return outputs.get("rankerScore", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
