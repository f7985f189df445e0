package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CordonDigitClassifier;
import com.acme.CordonSearchPipeline;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.NativeRun;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One test per category of wrong call (null tensor, null array, ragged array, null row, wrong
 * dtype, wrong rank or static dimension, unknown or null output name, wrong requested tensor type,
 * closed tensor, closed model), for a model, a composition and SavedModel imports (generated and
 * by hand): each asserts the exception, its whole message, and that no native tensor was left
 * behind. Live native objects are counted by {@link NativeRun#liveNativeObjects()} (JavaCPP's
 * count plus the tensors Cordon hands out on its own handles: one per TF_Tensor, released when the
 * tensor is closed).
 */
class BadCallTest {

  private static final float[][] PIXELS_784 = rows(2, 784);
  private static final float[][] PIXELS_4 = {{1, 0, 0, 1}, {0, 1, 1, 0}};

  private static float[][] rows(int n, int width) {
    return new float[n][width];
  }

  /**
   * Runs {@code call} 5 times: each time it must throw {@code type} with {@code message}; and no
   * native object may stay alive (a leak on the failure path would add one per call).
   */
  static <E extends RuntimeException> void refused(Class<E> type, String message, Executable call) {
    E first = assertThrows(type, call);
    assertEquals(message, first.getMessage());
    long before = NativeRun.liveNativeObjects();
    for (int i = 0; i < 5; i++) {
      assertThrows(type, call);
    }
    long leaked = NativeRun.liveNativeObjects() - before;
    assertTrue(leaked <= 0, leaked + " native object(s) left alive by 5 refused calls: " + message);
  }

  @Test
  void theLeakCounterSeesALeakedTensor() {
    long before = NativeRun.liveNativeObjects();
    TFloat32 t = TensorArrays.of(new float[] {1}); // on Cordon's handle
    TFloat32 u = TFloat32.tensorOf(Shape.of(1)); // on JavaCPP's
    assertEquals(2, NativeRun.liveNativeObjects() - before);
    t.close();
    u.close();
    assertEquals(0, NativeRun.liveNativeObjects() - before);
  }

  // ---- a model -------------------------------------------------------------------------------

