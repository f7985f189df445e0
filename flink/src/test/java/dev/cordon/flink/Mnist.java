package dev.cordon.flink;

import dev.cordon.runtime.train.Optimizer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The 1,000 vendored test digits, and models trained on them. */
final class Mnist {
  static final int SIZE = 1000;
  private static volatile Digit[] digits;

  private Mnist() {}

  static Digit digit(long index) {
    return all()[(int) (index % SIZE)];
  }

  /** Digit {@code index % 1000} under the id {@code index}. */
  static Digit withId(long index) {
    Digit d = digit(index);
    return new Digit((int) index, d.pixels, d.label);
  }

  static Digit[] all() {
    Digit[] all = digits;
    if (all == null) {
      synchronized (Mnist.class) {
        if (digits == null) {
          digits = read();
        }
        all = digits;
      }
    }
    return all;
  }

  private static Digit[] read() {
    try (DataInputStream images = open("mnist/images-idx3-ubyte.gz");
        DataInputStream labels = open("mnist/labels-idx1-ubyte.gz")) {
      images.readInt();
      int n = images.readInt();
      images.readInt();
      images.readInt();
      labels.readInt();
      labels.readInt();
      Digit[] all = new Digit[n];
      byte[] raw = new byte[784];
      for (int i = 0; i < n; i++) {
        images.readFully(raw);
        float[] pixels = new float[784];
        for (int p = 0; p < 784; p++) {
          pixels[p] = (raw[p] & 0xff) / 255f;
        }
        all[i] = new Digit(i, pixels, labels.readUnsignedByte());
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream open(String resource) throws IOException {
    InputStream in = Mnist.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException(resource + " not on the class path");
    }
    return new DataInputStream(new GZIPInputStream(in));
  }

  /** Trains a model (deterministically) for {@code steps} full-batch steps and saves it to {@code dir}. */
  static Path trainAndSave(long seed, int steps, Path dir) {
    Digit[] all = all();
    float[][] x = new float[all.length][];
    int[] y = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      x[i] = all[i].pixels;
      y[i] = all[i].label;
    }
    try (CordonLinearDigits model =
        CordonLinearDigits.builder().seed(seed).optimizer(Optimizer.sgd(0.5f)).build()) {
      for (int s = 0; s < steps; s++) {
        model.trainStep(x, y);
      }
      model.save(dir);
    }
    return dir;
  }

  /** What a model restored from {@code checkpoint} predicts for every digit, computed locally. */
  static float[][] localLogits(Path checkpoint) {
    Digit[] all = all();
    float[][] x = new float[all.length][];
    for (int i = 0; i < all.length; i++) {
      x[i] = all[i].pixels;
    }
    try (CordonLinearDigits model = CordonLinearDigits.builder().build()) {
      model.restore(checkpoint);
      return model.logits(x);
    }
  }
}
