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
 * The generated implementation of the composition {@link Branches}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonBranches implements Branches, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder("com.acme.Branches", "branches")
      .member("a", Isolation.SCOPE, "a")
      .member("b", Isolation.SCOPE, "b")
      .input("aIn", "a.in")
      .input("bIn", "b.in")
      .output("aOut", "a.out")
      .output("bOut", "b.out")
      .label("target", TFloat32.class, -1L, 3L)
      .loss()
      .trainInputs("aIn")
      .build();

  private final CordonOne a;

  private final CordonOne b;

  private final Operand<TFloat32> target;

  private Operand<TFloat32> loss;

  private final CompositionEngine engine;

  private CordonBranches(CompositionAssembly assembly) {
    try {
      this.a = assembly.member("a", CordonOne.builder()).build();
      this.b = assembly.member("b", CordonOne.builder()).build();
      this.target = assembly.label("target", TFloat32.class);
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
   * Member a, with its full generated API.
   */
  @Override
  public CordonOne a() {
    return a;
  }

  /**
   * Member b, with its full generated API.
   */
  @Override
  public CordonOne b() {
    return b;
  }

  @Override
  public Operand<TFloat32> target() {
    return target;
  }

  @Override
  public Operand<TFloat32> loss(Ops tf, Layers nn) {
    // built once, when the model is built; later calls return the same operand
    if (loss == null) {
      loss = Branches.super.loss(tf, nn);
    }
    return loss;
  }

  /**
   * Returns aOut (a.out) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 aOut(TFloat32 aIn) {
    return engine.predict(0, aIn);
  }

  /**
   * Returns aOut for the given inputs, as Java arrays.
   */
  public float[][] aOut(float[][] aIn) {
    return engine.predictArrays(0, new Object[] {aIn});
  }

  /**
   * Returns bOut (b.out) for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat32 bOut(TFloat32 bIn) {
    return engine.predict(1, bIn);
  }

  /**
   * Returns bOut for the given inputs, as Java arrays.
   */
  public float[][] bOut(float[][] bIn) {
    return engine.predictArrays(1, new Object[] {bIn});
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TFloat32 aIn, TFloat32 bIn) {
    return new Outputs(engine.run(aIn, bIn));
  }

  /**
   * One optimizer step on the composition's loss, updating its SCOPE members only; returns the loss before the step.
   */
  public float trainStep(TFloat32 aIn, TFloat32 target) {
    return engine.trainStep(aIn, target);
  }

  /**
   * One optimizer step, from Java arrays; returns the loss before the step.
   */
  public float trainStep(float[][] aIn, float[][] target) {
    return engine.trainStepArrays(new Object[] {aIn, target});
  }

  /**
   * Trains the SCOPE members on the composition's loss over {@code data}, whose inputs are aIn, target in this order; returns the history.
   */
  public History fit(Dataset data, Fit fit) {
    return engine.fit(data, fit);
  }

  /**
   * Trains on Java arrays, batched and shuffled as {@code fit} says.
   */
  public History fit(float[][] aIn, float[][] target, Fit fit) {
    return engine.fit(fit, aIn, target);
  }

  /**
   * The mean loss and each metric over {@code data} (inputs aIn, target).
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
   * Configures and builds instances of {@link CordonBranches}.
   */
  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Overrides the scope of member a (default "a").
     */
    public Builder aScope(String scope) {
      return memberScope("a", scope);
    }

    /**
     * Overrides the scope of member b (default "b").
     */
    public Builder bScope(String scope) {
      return memberScope("b", scope);
    }

    /**
     * Builds a new, independent instance of the composition.
     */
    public CordonBranches build() {
      return new CordonBranches(start());
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
    public TFloat32 aOut() {
      return outputs.get("aOut", TFloat32.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat32 bOut() {
      return outputs.get("bOut", TFloat32.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