  @Test
  void model() {
    try (CordonDigitClassifier m = CordonDigitClassifier.builder().build();
        TFloat32 pixels = TensorArrays.of(PIXELS_784);
        TFloat32 narrow = TFloat32.tensorOf(Shape.of(2, 783));
        TFloat32 rank1 = TFloat32.tensorOf(Shape.of(784));
        TInt32 ints = TInt32.tensorOf(Shape.of(2, 784))) {
      ModelEngine engine = Engines.of(m);
      String expected = "expected TFloat32 of shape [-1, 784]";
      // null tensor, null array
      refused(IllegalArgumentException.class, "DigitClassifier.logits: input 'pixels' is null; " + expected,
          () -> m.logits((TFloat32) null));
      refused(IllegalArgumentException.class, "DigitClassifier.logits: input 'pixels' is null; " + expected,
          () -> m.logits((float[][]) null));
      refused(IllegalArgumentException.class, "DigitClassifier.trainStep: input 'digit' is null; expected TInt32 of shape [-1]",
          () -> m.trainStep(PIXELS_784, null));
      // ragged array, null row
      float[][] ragged = {new float[784], new float[784], new float[784], new float[783]};
      refused(IllegalArgumentException.class,
          "DigitClassifier.logits: pixels[3] has 783 values, expected 784 (input 'pixels' is TFloat32 of shape [-1, 784])",
          () -> m.logits(ragged));
      refused(IllegalArgumentException.class,
          "DigitClassifier.digitGuess: pixels[2] is null (input 'pixels' is TFloat32 of shape [-1, 784])",
          () -> m.digitGuess(new float[][] {new float[784], new float[784], null}));
      // wrong dtype (only through the engine: the typed methods take TFloat32)
      refused(IllegalArgumentException.class,
          "DigitClassifier.logits: input 'pixels' expects TFloat32 of shape [-1, 784], got TInt32 of shape [2, 784]",
          () -> engine.predict("logits", TFloat32.class, ints));
      // wrong rank, wrong static dimension
      refused(IllegalArgumentException.class,
          "DigitClassifier.logits: input 'pixels' expects TFloat32 of shape [-1, 784], got TFloat32 of shape [784]",
          () -> m.logits(rank1));
      refused(IllegalArgumentException.class,
          "DigitClassifier.logits: input 'pixels' expects TFloat32 of shape [-1, 784], got TFloat32 of shape [2, 783]",
          () -> m.logits(narrow));
      // unknown and null names
      refused(IllegalArgumentException.class,
          "DigitClassifier.logit: DigitClassifier has no output 'logit'; it has [logits, digitGuess]",
          () -> engine.predict("logit", TFloat32.class, pixels));
      refused(IllegalArgumentException.class,
          "DigitClassifier.predict: the output name is null; DigitClassifier has [logits, digitGuess]",
          () -> engine.predict(null, TFloat32.class, pixels));
      refused(IllegalArgumentException.class,
          "DigitClassifier.variables().read: DigitClassifier has no variable 'kernels'; it has [kernel, bias]",
          () -> m.variables().read("kernels"));
      refused(IllegalArgumentException.class,
          "DigitClassifier.variables().shape: the variable name is null; DigitClassifier has [kernel, bias]",
          () -> m.variables().shape(null));
      try (OutputTensors all = engine.run(pixels)) {
        refused(IllegalArgumentException.class,
            "DigitClassifier.run: DigitClassifier has no output 'guess'; it has [logits, digitGuess]",
            () -> all.get("guess", TInt32.class));
        // wrong requested type on a holder: refused, and the holder still owns (and frees) the tensor
        refused(IllegalArgumentException.class, "DigitClassifier.run: output 'digitGuess' is TInt32, not TFloat32",
            () -> all.get("digitGuess", TFloat32.class));
      }
      // wrong requested type: refused before the run, so no result tensor is ever created
      refused(IllegalArgumentException.class, "DigitClassifier.digitGuess: output 'digitGuess' is TInt32, not TFloat32",
          () -> engine.predict("digitGuess", TFloat32.class, pixels));
      refused(IllegalArgumentException.class,
          "DigitClassifier.digitGuess: the requested result type is null; output 'digitGuess' is TInt32",
          () -> engine.predict("digitGuess", null, pixels));
      // wrong argument count (through the engine)
      refused(IllegalArgumentException.class, "DigitClassifier.trainStep takes 2 input(s) [pixels, digit], got 1",
          () -> engine.trainStep(pixels));
      // null path, null optimizer
      refused(IllegalArgumentException.class, "DigitClassifier.save: dir is null", () -> m.save(null));
      refused(IllegalArgumentException.class, "DigitClassifier.builder().optimizer: optimizer is null",
          () -> CordonDigitClassifier.builder().optimizer(null));
      // closed tensor
      TFloat32 closed = TensorArrays.of(PIXELS_784);
      closed.close();
      refused(IllegalArgumentException.class, "DigitClassifier.logits: input 'pixels' is a closed tensor; " + expected,
          () -> m.logits(closed));
      refused(IllegalArgumentException.class, "TensorArrays.floats2d: the tensor is closed",
          () -> TensorArrays.floats2d(closed));
    }
    // closed model: IllegalStateException, before any tensor is made from the array
    CordonDigitClassifier m = CordonDigitClassifier.builder().build();
    m.close();
    refused(IllegalStateException.class, "cannot call DigitClassifier.logits: the model is closed",
        () -> m.logits(PIXELS_784));
    refused(IllegalStateException.class, "cannot call DigitClassifier.trainStep: the model is closed",
        () -> m.trainStep(PIXELS_784, new int[] {1, 2}));
    refused(IllegalStateException.class, "cannot call DigitClassifier.save: the model is closed",
        () -> m.save(Path.of("unused")));
  }

  @Test
  void tensorArraysNameTheRow() {
    refused(IllegalArgumentException.class, "TensorArrays.of: values[1] has 1 values, expected 2 like values[0]",
        () -> TensorArrays.of(new float[][] {{1, 2}, {3}}));
    refused(IllegalArgumentException.class, "TensorArrays.of: values[0][1] is null",
        () -> TensorArrays.of(new int[][][] {{{1}, null}}));
    refused(IllegalArgumentException.class, "TensorArrays.of: values is null", () -> TensorArrays.of((long[]) null));
    try (TFloat32 rank1 = TensorArrays.of(new float[] {1})) {
      refused(IllegalArgumentException.class, "TensorArrays.floats2d: the tensor has shape [1], not rank 2",
          () -> TensorArrays.floats2d(rank1));
    }
  }

