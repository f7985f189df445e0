package com.acme;

import com.lib.CordonSearch;
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
      .member("search", Isolation.BOUNDARY, "search")
      .member("ranker", Isolation.BOUNDARY, "ranker")
      .wire("search.encoderEmbedding", "ranker.embedding")
      .input("searchEncoderPixels", "search.encoderPixels")
      .output("searchEncoderEmbedding", "search.encoderEmbedding")
      .output("searchRankerScore", "search.rankerScore")
      .output("rankerScore", "ranker.score")
      .build();

  private final CordonSearch search;

  private final CordonRanker ranker;

  private final CompositionEngine engine;

  private CordonP(CompositionAssembly assembly) {
    try {
      this.search = assembly.member("search", CordonSearch.builder()).build();
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
   * Member search, with its full generated API.
   */
  @Override
  public CordonSearch search() {
    return search;
  }

  /**
   * Member ranker, with its full generated API.
   */
  @Override
  public CordonRanker ranker() {
    return ranker;
  }

  /**
   * Returns searchEncoderEmbedding (search.encoderEmbedding) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 searchEncoderEmbedding(TFloat32 searchEncoderPixels) {
    return engine.predict(0, searchEncoderPixels);
  }

  /**
   * Returns searchEncoderEmbedding for the given inputs, as Java arrays.
   */
  public float[][] searchEncoderEmbedding(float[][] searchEncoderPixels) {
    return engine.predictArrays(0, new Object[] {searchEncoderPixels});
  }

  /**
   * Returns searchRankerScore (search.rankerScore) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 searchRankerScore(TFloat32 searchEncoderPixels) {
    return engine.predict(1, searchEncoderPixels);
  }

  /**
   * Returns searchRankerScore for the given inputs, as Java arrays.
   */
  public float[][] searchRankerScore(float[][] searchEncoderPixels) {
    return engine.predictArrays(1, new Object[] {searchEncoderPixels});
  }

  /**
   * Returns rankerScore (ranker.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 rankerScore(TFloat32 searchEncoderPixels) {
    return engine.predict(2, searchEncoderPixels);
  }

  /**
   * Returns rankerScore for the given inputs, as Java arrays.
   */
  public float[][] rankerScore(float[][] searchEncoderPixels) {
    return engine.predictArrays(2, new Object[] {searchEncoderPixels});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 searchEncoderPixels) {
    return new Outputs(engine.run(searchEncoderPixels));
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
     * Overrides the scope of member search (default "search").
     */
    public Builder searchScope(String scope) {
      return memberScope("search", scope);
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
    public TFloat32 searchEncoderEmbedding() {
      return outputs.get("searchEncoderEmbedding", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 searchRankerScore() {
      return outputs.get("searchRankerScore", TFloat32.class);
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
