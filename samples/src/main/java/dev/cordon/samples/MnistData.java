package dev.cordon.samples;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The 10,000 MNIST digits vendored in {@code src/main/resources/dev/cordon/samples/mnist/}: the
 * first 8,000 for training, the last 2,000 for testing. Pixels are scaled from 0..255 to [0, 1]
 * and flattened row by row into 784 floats; labels are the digits 0 to 9.
 */
public final class MnistData {

  /** Rows and columns of an image. */
  public static final int SIDE = 28;
  /** Pixels of an image: 28 × 28. */
  public static final int PIXELS = SIDE * SIDE;
  /** The digits 0 to 9. */
  public static final int CLASSES = 10;
  /** Images in the vendored files. */
  public static final int SIZE = 10_000;
  /** The first 8,000 images train; the last 2,000 test. */
  public static final int TRAIN_SIZE = 8_000;

  static final String IMAGES = "mnist/images-idx3-ubyte.gz";
  static final String LABELS = "mnist/labels-idx1-ubyte.gz";
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private final Dataset all;

  private MnistData(Dataset all) {
    this.all = all;
  }

  /** Reads the vendored files from the class path. */
  public static MnistData load() {
    try (InputStream images = open(IMAGES);
        InputStream labels = open(LABELS)) {
      MnistData data = read(images, labels);
      if (data.all.size() != SIZE) {
        throw new IOException(
            "expected " + SIZE + " digits in " + IMAGES + ", found " + data.all.size());
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MNIST digits: " + e.getMessage(), e);
    }
  }

  /**
   * Reads gzipped IDX files: images (IDX3, 28 × 28 unsigned bytes each) and their labels (IDX1).
   * Checks the magic numbers, the image size, that both files hold the same number of items,
   * that every label is a digit and that neither file is truncated.
   */
  static MnistData read(InputStream gzippedImages, InputStream gzippedLabels) throws IOException {
    int[] labels = readLabels(gunzip(gzippedLabels, LABELS));
    float[][] pixels = readImages(gunzip(gzippedImages, IMAGES), labels.length);
    return new MnistData(new Dataset(pixels, labels));
  }

  /** All 10,000 digits. */
  public Dataset all() {
    return all;
  }

  /** The first 8,000 digits. */
  public Dataset train() {
    return all.slice(0, TRAIN_SIZE);
  }

  /** The last 2,000 digits. */
  public Dataset test() {
    return all.slice(TRAIN_SIZE, all.size());
  }

  /**
   * Images and their labels. {@code pixels()[i]} is image {@code i} (784 floats in [0, 1], row by
   * row) and {@code labels()[i]} its digit. Datasets made from one another share their rows, so
   * treat the arrays as read-only.
   */
  public record Dataset(float[][] pixels, int[] labels) {

    public Dataset {
      if (pixels.length != labels.length) {
        throw new IllegalArgumentException(
            pixels.length + " images but " + labels.length + " labels");
      }
    }

    public int size() {
      return labels.length;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset slice(int from, int to) {
      return new Dataset(
          Arrays.copyOfRange(pixels, from, to), Arrays.copyOfRange(labels, from, to));
    }

    /** The same digits in an order that depends only on {@code seed} (a Fisher–Yates shuffle). */
    public Dataset shuffled(long seed) {
      Random random = new Random(seed);
      float[][] p = pixels.clone();
      int[] l = labels.clone();
      for (int i = p.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        float[] pi = p[i];
        p[i] = p[j];
        p[j] = pi;
        int li = l[i];
        l[i] = l[j];
        l[j] = li;
      }
      return new Dataset(p, l);
    }

    /** Consecutive mini-batches of {@code batchSize} digits; the last one may be smaller. */
    public List<Dataset> batches(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
      }
      List<Dataset> batches = new ArrayList<>();
      for (int from = 0; from < size(); from += batchSize) {
        batches.add(slice(from, Math.min(from + batchSize, size())));
      }
      return batches;
    }

    /** How many digits of each class: {@code classCounts()[d]} is the number of d's. */
    public int[] classCounts() {
      int[] counts = new int[CLASSES];
      for (int label : labels) {
        counts[label]++;
      }
      return counts;
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = MnistData.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException(
          "resource " + resource + " not found next to " + MnistData.class.getName()
              + " on the class path");
    }
    return in;
  }

  private static DataInputStream gunzip(InputStream gzipped, String what) throws IOException {
    try {
      return new DataInputStream(new BufferedInputStream(new GZIPInputStream(gzipped, 1 << 16)));
    } catch (IOException e) {
      throw new IOException(what + " is not a gzip file: " + e.getMessage(), e);
    }
  }

  private static int[] readLabels(DataInputStream in) throws IOException {
    checkMagic(in, LABELS_MAGIC, "IDX1 label");
    int count = readCount(in, "label");
    byte[] bytes = readFully(in, count, "labels");
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[i] & 0xff;
      if (labels[i] >= CLASSES) {
        throw new IOException("label " + i + " is " + labels[i] + ", not a digit 0..9");
      }
    }
    return labels;
  }

  private static float[][] readImages(DataInputStream in, int expectedCount) throws IOException {
    checkMagic(in, IMAGES_MAGIC, "IDX3 image");
    int count = readCount(in, "image");
    if (count != expectedCount) {
      throw new IOException("the image file holds " + count + " images but the label file "
          + expectedCount + " labels");
    }
    int rows = in.readInt();
    int cols = in.readInt();
    if (rows != SIDE || cols != SIDE) {
      throw new IOException(
          "expected " + SIDE + " x " + SIDE + " images, found " + rows + " x " + cols);
    }
    byte[] bytes = readFully(in, count * PIXELS, "pixels");
    float[][] pixels = new float[count][PIXELS];
    for (int i = 0; i < count; i++) {
      float[] image = pixels[i];
      int offset = i * PIXELS;
      for (int p = 0; p < PIXELS; p++) {
        image[p] = (bytes[offset + p] & 0xff) / 255f;
      }
    }
    return pixels;
  }

  private static void checkMagic(DataInputStream in, int expected, String kind) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IOException("empty " + kind + " file", e);
    }
    if (magic != expected) {
      throw new IOException(String.format(
          "not an %s file: magic number 0x%08X, expected 0x%08X", kind, magic, expected));
    }
  }

  private static int readCount(DataInputStream in, String kind) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > 1_000_000) {
      throw new IOException("implausible " + kind + " count " + count);
    }
    return count;
  }

  private static byte[] readFully(DataInputStream in, int length, String what) throws IOException {
    byte[] bytes = new byte[length];
    try {
      in.readFully(bytes);
    } catch (EOFException e) {
      throw new IOException("truncated file: expected " + length + " bytes of " + what, e);
    }
    return bytes;
  }
}