  // ---- a composition -------------------------------------------------------------------------

  @Test
  void composition() {
    try (CordonSearchPipeline p = CordonSearchPipeline.builder().build();
        TFloat32 pixels = TensorArrays.of(PIXELS_4);
        TFloat32 wide = TFloat32.tensorOf(Shape.of(2, 5));
        TFloat32 rank3 = TFloat32.tensorOf(Shape.of(2, 4, 1));
        TInt32 ints = TInt32.tensorOf(Shape.of(2, 4))) {
      CompositionEngine engine = Engines.of(p);
      String expected = "expected TFloat32 of shape [-1, 4]";
      refused(IllegalArgumentException.class, "SearchPipeline.rankerScore: input 'encoderPixels' is null; " + expected,
          () -> p.rankerScore((TFloat32) null));
      refused(IllegalArgumentException.class, "SearchPipeline.rankerScore: input 'encoderPixels' is null; " + expected,
          () -> p.rankerScore((float[][]) null));
      refused(IllegalArgumentException.class,
          "SearchPipeline.trainStep: input 'relevance' is null; expected TFloat32 of shape [-1, 1]",
          () -> p.trainStep(PIXELS_4, null));
      refused(IllegalArgumentException.class,
          "SearchPipeline.auditScore: encoderPixels[1] has 3 values, expected 4 (input 'encoderPixels' is TFloat32 of shape [-1, 4])",
          () -> p.auditScore(new float[][] {{1, 2, 3, 4}, {1, 2, 3}}));
      refused(IllegalArgumentException.class,
          "SearchPipeline.trainStep: relevance[0] is null (input 'relevance' is TFloat32 of shape [-1, 1])",
          () -> p.trainStep(PIXELS_4, new float[][] {null, {1}}));
      refused(IllegalArgumentException.class,
          "SearchPipeline.trainStep: relevance[1] has 2 values, expected 1 (input 'relevance' is TFloat32 of shape [-1, 1])",
          () -> p.trainStep(PIXELS_4, new float[][] {{1}, {1, 2}}));
      refused(IllegalArgumentException.class,
          "SearchPipeline.rankerScore: input 'encoderPixels' expects TFloat32 of shape [-1, 4], got TInt32 of shape [2, 4]",
          () -> engine.predict("rankerScore", TFloat32.class, ints));
      refused(IllegalArgumentException.class,
          "SearchPipeline.encoderEmbedding: input 'encoderPixels' expects TFloat32 of shape [-1, 4], got TFloat32 of shape [2, 5]",
          () -> p.encoderEmbedding(wide));
      refused(IllegalArgumentException.class,
          "SearchPipeline.run: input 'encoderPixels' expects TFloat32 of shape [-1, 4], got TFloat32 of shape [2, 4, 1]",
          () -> p.run(rank3));
      refused(IllegalArgumentException.class,
          "SearchPipeline.rankerscore: SearchPipeline has no output 'rankerscore'; it has [encoderEmbedding, rankerScore, auditScore]",
          () -> engine.predict("rankerscore", TFloat32.class, pixels));
      refused(IllegalArgumentException.class,
          "SearchPipeline.predict: the output name is null; SearchPipeline has [encoderEmbedding, rankerScore, auditScore]",
          () -> engine.predict(null, TFloat32.class, pixels));
      refused(IllegalArgumentException.class,
          "SearchPipeline.inputsOf: the output name is null; SearchPipeline has [encoderEmbedding, rankerScore, auditScore]",
          () -> engine.inputsOf(null));
      refused(IllegalArgumentException.class, "SearchPipeline.auditScore: output 'auditScore' is TFloat32, not TInt32",
          () -> engine.predict("auditScore", TInt32.class, pixels));
      try (OutputTensors all = engine.run(pixels)) {
        refused(IllegalArgumentException.class, "SearchPipeline.run: output 'rankerScore' is TFloat32, not TInt32",
            () -> all.get("rankerScore", TInt32.class));
        refused(IllegalArgumentException.class,
            "SearchPipeline.run: the output name is null; SearchPipeline has [encoderEmbedding, rankerScore, auditScore]",
            () -> all.get(null, TFloat32.class));
      }
      TFloat32 closed = TensorArrays.of(PIXELS_4);
      closed.close();
      refused(IllegalArgumentException.class,
          "SearchPipeline.auditScore: input 'encoderPixels' is a closed tensor; " + expected,
          () -> p.auditScore(closed));
      refused(IllegalArgumentException.class, "SearchPipeline.builder().optimizer: optimizer is null",
          () -> CordonSearchPipeline.builder().optimizer(null));
    }
    CordonSearchPipeline p = CordonSearchPipeline.builder().build();
    p.close();
    refused(IllegalStateException.class, "cannot call SearchPipeline.auditScore: the composition is closed",
        () -> p.auditScore(PIXELS_4));
    refused(IllegalStateException.class, "cannot call SearchPipeline.trainStep: the composition is closed",
        () -> p.trainStep(PIXELS_4, new float[][] {{1}, {0}}));
    refused(IllegalStateException.class, "cannot call SearchPipeline.audit: the composition is closed",
        () -> p.inspect().audit());
  }

