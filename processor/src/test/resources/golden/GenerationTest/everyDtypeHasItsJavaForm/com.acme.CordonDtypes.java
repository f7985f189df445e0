package com.acme;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.data.Dataset;
import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * The generated implementation of {@link Dtypes}.
 */
@Generated("dev.cordon.processor.CordonProcessor")
public final class CordonDtypes implements Dtypes, CordonModel {
  private static final ModelSpec SPEC = ModelSpec.builder("com.acme.Dtypes", "dtypes")
      .input("tokens", TString.class, -1L)
      .input("ids", TInt64.class, -1L, 2L)
      .input("weights", TFloat64.class, -1L)
      .input("mask", TBool.class, -1L)
      .input("pixels", TUint8.class, -1L, 4L)
      .input("half", TFloat16.class, -1L)
      .input("language", TString.class)
      .output("words", TString.class, -1L)
      .output("wordIds", TInt64.class, -1L)
      .output("scores", TFloat16.class, -1L, 3L)
      .output("accepted", TBool.class)
      .output("image", TUint8.class, -1L, 4L)
      .savedModel("nowhere/dtypes", "serving_default", "serve")
      .build();

  private final Operand<TString> tokens;

  private final Operand<TInt64> ids;

  private final Operand<TFloat64> weights;

  private final Operand<TBool> mask;

  private final Operand<TUint8> pixels;

  private final Operand<TFloat16> half;

  private final Operand<TString> language;

  private Operand<TString> words;

  private Operand<TInt64> wordIds;

  private Operand<TFloat16> scores;

  private Operand<TBool> accepted;

  private Operand<TUint8> image;

  private final ModelEngine engine;

