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
 * The generated implementation of the composition {@link JudgedSearch}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonJudgedSearch implements JudgedSearch, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.JudgedSearch", "judged")
      .member("retrieval", Isolation.BOUNDARY, "retrieval")
      .member("judge", Isolation.SCOPE, "judge")
      .wire("retrieval.encoderEmbedding", "judge.embedding")
      .input("retrievalEncoderPixels", "retrieval.encoderPixels")
      .output("retrievalEncoderEmbedding", "retrieval.encoderEmbedding")
      .output("retrievalRankerScore", "retrieval.rankerScore")
      .output("retrievalAuditScore", "retrieval.auditScore")
      .output("judgeScore", "judge.score")
      .label("verdict", TFloat32.class, -1L, 1L)
      .loss()
      .trainInputs("retrievalEncoderPixels")
      .build();

  private final CordonSearchPipeline retrieval;

  private final CordonRanker judge;

  private final Operand<TFloat32> verdict;

  private Operand<TFloat32> loss;

  private final CompositionEngine engine;

  private CordonJudgedSearch(CompositionAssembly assembly) {
    try {
      this.retrieval = assembly.member("retrieval", CordonSearchPipeline.builder()).build();
      this.judge = assembly.member("judge", CordonRanker.builder()).build();
      this.verdict = assembly.label("verdict", TFloat32.class);
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
   * Member retrieval, with its full generated API.
   */
  @Override
  public CordonSearchPipeline retrieval() {
    return retrieval;
  }

  /**
   * Member judge, with its full generated API.
   */
  @Override
  public CordonRanker judge() {
    return judge;
  }

  @Override
  public Operand<TFloat32> verdict() {
    return verdict;
  }

  @Override
  public Operand<TFloat32> loss(Ops tf, Layers nn) {
    // built once, when the model is built; later calls return the same operand
    if (loss == null) {
      loss = JudgedSearch.super.loss(tf, nn);
    }
    return loss;
  }

  /**
   * Returns retrievalEncoderEmbedding (retrieval.encoderEmbedding) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 retrievalEncoderEmbedding(TFloat32 retrievalEncoderPixels) {
    return engine.predict(0, retrievalEncoderPixels);
  }

  /**
   * Returns retrievalEncoderEmbedding for the given inputs, as Java arrays.
   */
  public float[][] retrievalEncoderEmbedding(float[][] retrievalEncoderPixels) {
    return engine.predictArrays(0, new Object[] {retrievalEncoderPixels});
  }

  /**
   * Returns retrievalRankerScore (retrieval.rankerScore) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 retrievalRankerScore(TFloat32 retrievalEncoderPixels) {
    return engine.predict(1, retrievalEncoderPixels);
  }

  /**
   * Returns retrievalRankerScore for the given inputs, as Java arrays.
   */
  public float[][] retrievalRankerScore(float[][] retrievalEncoderPixels) {
    return engine.predictArrays(1, new Object[] {retrievalEncoderPixels});
  }

  /**
   * Returns retrievalAuditScore (retrieval.auditScore) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 retrievalAuditScore(TFloat32 retrievalEncoderPixels) {
    return engine.predict(2, retrievalEncoderPixels);
  }

  /**
   * Returns retrievalAuditScore for the given inputs, as Java arrays.
   */
  public float[][] retrievalAuditScore(float[][] retrievalEncoderPixels) {
    return engine.predictArrays(2, new Object[] {retrievalEncoderPixels});
  }

  /**
   * Returns judgeScore (judge.score) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 judgeScore(TFloat32 retrievalEncoderPixels) {
    return engine.predict(3, retrievalEncoderPixels);
  }

  /**
   * Returns judgeScore for the given inputs, as Java arrays.
   */
  public float[][] judgeScore(float[][] retrievalEncoderPixels) {
    return engine.predictArrays(3, new Object[] {retrievalEncoderPixels});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 retrievalEncoderPixels) {
    return new Outputs(engine.run(retrievalEncoderPixels));
  }

  /**
   * One optimizer step on the composition's loss, updating its SCOPE members only; returns the loss before the step.
   */
  public float trainStep(TFloat32 retrievalEncoderPixels, TFloat32 verdict) {
    return engine.trainStep(retrievalEncoderPixels, verdict);
  }

  /**
   * One optimizer step, from Java arrays; returns the loss before the step.
   */
  public float trainStep(float[][] retrievalEncoderPixels, float[][] verdict) {
    return engine.trainStepArrays(new Object[] {retrievalEncoderPixels, verdict});
  }

  /**
   * Trains the SCOPE members on the composition's loss over {@code data}, whose inputs are retrievalEncoderPixels, verdict in this order; returns the history.
   */
  public History fit(Dataset data, Fit fit) {
    return engine.fit(data, fit);
  }

  /**
   * Trains on Java arrays, batched and shuffled as {@code fit} says.
   */
  public History fit(float[][] retrievalEncoderPixels, float[][] verdict, Fit fit) {
    return engine.fit(fit, retrievalEncoderPixels, verdict);
  }

  /**
   * The mean loss and each metric over {@code data} (inputs retrievalEncoderPixels, verdict).
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
   * Configures and builds instances of {@link CordonJudgedSearch}.
   */
  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Overrides the scope of member retrieval (default "retrieval").
     */
    public Builder retrievalScope(String scope) {
      return memberScope("retrieval", scope);
    }

    /**
     * Overrides the scope of member judge (default "judge").
     */
    public Builder judgeScope(String scope) {
      return memberScope("judge", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonJudgedSearch build() {
      return new CordonJudgedSearch(start());
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
    public TFloat32 retrievalEncoderEmbedding() {
      return outputs.get("retrievalEncoderEmbedding", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 retrievalRankerScore() {
      return outputs.get("retrievalRankerScore", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 retrievalAuditScore() {
      return outputs.get("retrievalAuditScore", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 judgeScore() {
      return outputs.get("judgeScore", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
