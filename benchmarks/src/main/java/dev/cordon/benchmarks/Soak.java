package dev.cordon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Resident memory over many calls: {@code predictions} batch-1 predictions of one generated model
 * (each result closed), then {@code cycles} build / call / close cycles. RSS ({@code VmRSS} of
 * {@code /proc/self/status}) is read after a warm-up and then every tenth of each phase, after
 * {@code System.gc()}; the growth of each phase is its last reading minus its first.
 *
 * <p>Run it with a fixed, pre-touched heap ({@code -Xms256m -Xmx256m -XX:+AlwaysPreTouch}, as
 * {@code soak.sh} does): with a growable heap, G1 gives heap back at each reading's {@code
 * System.gc()} and grows the young generation again between readings, and its newly touched pages
 * read as 20-30 MB of RSS growth in the first readings (Native Memory Tracking shows the JVM's own
 * native memory flat meanwhile); with the heap fixed, RSS is flat from the first reading.
 *
 * <p>Arguments: {@code [predictions] [cycles]} (default 1000000 10000).
 */
public final class Soak {

  private Soak() {}

  public static void main(String[] args) throws Exception {
    long predictions = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Random random = new Random(7);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, 784), d -> {
      for (long c = 0; c < 784; c++) {
        d.setFloat(random.nextFloat(), 0, c);
      }
    })) {
      long growth1;
      try (CordonBenchClassifier model = build()) {
        for (int i = 0; i < 10_000; i++) {
          model.logits(x).close();
        }
        long start = rss();
        System.out.printf("predictions: RSS after warm-up %d MB%n", start >> 20);
        long step = Math.max(1, predictions / 10);
        for (long i = 1; i <= predictions; i++) {
          model.logits(x).close();
          if (i % step == 0) {
            System.out.printf("  %,d predictions: RSS %d MB%n", i, rss() >> 20);
          }
        }
        growth1 = rss() - start;
      }
      for (int i = 0; i < 50; i++) {
        cycle(x);
      }
      long start = rss();
      System.out.printf("cycles: RSS after warm-up %d MB%n", start >> 20);
      int step = Math.max(1, cycles / 10);
      for (int i = 1; i <= cycles; i++) {
        cycle(x);
        if (i % step == 0) {
          System.out.printf("  %,d build/call/close cycles: RSS %d MB%n", i, rss() >> 20);
        }
      }
      long growth2 = rss() - start;
      System.out.printf("RSS growth: %.1f MB over %,d predictions, %.1f MB over %,d build/call/close cycles"
          + " (goal: < 20 MB each)%n", growth1 / 1048576.0, predictions, growth2 / 1048576.0, cycles);
    }
  }

  private static CordonBenchClassifier build() {
    return ClassifierBenchmarks.generated();
  }

  private static void cycle(TFloat32 x) {
    try (CordonBenchClassifier model = build()) {
      model.logits(x).close();
    }
  }

  /** Resident set size in bytes, after a GC. */
  static long rss() throws IOException, InterruptedException {
    System.gc();
    Thread.sleep(50);
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
