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
 * The generated implementation of the composition {@link Outer.Chain}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
final class CordonOuter_Chain extends Outer.Chain implements CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.Outer.Chain", "chain")
      .member("first", Isolation.SCOPE, "encoder")
      .member("second", Isolation.SCOPE, "ranker")
      .wire("first.embedding", "second.embedding")
      .input("firstPixels", "first.pixels")
      .output("firstEmbedding", "first.embedding")
      .output("secondScore", "second.score")
      .build();

  private final CordonEncoder first;

  private final CordonRanker second;

  private final CompositionEngine engine;

  private CordonOuter_Chain(CompositionAssembly assembly) {
    try {
      this.first = assembly.member("first", CordonEncoder.builder()).build();
      this.second = assembly.member("second", CordonRanker.builder()).build();
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
   * Member first, with its full generated API.
   */
  @Override
  CordonEncoder first() {
    return first;
  }

  /**
   * Member second, with its full generated API.
   */
  @Override
  protected CordonRanker second() {
    return second;
  }

  /**
   * Returns firstEmbedding (first.embedding) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 firstEmbedding(TFloat32 firstPixels) {
    return engine.predict(0, firstPixels);
  }

  /**
   * Returns firstEmbedding for the given inputs, as Java arrays.
   */
  public float[][] firstEmbedding(float[][] firstPixels) {
    return engine.predictArrays(0, new Object[] {firstPixels});
  }

  /**
   * Returns secondScore (second.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 secondScore(TFloat32 firstPixels) {
    return engine.predict(1, firstPixels);
  }

  /**
   * Returns secondScore for the given inputs, as Java arrays.
   */
  public float[][] secondScore(float[][] firstPixels) {
    return engine.predictArrays(1, new Object[] {firstPixels});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 firstPixels) {
    return new Outputs(engine.run(firstPixels));
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
   * Configures and builds instances of {@link CordonOuter_Chain}.
   */
  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Overrides the scope of member first (default "encoder").
     */
    public Builder firstScope(String scope) {
      return memberScope("first", scope);
    }

    /**
     * Overrides the scope of member second (default "ranker").
     */
    public Builder secondScope(String scope) {
      return memberScope("second", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonOuter_Chain build() {
      return new CordonOuter_Chain(start());
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
    public TFloat32 firstEmbedding() {
      return outputs.get("firstEmbedding", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 secondScore() {
      return outputs.get("secondScore", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
