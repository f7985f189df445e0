package dev.cordon.benchmarks;

import dev.cordon.runtime.train.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Prediction latency against batch size, generated and hand-written, drawn as an SVG. For each
 * batch (1, 2, 4, ..., 256) it calls the two models alternately (which goes first alternates
 * too), {@code calls} times each after {@code calls / 4} warm-up pairs, and takes each model's
 * median. Prints a Markdown table and writes the chart.
 *
 * <p>Arguments: {@code [svg path] [calls per batch and model]} (default
 * {@code benchmarks/latency-vs-batch.svg 4000}).
 */
public final class LatencyChart {

  private LatencyChart() {}

  private static final int[] BATCHES = {1, 2, 4, 8, 16, 32, 64, 128, 256};

  public static void main(String[] args) throws IOException {
    Path svg = Path.of(args.length > 0 ? args[0] : "benchmarks/latency-vs-batch.svg");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    double[] gen = new double[BATCHES.length];
    double[] hand = new double[BATCHES.length];
    Random random = new Random(7);
    try (CordonBenchClassifier generated = CordonBenchClassifier.builder().seed(ClassifierBenchmarks.SEED)
            .optimizer(Optimizer.sgd(ClassifierBenchmarks.LEARNING_RATE)).build();
        HandWrittenClassifier handWritten =
            new HandWrittenClassifier(ClassifierBenchmarks.SEED, ClassifierBenchmarks.LEARNING_RATE)) {
      System.out.println("| batch | generated µs (median) | hand-written µs (median) | ratio |");
      System.out.println("| --- | --- | --- | --- |");
      for (int b = 0; b < BATCHES.length; b++) {
        int batch = BATCHES[b];
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(batch, 784), d -> {
          for (long r = 0; r < batch; r++) {
            for (long c = 0; c < 784; c++) {
              d.setFloat(random.nextFloat(), r, c);
            }
          }
        })) {
          long[] g = new long[calls];
          long[] h = new long[calls];
          for (int i = -calls / 4; i < calls; i++) {
            boolean genFirst = (i & 1) == 0;
            long t0 = System.nanoTime();
            if (genFirst) {
              generated.logits(x).close();
            } else {
              handWritten.logits(x).close();
            }
            long t1 = System.nanoTime();
            if (genFirst) {
              handWritten.logits(x).close();
            } else {
              generated.logits(x).close();
            }
            long t2 = System.nanoTime();
            if (i >= 0) {
              g[i] = genFirst ? t1 - t0 : t2 - t1;
              h[i] = genFirst ? t2 - t1 : t1 - t0;
            }
          }
          gen[b] = median(g) / 1000.0;
          hand[b] = median(h) / 1000.0;
          System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.3f |%n", batch, gen[b], hand[b], gen[b] / hand[b]);
        }
      }
    }
    Files.writeString(svg, draw(gen, hand, calls));
    System.out.println("wrote " + svg.toAbsolutePath());
  }

  private static double median(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  /** A log2(batch) x linear(µs) line chart of both series. */
  static String draw(double[] gen, double[] hand, int calls) {
    int w = 640;
    int h = 400;
    int left = 70;
    int right = 20;
    int top = 40;
    int bottom = 60;
    double max = 0;
    for (int i = 0; i < gen.length; i++) {
      max = Math.max(max, Math.max(gen[i], hand[i]));
    }
    double yMax = niceCeil(max);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        w, h));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
    s.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"22\" font-size=\"14\">Prediction latency by batch size (median of %d calls, [n,784] 784-128-10 MLP)</text>%n",
        left, calls));
    double plotW = w - left - right;
    double plotH = h - top - bottom;
    for (int t = 0; t <= 5; t++) {
      double v = yMax * t / 5;
      double y = top + plotH - plotH * t / 5;
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n",
          left, y, w - right, y, left - 6, y + 4, v));
    }
    for (int i = 0; i < BATCHES.length; i++) {
      double x = left + plotW * i / (BATCHES.length - 1);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
          x, h - bottom + 18, BATCHES[i]));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">batch size</text>%n",
        left + plotW / 2, h - 18));
    s.append(String.format(Locale.ROOT,
        "<text transform=\"translate(18,%.1f) rotate(-90)\" text-anchor=\"middle\">µs per call</text>%n",
        top + plotH / 2));
    series(s, gen, "#1f77b4", "generated (Cordon)", left, top, plotW, plotH, yMax, 0);
    series(s, hand, "#d62728", "hand-written Session.runner()", left, top, plotW, plotH, yMax, 1);
    s.append("</svg>\n");
    return s.toString();
  }

  private static void series(StringBuilder s, double[] v, String color, String label, int left, int top,
      double plotW, double plotH, double yMax, int index) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      double x = left + plotW * i / (v.length - 1);
      double y = top + plotH - plotH * v[i] / yMax;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, color));
    }
    s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
        color, points.toString().trim()));
    double ly = top + 10 + index * 18;
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%.1f\">%s</text>%n",
        left + 10, ly, left + 30, ly, color, left + 36, ly + 4, label));
  }

  private static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