  private CordonDtypes(ModelAssembly assembly) {
    try {
      this.tokens = assembly.input("tokens", TString.class);
      this.ids = assembly.input("ids", TInt64.class);
      this.weights = assembly.input("weights", TFloat64.class);
      this.mask = assembly.input("mask", TBool.class);
      this.pixels = assembly.input("pixels", TUint8.class);
      this.half = assembly.input("half", TFloat16.class);
      this.language = assembly.input("language", TString.class);
      this.words = assembly.output("words", assembly.importedOutput("words", TString.class));
      this.wordIds = assembly.output("wordIds", assembly.importedOutput("wordIds", TInt64.class));
      this.scores = assembly.output("scores", assembly.importedOutput("scores", TFloat16.class));
      this.accepted = assembly.output("accepted", assembly.importedOutput("accepted", TBool.class));
      this.image = assembly.output("image", assembly.importedOutput("image", TUint8.class));
      this.engine = assembly.finish();
    } catch (RuntimeException | Error e) {
      assembly.abort();
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
  public Operand<TString> tokens() {
    return tokens;
  }

  @Override
  public Operand<TInt64> ids() {
    return ids;
  }

  @Override
  public Operand<TFloat64> weights() {
    return weights;
  }

  @Override
  public Operand<TBool> mask() {
    return mask;
  }

  @Override
  public Operand<TUint8> pixels() {
    return pixels;
  }

  @Override
  public Operand<TFloat16> half() {
    return half;
  }

  @Override
  public Operand<TString> language() {
    return language;
  }

  @Override
  public Operand<TString> words() {
    return words;
  }

  @Override
  public Operand<TInt64> wordIds() {
    return wordIds;
  }

  @Override
  public Operand<TFloat16> scores() {
    return scores;
  }

  @Override
  public Operand<TBool> accepted() {
    return accepted;
  }

  @Override
  public Operand<TUint8> image() {
    return image;
  }

  /**
   * Returns words for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TString words(TString tokens, TInt64 ids, TFloat64 weights, TBool mask, TUint8 pixels,
      TFloat16 half, TString language) {
    return engine.predict(0, tokens, ids, weights, mask, pixels, half, language);
  }

  /**
   * Returns words for the given inputs, as Java arrays.
   */
  public String[] words(String[] tokens, long[][] ids, double[] weights, boolean[] mask,
      byte[][] pixels, float[] half, String language) {
    return engine.predictArrays(0, new Object[] {tokens, ids, weights, mask, pixels, half, language});
  }

  /**
   * Returns words for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TString words(Dataset inputs) {
    return (TString) engine.predict("words", inputs);
  }

  /**
   * Returns wordIds for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TInt64 wordIds(TString tokens, TInt64 ids, TFloat64 weights, TBool mask, TUint8 pixels,
      TFloat16 half, TString language) {
    return engine.predict(1, tokens, ids, weights, mask, pixels, half, language);
  }

  /**
   * Returns wordIds for the given inputs, as Java arrays.
   */
  public long[] wordIds(String[] tokens, long[][] ids, double[] weights, boolean[] mask,
      byte[][] pixels, float[] half, String language) {
    return engine.predictArrays(1, new Object[] {tokens, ids, weights, mask, pixels, half, language});
  }

  /**
   * Returns wordIds for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TInt64 wordIds(Dataset inputs) {
    return (TInt64) engine.predict("wordIds", inputs);
  }

  /**
   * Returns scores for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TFloat16 scores(TString tokens, TInt64 ids, TFloat64 weights, TBool mask, TUint8 pixels,
      TFloat16 half, TString language) {
    return engine.predict(2, tokens, ids, weights, mask, pixels, half, language);
  }

  /**
   * Returns scores for the given inputs, as Java arrays.
   */
  public float[][] scores(String[] tokens, long[][] ids, double[] weights, boolean[] mask,
      byte[][] pixels, float[] half, String language) {
    return engine.predictArrays(2, new Object[] {tokens, ids, weights, mask, pixels, half, language});
  }

  /**
   * Returns scores for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TFloat16 scores(Dataset inputs) {
    return (TFloat16) engine.predict("scores", inputs);
  }

  /**
   * Returns accepted for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TBool accepted(TString tokens, TInt64 ids, TFloat64 weights, TBool mask, TUint8 pixels,
      TFloat16 half, TString language) {
    return engine.predict(3, tokens, ids, weights, mask, pixels, half, language);
  }

  /**
   * Returns accepted for the given inputs, as Java arrays.
   */
  public boolean accepted(String[] tokens, long[][] ids, double[] weights, boolean[] mask,
      byte[][] pixels, float[] half, String language) {
    return engine.predictArrays(3, new Object[] {tokens, ids, weights, mask, pixels, half, language});
  }

  /**
   * Returns accepted for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TBool accepted(Dataset inputs) {
    return (TBool) engine.predict("accepted", inputs);
  }

  /**
   * Returns image for the given inputs; the caller owns (and must close) the returned tensor.
   */
  public TUint8 image(TString tokens, TInt64 ids, TFloat64 weights, TBool mask, TUint8 pixels,
      TFloat16 half, TString language) {
    return engine.predict(4, tokens, ids, weights, mask, pixels, half, language);
  }

  /**
   * Returns image for the given inputs, as Java arrays.
   */
  public byte[][] image(String[] tokens, long[][] ids, double[] weights, boolean[] mask,
      byte[][] pixels, float[] half, String language) {
    return engine.predictArrays(4, new Object[] {tokens, ids, weights, mask, pixels, half, language});
  }

  /**
   * Returns image for every example of {@code inputs} (the prediction inputs), computed batch by batch; the caller owns (and must close) the returned tensor.
   */
  public TUint8 image(Dataset inputs) {
    return (TUint8) engine.predict("image", inputs);
  }

  /**
   * Runs every output at once; closing the returned holder frees them.
   */
  public Outputs run(TString tokens, TInt64 ids, TFloat64 weights, TBool mask, TUint8 pixels,
      TFloat16 half, TString language) {
    return new Outputs(engine.run(tokens, ids, weights, mask, pixels, half, language));
  }

  /**
   * A table of the model's layers and variables with shapes and parameter counts.
   */
  public String summary() {
    return engine.summary();
  }

  @Override
  public String scope() {
    return engine.scope();
  }

  @Override
  public ModelVariables variables() {
    return engine.variables();
  }

  @Override
  public void save(Path checkpoint) {
    engine.save(checkpoint);
  }

  @Override
  public void restore(Path checkpoint) {
    engine.restore(checkpoint);
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
   * Configures and builds instances of {@link CordonDtypes}.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {
      super(SPEC);
    }

    /**
     * Imports the SavedModel directory {@code dir} instead of the one declared by {@code @SavedModel(path)}.
     */
    public Builder savedModelPath(Path dir) {
      return overrideSavedModelPath(dir);
    }

    /**
     * Also accepts these op types, which the import refuses by default (file, network or Python ops); only for a SavedModel you trust.
     */
    public Builder allowOps(String... opTypes) {
      return allowSavedModelOps(opTypes);
    }

    /**
     * Builds a new, independent instance of the model.
     */
    public CordonDtypes build() {
      return new CordonDtypes(start());
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
    public TString words() {
      return outputs.get("words", TString.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TInt64 wordIds() {
      return outputs.get("wordIds", TInt64.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TFloat16 scores() {
      return outputs.get("scores", TFloat16.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TBool accepted() {
      return outputs.get("accepted", TBool.class);
    }

    /**
     * Owned by this holder: valid until {@link #close()}.
     */
    public TUint8 image() {
      return outputs.get("image", TUint8.class);
    }

    @Override
    public void close() {
      outputs.close();
    }
  }
}
