package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * The SavedModels that Python TensorFlow 2.21 and Keras 3.15 write (test-fixtures/savedmodels-tf2.21,
 * on the class path as savedmodels/tf2.21), through the by-hand API, against the numbers Python
 * computed (expected.json).
 */
class SavedModelTf221Test {

  static final String ROOT = "savedmodels/tf2.21/";
  static final Object EXPECTED = expected();

  @TempDir Path tmp;

  static Object expected() {
    try (InputStream in = SavedModelTf221Test.class.getClassLoader().getResourceAsStream(ROOT + "expected.json")) {
      return Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static float[][] matrix(Object json) {
    List<List<Double>> rows = (List<List<Double>>) json;
    float[][] m = new float[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new float[rows.get(i).size()];
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = rows.get(i).get(j).floatValue();
      }
    }
    return m;
  }

  static Path fixture(String name) {
    try {
      return Path.of(SavedModelTf221Test.class.getClassLoader().getResource(ROOT + name + "/saved_model.pb").toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void keras3MlpGivesKerasNumbersThroughBothSignatures() {
    float[][] x = matrix(Json.at(EXPECTED, "keras3_mlp", "input"));
    float[][] want = matrix(Json.at(EXPECTED, "keras3_mlp", "output"));
    try (ImportedSavedModel m = SavedModelImport.fromResource(ROOT + "keras3_mlp").importAlone("mlp")) {
      assertArrayEquals(new long[] {-1, 6}, m.signature("serving_default").inputs().get("measurements").shape().asArray());
      for (String sig : List.of("serving_default", "serve")) {
        String out = m.signature(sig).outputs().keySet().iterator().next();
        try (TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(x));
            SignatureOutputs o = m.run(sig, Map.of("measurements", t))) {
          float[][] y = StdArrays.array2dCopyOf(o.get(out, TFloat32.class));
          for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i], y[i], 1e-5f, sig + " row " + i);
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static void assertTextVocab(ImportedSavedModel m) {
    List<String> tokens = (List<String>) Json.at(EXPECTED, "text_vocab", "input");
    List<Double> ids = (List<Double>) Json.at(EXPECTED, "text_vocab", "output", "ids");
    List<Double> weights = (List<Double>) Json.at(EXPECTED, "text_vocab", "output", "weight");
    try (TString in = TString.tensorOf(NdArrays.vectorOfObjects(tokens.toArray(new String[0])));
        SignatureOutputs o = m.run("serving_default", Map.of("tokens", in))) {
      TInt64 gotIds = o.get("ids", TInt64.class);
      TFloat32 gotWeights = o.get("weight", TFloat32.class);
      for (int i = 0; i < tokens.size(); i++) {
        assertEquals(ids.get(i).longValue(), gotIds.getLong(i), tokens.get(i));
        assertEquals(weights.get(i).floatValue(), gotWeights.getFloat(i), 1e-6f, tokens.get(i));
      }
    }
  }

  @Test
  void textVocabReadsItsVocabularyAssetIntoItsLookupTable() {
    try (ImportedSavedModel m = SavedModelImport.from(fixture("text_vocab")).importAlone("text")) {
      assertTextVocab(m);
    }
  }

  @Test
  void textVocabFromAJarOnTheClassPathCopiesItsAssetsOut() throws Exception {
    Path jar = tmp.resolve("models.jar");
    Path src = fixture("text_vocab");
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
        Stream<Path> files = Files.walk(src)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry("models/text_vocab/" + src.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel a = SavedModelImport.fromResource("models/text_vocab", loader).importInto(g, "a");
      ImportedSavedModel b = SavedModelImport.fromResource("models/text_vocab", loader).importInto(g, "b");
      assertTextVocab(a);
      assertTextVocab(b);
    }
  }

  static float total(ImportedSavedModel m) {
    try (SignatureOutputs o = m.run("serving_default", Map.of())) {
      return o.get("total", TFloat32.class).getFloat();
    }
  }

  static float add(ImportedSavedModel m, float amount) {
    try (TFloat32 t = TFloat32.scalarOf(amount); SignatureOutputs o = m.run("add", Map.of("amount", t))) {
      return o.get("total", TFloat32.class).getFloat();
    }
  }

  @Test
  void twoAccumulatorsInOneSharedGraphKeepSeparateTotals() {
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel a = SavedModelImport.fromResource(ROOT + "accumulator").importInto(g, "acc_a");
      ImportedSavedModel b = SavedModelImport.fromResource(ROOT + "accumulator").importInto(g, "acc_b");
      float initial = ((Double) Json.at(EXPECTED, "accumulator", "initial_total")).floatValue();
      assertEquals(initial, total(a), 0f);
      assertEquals(initial, total(b), 0f);
      assertEquals(((Double) Json.at(EXPECTED, "accumulator", "after_add_2_5")).floatValue(), add(a, 2.5f), 0f);
      assertEquals(3.5f, total(a), 0f);
      assertEquals(initial, total(b), 0f);
      assertEquals(11f, add(b, 10f), 0f);
      assertEquals(3.5f, total(a), 0f);
      assertEquals(11f, total(b), 0f);
      assertTrue(a.signature("serving_default").inputs().isEmpty());
    }
  }

  @Test
  void aReturnedTotalNeverChangesAfterTheNextAdd() {
    try (ImportedSavedModel m = SavedModelImport.fromResource(ROOT + "accumulator").importAlone("acc");
        SignatureOutputs read = m.run("serving_default", Map.of());
        TFloat32 half = TFloat32.scalarOf(0.5f);
        SignatureOutputs added = m.run("add", Map.of("amount", half))) {
      TFloat32 before = read.get("total", TFloat32.class);
      TFloat32 afterFirst = added.get("total", TFloat32.class);
      assertEquals(1f, before.getFloat(), 0f);
      assertEquals(1.5f, afterFirst.getFloat(), 0f);
      for (int i = 0; i < 3; i++) {
        add(m, 1f);
      }
      assertEquals(4.5f, total(m), 0f);
      assertEquals(1f, before.getFloat(), 0f, "a total read before the adds changed under the caller");
      assertEquals(1.5f, afterFirst.getFloat(), 0f, "a total returned by add changed under the caller");
      // and the caller writing into its tensor does not change the variable
      try (SignatureOutputs again = m.run("serving_default", Map.of())) {
        again.get("total", TFloat32.class).setFloat(100f);
      }
      assertEquals(4.5f, total(m), 0f, "writing into a returned total changed the variable");
    }
  }
}
