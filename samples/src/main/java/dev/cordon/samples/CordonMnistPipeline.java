package dev.cordon.samples;

import dev.cordon.Isolation;
import dev.cordon.runtime.CompositionBuild;
import dev.cordon.runtime.CompositionBuilder;
import dev.cordon.runtime.CompositionRuntime;
import dev.cordon.runtime.CompositionSpec;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.TensorArrays;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TEMPORARY STAND-IN, written by hand, for the class the annotation processor will generate from
 * {@link MnistPipeline} once it supports compositions. It follows the agreed contract of generated
 * compositions and drives the runtime exactly as generated code will; delete it when the
 * processor generates the real one.
 */
public final class CordonMnistPipeline implements MnistPipeline, CordonComposition {
  private static final CompositionSpec SPEC = CompositionSpec.builder(
          "dev.cordon.samples.MnistPipeline", "mnist_pipeline")
      .member("encoder", Isolation.BOUNDARY, "autoencoder")
      .member("head", Isolation.SCOPE, "code_classifier")
      .member("auditor", Isolation.GRAPH, "auditor")
      .wire("encoder.code", "head.code")
      .wire("encoder.code", "auditor.code")
      .input("encoderPixels", "encoder.pixels")
      .output("encoderCode", "encoder.code")
      .output("encoderReconstruction", "encoder.reconstruction")
      .output("headLogits", "head.logits")
      .output("auditorLogits", "auditor.logits")
      .label("digit", TInt32.class, -1L)
      .loss()
      .build();

  private final CordonAutoencoder encoder;
  private final CordonCodeClassifier head;
  private final CordonCodeClassifier auditor;
  private final Operand<TInt32> digit;
  private final CompositionRuntime runtime;

  private CordonMnistPipeline(CompositionBuild build) {
    try {
      this.encoder = build.member("encoder", CordonAutoencoder.builder()).build();
      this.head = build.member("head", CordonCodeClassifier.builder()).build();
      this.auditor = build.member("auditor", CordonCodeClassifier.builder()).build();
      this.digit = build.label("digit", TInt32.class);
      build.loss(loss(build.ops(), build.layers()));
      this.runtime = build.finish();
    } catch (RuntimeException | Error e) {
      build.abort();
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CordonAutoencoder encoder() {
    return encoder;
  }

  @Override
  public CordonCodeClassifier head() {
    return head;
  }

  @Override
  public CordonCodeClassifier auditor() {
    return auditor;
  }

  @Override
  public Operand<TInt32> digit() {
    return digit;
  }

  public TFloat32 encoderCode(TFloat32 encoderPixels) {
    return runtime.predict("encoderCode", TFloat32.class, encoderPixels);
  }

  public float[][] encoderCode(float[][] encoderPixels) {
    return floats("encoderCode", encoderPixels);
  }

  public TFloat32 encoderReconstruction(TFloat32 encoderPixels) {
    return runtime.predict("encoderReconstruction", TFloat32.class, encoderPixels);
  }

  public float[][] encoderReconstruction(float[][] encoderPixels) {
    return floats("encoderReconstruction", encoderPixels);
  }

  public TFloat32 headLogits(TFloat32 encoderPixels) {
    return runtime.predict("headLogits", TFloat32.class, encoderPixels);
  }

  public float[][] headLogits(float[][] encoderPixels) {
    return floats("headLogits", encoderPixels);
  }

  public TFloat32 auditorLogits(TFloat32 encoderPixels) {
    return runtime.predict("auditorLogits", TFloat32.class, encoderPixels);
  }

  public float[][] auditorLogits(float[][] encoderPixels) {
    return floats("auditorLogits", encoderPixels);
  }

  public float trainStep(TFloat32 encoderPixels, TInt32 digit) {
    return runtime.trainStep(encoderPixels, digit);
  }

  public float trainStep(float[][] encoderPixels, int[] digit) {
    try (TFloat32 p = TensorArrays.of(encoderPixels); TInt32 d = TensorArrays.of(digit)) {
      return trainStep(p, d);
    }
  }

  @Override
  public CompositionRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {
    runtime.close();
  }

  private float[][] floats(String output, float[][] encoderPixels) {
    try (TFloat32 p = TensorArrays.of(encoderPixels);
        TFloat32 out = runtime.predict(output, TFloat32.class, p)) {
      return TensorArrays.floats2d(out);
    }
  }

  public static final class Builder extends CompositionBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder encoderScope(String scope) {
      return memberScope("encoder", scope);
    }

    public Builder headScope(String scope) {
      return memberScope("head", scope);
    }

    public Builder auditorScope(String scope) {
      return memberScope("auditor", scope);
    }

    public CordonMnistPipeline build() {
      return new CordonMnistPipeline(start());
    }
  }
}