  // ---- SavedModels ---------------------------------------------------------------------------

  @Test
  void generatedSavedModel() {
    try (CordonHalfPlusTwo two = CordonHalfPlusTwo.builder().build();
        TFloat32 wide = TFloat32.tensorOf(Shape.of(2, 2));
        TInt32 ints = TInt32.tensorOf(Shape.of(2, 1))) {
      ModelEngine engine = Engines.of(two);
      String expected = "expected TFloat32 of shape [-1, 1]";
      refused(IllegalArgumentException.class, "HalfPlusTwo.y: input 'x' is null; " + expected, () -> two.y((TFloat32) null));
      refused(IllegalArgumentException.class, "HalfPlusTwo.y: input 'x' is null; " + expected, () -> two.y((float[][]) null));
      refused(IllegalArgumentException.class,
          "HalfPlusTwo.y: x[1] has 2 values, expected 1 (input 'x' is TFloat32 of shape [-1, 1])",
          () -> two.y(new float[][] {{1}, {2, 3}}));
      refused(IllegalArgumentException.class, "HalfPlusTwo.y: x[0] is null (input 'x' is TFloat32 of shape [-1, 1])",
          () -> two.y(new float[][] {null}));
      refused(IllegalArgumentException.class,
          "HalfPlusTwo.y: input 'x' expects TFloat32 of shape [-1, 1], got TInt32 of shape [2, 1]",
          () -> engine.predict("y", TFloat32.class, ints));
      refused(IllegalArgumentException.class,
          "HalfPlusTwo.y: input 'x' expects TFloat32 of shape [-1, 1], got TFloat32 of shape [2, 2]", () -> two.y(wide));
      refused(IllegalArgumentException.class, "HalfPlusTwo.z: HalfPlusTwo has no output 'z'; it has [y]",
          () -> engine.predict("z", TFloat32.class, wide));
      refused(IllegalArgumentException.class, "HalfPlusTwo.predict: the output name is null; HalfPlusTwo has [y]",
          () -> engine.predict(null, TFloat32.class, wide));
      refused(IllegalArgumentException.class, "half_plus_two_tf1.importAlone: the scope must not be empty",
          () -> SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importAlone(null));
      refused(IllegalArgumentException.class, "HalfPlusTwo.y: output 'y' is TFloat32, not TInt32",
          () -> engine.predict("y", TInt32.class, wide));
      TFloat32 closed = TensorArrays.of(new float[][] {{1}});
      closed.close();
      refused(IllegalArgumentException.class, "HalfPlusTwo.y: input 'x' is a closed tensor; " + expected,
          () -> two.y(closed));
    }
    CordonHalfPlusTwo two = CordonHalfPlusTwo.builder().build();
    two.close();
    refused(IllegalStateException.class, "cannot call HalfPlusTwo.y: the model is closed", () -> two.y(new float[][] {{1}}));
  }

