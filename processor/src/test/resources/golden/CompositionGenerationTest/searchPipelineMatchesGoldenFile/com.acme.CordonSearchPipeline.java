package com.acme;

import dev.cordon.Isolation;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.CompositionBuilder;
import dev.cordon.runtime.CompositionInspection;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.Layers;
import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metric;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import java.nio.file.Path;
import java.util.Map;
import javax.annotation.processing.Generated;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The generated implementation of the composition {@link SearchPipeline}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonSearchPipeline implements SearchPipeline, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.SearchPipeline", "searchPipeline")
      .member("encoder", Isolation.BOUNDARY, "encoder")
      .member("ranker", Isolation.SCOPE, "ranker")
      .member("audit", Isolation.GRAPH, "audit")
      .wire("encoder.embedding", "ranker.embedding")
      .wire("encoder.embedding", "audit.embedding")
      .input("encoderPixels", "encoder.pixels")
      .output("encoderEmbedding", "encoder.embedding")
      .output("rankerScore", "ranker.score")
      .output("auditScore", "audit.score")
      .label("relevance", TFloat32.class, -1L, 1L)
      .loss()
      .trainInputs("encoderPixels")
      .build();

  private final CordonEncoder encoder;

  private final CordonRanker ranker;

  private final CordonRanker audit;

  private final Operand<TFloat32> relevance;

  private Operand<TFloat32> loss;

  private final CompositionEngine engine;

  private CordonSearchPipeline(CompositionAssembly assembly) {
    try {
      this.encoder = assembly.member("encoder", CordonEncoder.builder()).build();
      this.ranker = assembly.member("ranker", CordonRanker.builder()).build();
      this.audit = assembly.member("audit", CordonRanker.builder()).build();
      this.relevance = assembly.label("relevance", TFloat32.class);
      assembly.loss(loss(assembly.ops(), assembly.layers()));
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
   * Member audit, with its full generated API.
   */
  @Override
  public CordonRanker audit() {
    return audit;
  }

  @Override
  public Operand<TFloat32> relevance() {
    return relevance;
  }

  @Override
  public Operand<TFloat32> loss(Ops tf, Layers nn) {
    // built once, when the model is built; later calls return the same operand
    if (loss == null) {
      loss = SearchPipeline.super.loss(tf, nn);
    }
    return loss;
  }

  /**
   * Returns encoderEmbedding (encoder.embedding) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 encoderEmbedding(TFloat32 encoderPixels) {
    return engine.predict(0, encoderPixels);
  }

  /**
   * Returns encoderEmbedding for the given inputs, as Java arrays.
   */
  public float[][] encoderEmbedding(float[][] encoderPixels) {
    return engine.predictArrays(0, new Object[] {encoderPixels});
  }

  /**
   * Returns rankerScore (ranker.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 rankerScore(TFloat32 encoderPixels) {
    return engine.predict(1, encoderPixels);
  }

  /**
   * Returns rankerScore for the given inputs, as Java arrays.
   */
  public float[][] rankerScore(float[][] encoderPixels) {
    return engine.predictArrays(1, new Object[] {encoderPixels});
  }

  /**
   * Returns auditScore (audit.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 auditScore(TFloat32 encoderPixels) {
    return engine.predict(2, encoderPixels);
  }

  /**
   * Returns auditScore for the given inputs, as Java arrays.
   */
  public float[][] auditScore(float[][] encoderPixels) {
    return engine.predictArrays(2, new Object[] {encoderPixels});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 encoderPixels) {
    return new Outputs(engine.run(encoderPixels));
  }

  /**
   * One optimizer step on the composition's loss, updating its SCOPE members only; returns the loss before the step.
   */
  public float trainStep(TFloat32 encoderPixels, TFloat32 relevance) {
    return engine.trainStep(encoderPixels, relevance);
  }

  /**
   * One optimizer step, from Java arrays; returns the loss before the step.
   */
  public float trainStep(float[][] encoderPixels, float[][] relevance) {
    return engine.trainStepArrays(new Object[] {encoderPixels, relevance});
  }

  /**
   * Trains the SCOPE members on the composition's loss over {@code data}, whose inputs are encoderPixels, relevance in this order; returns the history.
   */
  public History fit(Dataset data, Fit fit) {
    return engine.fit(data, fit);
  }

  /**
   * Trains on Java arrays, batched and shuffled as {@code fit} says.
   */
  public History fit(float[][] encoderPixels, float[][] relevance, Fit fit) {
    return engine.fit(fit, encoderPixels, relevance);
  }

  /**
   * The mean loss and each metric over {@code data} (inputs encoderPixels, relevance).
   */
  public Map<String, Double> evaluate(Dataset data, Metric... metrics) {
    return engine.evaluate(data, metrics);
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
   * Configures and builds instances of {@link CordonSearchPipeline}.
   */
  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
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
     * Overrides the scope of member audit (default "audit").
     */
    public Builder auditScope(String scope) {
      return memberScope("audit", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonSearchPipeline build() {
      return new CordonSearchPipeline(start());
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
    public TFloat32 encoderEmbedding() {
      return outputs.get("encoderEmbedding", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 rankerScore() {
      return outputs.get("rankerScore", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 auditScore() {
      return outputs.get("auditScore", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
