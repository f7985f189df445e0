package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.samples.MnistData.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MnistDataTest {

  private static MnistData data;

  @BeforeAll
  static void load() {
    data = MnistData.load();
  }

  @Test
  void splitsTenThousandDigitsIntoEightThousandAndTwoThousand() {
    assertEquals(10_000, data.all().size());
    assertEquals(8_000, data.train().size());
    assertEquals(2_000, data.test().size());
    assertSame(data.all().pixels()[0], data.train().pixels()[0]);
    assertSame(data.all().pixels()[8_000], data.test().pixels()[0]);
    assertEquals(data.all().labels()[9_999], data.test().labels()[1_999]);
  }

  @Test
  void classCountsMatchTheReadme() {
    int[] expected = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
    assertArrayEquals(expected, data.all().classCounts());
    int[] train = data.train().classCounts();
    int[] test = data.test().classCounts();
    for (int d = 0; d < 10; d++) {
      assertEquals(expected[d], train[d] + test[d]);
      assertTrue(test[d] > 100, "every digit is in the test set, " + d + ": " + test[d]);
    }
  }

  @Test
  void pixelsAreScaledToUnitInterval() {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float[] image : data.all().pixels()) {
      assertEquals(784, image.length);
      for (float p : image) {
        min = Math.min(min, p);
        max = Math.max(max, p);
      }
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  @Test
  void shufflingDependsOnlyOnTheSeedAndKeepsPairs() {
    Dataset train = data.train();
    Dataset a = train.shuffled(7);
    Dataset b = train.shuffled(7);
    Dataset c = train.shuffled(8);
    assertArrayEquals(a.labels(), b.labels());
    assertNotEquals(Arrays.toString(a.labels()), Arrays.toString(c.labels()));
    assertArrayEquals(train.classCounts(), a.classCounts());
    // Each image keeps its label.
    for (int i = 0; i < 50; i++) {
      int original = indexOf(train.pixels(), a.pixels()[i]);
      assertEquals(train.labels()[original], a.labels()[i]);
    }
    // The original is untouched.
    assertSame(data.all().pixels()[0], train.pixels()[0]);
  }

  @Test
  void batchesCoverTheDatasetInOrder() {
    List<Dataset> batches = data.test().batches(64);
    assertEquals(32, batches.size()); // 31 × 64 + 16
    assertEquals(64, batches.get(0).size());
    assertEquals(16, batches.get(31).size());
    assertSame(data.test().pixels()[64], batches.get(1).pixels()[0]);
    assertEquals(2_000, batches.stream().mapToInt(Dataset::size).sum());
    assertThrows(IllegalArgumentException.class, () -> data.test().batches(0));
  }

  @Test
  void rejectsWrongMagicNumbers() throws IOException {
    IOException e = assertThrows(IOException.class,
        () -> MnistData.read(gzip(labels(0x0801, 1)), gzip(labels(0x0801, 1))));
    assertTrue(
        e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());
    e = assertThrows(IOException.class,
        () -> MnistData.read(gzip(images(0x0803, 1, 28)), gzip(images(0x0803, 1, 28))));
    assertTrue(e.getMessage().contains("not an IDX1 label file"), e.getMessage());
  }

  @Test
  void rejectsMismatchedCountsSizesAndTruncation() throws IOException {
    IOException e = assertThrows(IOException.class,
        () -> MnistData.read(gzip(images(0x0803, 2, 28)), gzip(labels(0x0801, 3))));
    assertTrue(e.getMessage().contains("2 images but the label file 3 labels"), e.getMessage());
    e = assertThrows(IOException.class,
        () -> MnistData.read(gzip(images(0x0803, 1, 27)), gzip(labels(0x0801, 1))));
    assertTrue(e.getMessage().contains("expected 28 x 28 images"), e.getMessage());
    byte[] full = images(0x0803, 2, 28);
    e = assertThrows(IOException.class,
        () -> MnistData.read(gzip(Arrays.copyOf(full, full.length - 1)), gzip(labels(0x0801, 2))));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    e = assertThrows(IOException.class,
        () -> MnistData.read(new ByteArrayInputStream(full), gzip(labels(0x0801, 2))));
    assertTrue(e.getMessage().contains("not a gzip file"), e.getMessage());
  }

  @Test
  void readsAWellFormedFile() throws IOException {
    MnistData tiny = MnistData.read(gzip(images(0x0803, 3, 28)), gzip(labels(0x0801, 3)));
    assertEquals(3, tiny.all().size());
    assertArrayEquals(new int[] {0, 1, 2}, tiny.all().labels());
    assertEquals(1f, tiny.all().pixels()[2][0]);
  }

  private static int indexOf(float[][] rows, float[] row) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == row) {
        return i;
      }
    }
    throw new AssertionError("row not found");
  }

  private static byte[] labels(int magic, int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeByte(i % 10);
    }
    return bytes.toByteArray();
  }

  /** Image i is all zeros except its first pixel, 255 when i is 2. */
  private static byte[] images(int magic, int count, int side) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(side);
    out.writeInt(side);
    for (int i = 0; i < count; i++) {
      byte[] image = new byte[side * side];
      image[0] = (byte) (i == 2 ? 255 : 0);
      out.write(image);
    }
    return bytes.toByteArray();
  }

  private static ByteArrayInputStream gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }
}