  @Test
  void savedModelImportedByHand() {
    ImportedSavedModel h2 = SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importAlone("h2");
    try (h2;
        TFloat32 x = TensorArrays.of(new float[][] {{1}});
        TFloat32 wide = TFloat32.tensorOf(Shape.of(2, 2));
        TFloat32 rank1 = TFloat32.tensorOf(Shape.of(2));
        TInt32 ints = TInt32.tensorOf(Shape.of(2, 1))) {
      String call = "half_plus_two_tf1.serving_default";
      refused(IllegalArgumentException.class, call + " takes inputs [x], got null", () -> h2.run("serving_default", null));
      Map<String, Tensor> nullValue = new HashMap<>();
      nullValue.put("x", null);
      refused(IllegalArgumentException.class,
          call + ": input 'x' is missing or null; expected DT_FLOAT of shape [-1, 1]", () -> h2.run("serving_default", nullValue));
      Map<String, Tensor> nullKey = new HashMap<>();
      nullKey.put(null, x);
      refused(IllegalArgumentException.class, call + ": an input key is null; its inputs are [x]",
          () -> h2.run("serving_default", nullKey));
      refused(IllegalArgumentException.class,
          call + ": input 'x' expects DT_FLOAT of shape [-1, 1], got DT_INT32 of shape [2, 1]",
          () -> h2.run("serving_default", Map.of("x", ints)));
      refused(IllegalArgumentException.class,
          call + ": input 'x' expects DT_FLOAT of shape [-1, 1], got DT_FLOAT of shape [2]",
          () -> h2.run("serving_default", Map.of("x", rank1)));
      refused(IllegalArgumentException.class,
          call + ": input 'x' expects DT_FLOAT of shape [-1, 1], got DT_FLOAT of shape [2, 2]",
          () -> h2.run("serving_default", Map.of("x", wide)));
      refused(IllegalArgumentException.class, call + " has no input 'y'; its inputs are [x]",
          () -> h2.run("serving_default", Map.of("x", x, "y", x)));
      refused(IllegalArgumentException.class,
          "half_plus_two_tf1.run: the signature name is null; half_plus_two_tf1 has " + h2.signatures().keySet(),
          () -> h2.run(null, Map.of("x", x)));
      refused(IllegalArgumentException.class,
          "half_plus_two_tf1.run: half_plus_two_tf1 has no signature 'serving'; it has " + h2.signatures().keySet(),
          () -> h2.run("serving", Map.of("x", x)));
      try (SignatureOutputs out = h2.run("serving_default", Map.of("x", x))) {
        refused(IllegalArgumentException.class, call + ".get: output 'y' is a DT_FLOAT tensor, not a TInt32",
            () -> out.get("y", TInt32.class));
        refused(IllegalArgumentException.class, call + ".get: the requested type of output 'y' is null",
            () -> out.get("y", null));
        refused(IllegalArgumentException.class, call + ".get: the output name is null; " + call + " has [y]",
            () -> out.get(null, TFloat32.class));
      }
      TFloat32 closed = TensorArrays.of(new float[][] {{1}});
      closed.close();
      refused(IllegalArgumentException.class,
          call + ": input 'x' is a closed tensor; expected DT_FLOAT of shape [-1, 1]",
          () -> h2.run("serving_default", Map.of("x", closed)));
      refused(IllegalArgumentException.class, "SavedModelImport.from: dir is null", () -> SavedModelImport.from(null));
      refused(IllegalArgumentException.class, "half_plus_two_tf1.importInto: graph is null",
          () -> SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importInto(null, "h"));
      SharedGraph gone = SharedGraph.create();
      gone.close();
      refused(IllegalArgumentException.class, "half_plus_two_tf1.importInto: the SharedGraph is closed",
          () -> SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importInto(gone, "h"));
      refused(IllegalArgumentException.class, "HalfPlusTwo.builder().graph: the SharedGraph is closed",
          () -> CordonHalfPlusTwo.builder().graph(gone));
    }
    refused(IllegalStateException.class, "cannot call half_plus_two_tf1.run: the import is closed",
        () -> h2.run("serving_default", Map.of()));
  }
}
