package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/**
 * Typed {@code @SavedModel} interfaces over the SavedModels Python TensorFlow 2.21 and Keras 3.15
 * write (test-fixtures/savedmodels-tf2.21, on the class path as savedmodels/tf2.21), against the
 * numbers Python computed (expected.json).
 */
class GeneratedTf221SavedModelTest {

  private static final String EXPECTED = expectedJson();

  private static String expectedJson() {
    try (InputStream in =
        GeneratedTf221SavedModelTest.class
            .getClassLoader()
            .getResourceAsStream("savedmodels/tf2.21/expected.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The numbers of the JSON value (an array, nested or not, or one number) after {@code "key": }
   * in expected.json's {@code section}.
   */
  private static List<Double> numbers(String section, String key) {
    String part = EXPECTED.substring(EXPECTED.indexOf("\"" + section + "\""));
    int start = part.indexOf("\"" + key + "\"");
    int colon = part.indexOf(':', start);
    Matcher scalar = Pattern.compile("\\s*(-?[0-9.]+)").matcher(part.substring(colon + 1));
    if (scalar.lookingAt()) {
      return List.of(Double.parseDouble(scalar.group(1)));
    }
    int open = part.indexOf('[', start);
    int depth = 0;
    int end = open;
    do {
      char c = part.charAt(end++);
      depth += c == '[' ? 1 : c == ']' ? -1 : 0;
    } while (depth > 0);
    List<Double> values = new ArrayList<>();
    Matcher m = Pattern.compile("-?[0-9.]+(e-?[0-9]+)?").matcher(part.substring(open, end));
    while (m.find()) {
      values.add(Double.parseDouble(m.group()));
    }
    return values;
  }

  private static float[][] rows(List<Double> flat, int width) {
    float[][] rows = new float[flat.size() / width][width];
    for (int i = 0; i < flat.size(); i++) {
      rows[i / width][i % width] = flat.get(i).floatValue();
    }
    return rows;
  }

  @Test
  void kerasMlpGivesKerasNumbers() {
    float[][] x = rows(numbers("keras3_mlp", "input"), 6);
    float[][] want = rows(numbers("keras3_mlp", "output"), 2);
    try (CordonKerasMlp mlp = CordonKerasMlp.builder().build()) {
      float[][] got = mlp.score(x);
      assertEquals(want.length, got.length);
      for (int i = 0; i < want.length; i++) {
        assertArrayEquals(want[i], got[i], 1e-5f, "row " + i);
      }
    }
  }

  @Test
  void textVocabTakesStringsAndReturnsLongIdsAndFloatWeights() {
    String[] tokens = {"fox", "cat", "the"};
    List<Double> ids = numbers("text_vocab", "ids");
    List<Double> weights = numbers("text_vocab", "weight");
    try (CordonTextVocab text = CordonTextVocab.builder().build()) {
      long[] gotIds = text.ids(tokens);
      float[] gotWeights = text.weight(tokens);
      for (int i = 0; i < tokens.length; i++) {
        assertEquals(ids.get(i).longValue(), gotIds[i], tokens[i]);
        assertEquals(weights.get(i).floatValue(), gotWeights[i], 1e-6f, tokens[i]);
      }
      assertArrayEquals(new long[] {3, -1, 0}, gotIds);
    }
  }

  @Test
  void twoAccumulatorsInOneSharedGraphKeepSeparateTotals() {
    float initial = numbers("accumulator", "initial_total").get(0).floatValue();
    try (SharedGraph shared = SharedGraph.create();
        CordonAccumulatorAdd a = CordonAccumulatorAdd.builder().graph(shared).scope("acc_a").build();
        CordonAccumulatorAdd b = CordonAccumulatorAdd.builder().graph(shared).scope("acc_b").build()) {
      assertEquals(numbers("accumulator", "after_add_2_5").get(0).floatValue(), a.total(2.5f), 0f);
      assertEquals(initial + 10f, b.total(10f), 0f);
      assertEquals(3.5f + 1f, a.total(1f), 0f);
      assertEquals(initial + 10f, b.total(0f), 0f);
    }
  }

  @Test
  void aReturnedTotalNeverChangesAfterwards() {
    try (CordonAccumulatorAdd acc = CordonAccumulatorAdd.builder().build();
        TFloat32 half = TensorArrays.of(0.5f);
        TFloat32 first = acc.total(half)) {
      assertEquals(1.5f, first.getFloat(), 0f);
      for (int i = 0; i < 3; i++) {
        acc.total(1f);
      }
      try (TFloat32 zero = TensorArrays.of(0f); TFloat32 now = acc.total(zero)) {
        assertEquals(4.5f, now.getFloat(), 0f);
        now.setFloat(100f); // the caller's own copy: the variable does not see it
      }
      assertEquals(1.5f, first.getFloat(), 0f, "a total returned by add changed under the caller");
      assertEquals(4.5f, acc.total(0f), 0f, "writing into a returned total changed the variable");
    }
  }

  /** The signature without inputs gets {@code totalTensor()} and {@code totalValue()}. */
  @Test
  void aSignatureWithoutInputsHasTypedMethods() {
    float initial = numbers("accumulator", "initial_total").get(0).floatValue();
    try (SharedGraph shared = SharedGraph.create();
        CordonAccumulatorRead first = CordonAccumulatorRead.builder().graph(shared).scope("r1").build();
        CordonAccumulatorRead second = CordonAccumulatorRead.builder().graph(shared).scope("r2").build();
        TFloat32 total = first.totalTensor()) {
      assertEquals(initial, total.getFloat(), 0f);
      assertEquals(initial, first.totalValue(), 0f);
      assertEquals(initial, second.totalValue(), 0f);
      try (CordonAccumulatorRead.Outputs all = second.run()) {
        assertEquals(initial, all.total().getFloat(), 0f);
      }
    }
  }
}
