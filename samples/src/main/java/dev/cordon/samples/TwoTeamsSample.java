package dev.cordon.samples;

import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.IsolationViolation;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.samples.MnistData.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Two teams, one JVM. Team A trains an {@link Autoencoder} on MNIST digits without labels; team B
 * trains its {@link DigitClassifier} in the very same graph and session. Both name their layers
 * {@code hidden} and {@code logits}. Then {@link MnistPipeline} trains a small head on the
 * autoencoder's 32-number codes across a BOUNDARY, next to a GRAPH-isolated auditor, and the
 * sample proves with checksums that the frozen weights did not move by a single bit. Last, a
 * third team's model trained in Python, {@link HalfPlusTwo}, is imported from its SavedModel into
 * the same graph, and the checksums and the audit show that the import touched nothing else.
 *
 * <p>From the repository root: {@code mvn -B -q -pl samples -am compile -Psamples} (which runs
 * {@link MnistSample} too), or {@code -Ptwo-teams} for this one alone. The optional argument is
 * the directory for {@code pipeline.dot} and {@code pipeline.svg} (default {@code target}). Exits
 * with status 1 when an isolation check fails.
 */
public final class TwoTeamsSample {

  static final long SEED = 42;
  static final int BATCH_SIZE = 64;

  private TwoTeamsSample() {}

  /** How long each team trains, in passes over the training digits. */
  public record Settings(int autoencoderEpochs, int classifierEpochs, int headEpochs,
      int auditorEpochs) {
    /** What {@code main} runs: about a minute on two cores. */
    public static final Settings DEFAULT = new Settings(5, 2, 6, 3);
  }

  /**
   * A fingerprint of a model's weights: how many variables and numbers, their sum and a SHA-256
   * of every name and every float's bits. Equal digests mean bit-identical weights.
   */
  public record Checksum(int variables, long floats, double sum, String sha256) {

    static Checksum of(ModelVariables variables) {
      MessageDigest sha = newSha256();
      long floats = 0;
      double sum = 0;
      for (String name : variables.names()) {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        for (float f : variables.readFloats(name)) {
          int bits = Float.floatToRawIntBits(f);
          sha.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
              (byte) bits});
          sum += f;
          floats++;
        }
      }
      return new Checksum(variables.names().size(), floats, sum, HexFormat.of().formatHex(sha.digest()));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d variables, %,d floats, sum %+.6f, sha256 %s",
          variables, floats, sum, sha256.substring(0, 16));
    }
  }

  /** Everything the sample measured. */
  public record Report(
      double reconstructionLoss,
      double classifierAccuracy,
      double headAccuracy,
      double auditorAccuracyBefore,
      double auditorAccuracy,
      Checksum encoderBefore, Checksum encoderAfter,
      Checksum auditorBefore, Checksum auditorAfter,
      Checksum headBefore, Checksum headAfter, Checksum headAfterAuditor,
      float[] importedY, Checksum encoderAfterImport, Checksum headAfterImport,
      List<IsolationViolation> violations,
      Path dot, Path svg, double seconds) {

    /** The encoder did not move while team B and the head trained. */
    public boolean encoderFrozen() {
      return encoderBefore.equals(encoderAfter);
    }

    /** The GRAPH auditor did not move while the head trained. */
    public boolean auditorUntouched() {
      return auditorBefore.equals(auditorAfter);
    }

    /** The head did not move while the auditor trained in its own session. */
    public boolean headUntouchedByAuditor() {
      return headAfter.equals(headAfterAuditor);
    }

    /** The composition's loss did train the head. */
    public boolean headTrained() {
      return !headBefore.equals(headAfter);
    }

    /** Importing the Python team's SavedModel moved neither encoder nor head. */
    public boolean untouchedByImport() {
      return encoderAfter.equals(encoderAfterImport) && headAfterAuditor.equals(headAfterImport);
    }

    /** Every isolation check passed. */
    public boolean isolated() {
      return encoderFrozen() && auditorUntouched() && headUntouchedByAuditor() && headTrained()
          && untouchedByImport() && violations.isEmpty();
    }
  }

  public static void main(String[] args) {
    Path outDir = Path.of(args.length > 0 ? args[0] : "target");
    Report report = run(MnistData.load(), Settings.DEFAULT, ProgressBar.onStandardOutput(),
        System.out, outDir);
    if (!report.isolated()) {
      System.err.println("An isolation check failed.");
      System.exit(1);
    }
  }

  /** Runs the whole story, printing it to {@code out}; writes the pictures to {@code outDir}. */
  public static Report run(MnistData data, Settings settings, ProgressBar progress, PrintStream out,
      Path outDir) {
    long start = System.nanoTime();
    Dataset train = data.train();
    Dataset test = data.test();
    out.printf(Locale.ROOT, "Two teams, one JVM: %,d MNIST digits to train on, %,d to test.%n%n",
        train.size(), test.size());

    try (CordonMnistPipeline pipeline = CordonMnistPipeline.builder()
            .seed(SEED)
            .optimizer(Optimizer.adam(1e-3f))
            .build();
        // Team B's classifier goes into the pipeline's own graph and session, on purpose.
        CordonDigitClassifier classifier = CordonDigitClassifier.builder()
            .seed(SEED)
            .graph(pipeline.inspect().graph())
            .build()) {

      printSameNames(out, pipeline, classifier);

      // ---- Team A: the autoencoder learns to redraw digits from 32 numbers, without labels.
      out.printf(Locale.ROOT, "%nTeam A trains the autoencoder (no labels: it redraws its input), "
          + "%d epochs:%n", settings.autoencoderEpochs());
      CordonAutoencoder encoder = pipeline.encoder();
      for (int epoch = 1; epoch <= settings.autoencoderEpochs(); epoch++) {
        List<Dataset> batches = train.shuffled(SEED + epoch).batches(BATCH_SIZE);
        progress.startEpoch(epoch, settings.autoencoderEpochs(), batches.size());
        for (Dataset batch : batches) {
          progress.step(encoder.trainStep(batch.pixels()));
        }
      }
      double reconstructionLoss = reconstructionLoss(pipeline, test);
      out.printf(Locale.ROOT, "  autoencoder: test reconstruction loss (MSE per pixel) %.5f%n",
          reconstructionLoss);

      // ---- Freeze: fingerprints of the weights that must not move from here on.
      Checksum encoderBefore = Checksum.of(encoder.variables());
      Checksum auditorBefore = Checksum.of(pipeline.auditor().variables());
      Checksum headBefore = Checksum.of(pipeline.head().variables());
      double auditorAccuracyBefore = accuracy(pipeline::auditorLogits, test);
      out.printf(Locale.ROOT, "%nFingerprints before anyone else trains:%n");
      out.printf(Locale.ROOT, "  encoder  (BOUNDARY) %s%n", encoderBefore);
      out.printf(Locale.ROOT, "  auditor  (GRAPH)    %s%n", auditorBefore);
      out.printf(Locale.ROOT, "  head     (SCOPE)    %s%n", headBefore);

      // ---- Team B: the classic classifier, same layer names, same graph and session.
      out.printf(Locale.ROOT, "%nTeam B trains its digit classifier in the same graph and session "
          + "(scope '%s'), %d epoch(s):%n", classifier.scope(), settings.classifierEpochs());
      for (int epoch = 1; epoch <= settings.classifierEpochs(); epoch++) {
        List<Dataset> batches = train.shuffled(SEED + 100 + epoch).batches(BATCH_SIZE);
        progress.startEpoch(epoch, settings.classifierEpochs(), batches.size());
        for (Dataset batch : batches) {
          progress.step(classifier.trainStep(batch.pixels(), batch.labels()));
        }
      }
      double classifierAccuracy = accuracy(classifier::logits, test);
      out.printf(Locale.ROOT, "  classifier: test accuracy %.2f%%%n", 100 * classifierAccuracy);

      // ---- The composition trains its head on the encoder's codes, across the BOUNDARY.
      out.printf(Locale.ROOT, "%nThe pipeline trains its head on the encoder's 32-number codes "
          + "(trainStep: SCOPE members only), %d epochs:%n", settings.headEpochs());
      for (int epoch = 1; epoch <= settings.headEpochs(); epoch++) {
        List<Dataset> batches = train.shuffled(SEED + 200 + epoch).batches(BATCH_SIZE);
        progress.startEpoch(epoch, settings.headEpochs(), batches.size());
        for (Dataset batch : batches) {
          progress.step(pipeline.trainStep(batch.pixels(), batch.labels()));
        }
      }
      double headAccuracy = accuracy(pipeline::headLogits, test);
      out.printf(Locale.ROOT, "  head: test accuracy %.2f%% (reading 32 numbers per digit)%n",
          100 * headAccuracy);

      Checksum encoderAfter = Checksum.of(encoder.variables());
      Checksum auditorAfter = Checksum.of(pipeline.auditor().variables());
      Checksum headAfter = Checksum.of(pipeline.head().variables());

      // ---- The auditor's team trains its own copy, in its own session, from handed-over codes.
      out.printf(Locale.ROOT, "%nThe auditor (same class as the head, own graph and session) "
          + "trains on its own from the encoder's codes, %d epoch(s):%n", settings.auditorEpochs());
      for (int epoch = 1; epoch <= settings.auditorEpochs(); epoch++) {
        List<Dataset> batches = train.shuffled(SEED + 300 + epoch).batches(BATCH_SIZE);
        progress.startEpoch(epoch, settings.auditorEpochs(), batches.size());
        for (Dataset batch : batches) {
          float[][] codes = pipeline.encoderCode(batch.pixels());
          progress.step(pipeline.auditor().trainStep(codes, batch.labels()));
        }
      }
      double auditorAccuracy = accuracy(pipeline::auditorLogits, test);
      out.printf(Locale.ROOT, "  auditor: test accuracy %.2f%% (%.2f%% untrained)%n",
          100 * auditorAccuracy, 100 * auditorAccuracyBefore);
      Checksum headAfterAuditor = Checksum.of(pipeline.head().variables());
      Checksum encoderAtEnd = Checksum.of(encoder.variables());

      // ---- A third team trained in Python: its SavedModel goes into the same shared graph.
      float[] importedX = {1, 2, 3};
      float[] importedY;
      List<IsolationViolation> violations;
      try (CordonHalfPlusTwo python = CordonHalfPlusTwo.builder()
          .graph(pipeline.inspect().graph())
          .build()) {
        float[][] y = python.y(column(importedX));
        importedY = new float[y.length];
        for (int i = 0; i < y.length; i++) {
          importedY[i] = y[i][0];
        }
        out.printf(Locale.ROOT, "%nThe Python team's model joins the same graph and session "
            + "(scope '%s', imported from a SavedModel):%n", python.scope());
        out.printf(Locale.ROOT, "  python team (imported SavedModel): y(%s) = %s%n",
            join(importedX, "%.0f"), join(importedY, "%.1f"));
        // The audit runs while the imported model is alive in the graph: every model there (the
        // pipeline's members, the classifier, the import), each edge against the pipeline's wires.
        violations = pipeline.inspect().graph().audit();
      }
      Checksum encoderAfterImport = Checksum.of(encoder.variables());
      Checksum headAfterImport = Checksum.of(pipeline.head().variables());

      // ---- The proof.
      out.printf(Locale.ROOT, "%nIsolation, in numbers:%n");
      check(out, "encoder unchanged by team B, the head and the auditor (bit-identical)",
          encoderBefore, encoderAtEnd, true);
      check(out, "auditor unchanged while the head trained (bit-identical)",
          auditorBefore, auditorAfter, true);
      check(out, "head unchanged while the auditor trained (bit-identical)",
          headAfter, headAfterAuditor, true);
      check(out, "head changed by the pipeline's trainStep (it is the one that learns)",
          headBefore, headAfter, false);
      check(out, "encoder unchanged by the SavedModel import (bit-identical)",
          encoderAtEnd, encoderAfterImport, true);
      check(out, "head unchanged by the SavedModel import (bit-identical)",
          headAfterAuditor, headAfterImport, true);
      out.printf(Locale.ROOT,
          "  %s audit of the pipeline's graph, import included: %d violation(s)%n",
          violations.isEmpty() ? "OK  " : "FAIL", violations.size());
      for (IsolationViolation v : violations) {
        out.println("       " + v);
      }

      // ---- The picture.
      Path dot = outDir.resolve("pipeline.dot");
      Path svg = writePictures(pipeline.inspect().toDot(), dot);
      out.printf(Locale.ROOT, "%nWrote %s%s%n", dot,
          svg != null ? " and " + svg : " (install Graphviz's dot for an SVG)");

      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "Done in %.1f s.%n", seconds);
      return new Report(reconstructionLoss, classifierAccuracy, headAccuracy,
          auditorAccuracyBefore, auditorAccuracy, encoderBefore, encoderAtEnd, auditorBefore,
          auditorAfter, headBefore, headAfter, headAfterAuditor, importedY, encoderAfterImport,
          headAfterImport, violations, dot, svg, seconds);
    }
  }

  /** Lists the variables the four models share by name, each under its own scope. */
  private static void printSameNames(PrintStream out, CordonMnistPipeline pipeline,
      CordonDigitClassifier classifier) {
    List<CordonModel> models =
        List.of(pipeline.encoder(), classifier, pipeline.head(), pipeline.auditor());
    List<String> where = List.of("pipeline graph", "pipeline graph", "pipeline graph",
        "its own graph");
    out.println("Four models, one variable name each team likes; each stays in its scope:");
    for (String name : List.of("hidden/kernel", "logits/kernel")) {
      out.printf(Locale.ROOT, "  %s%n", name);
      for (int i = 0; i < models.size(); i++) {
        CordonModel model = models.get(i);
        out.printf(Locale.ROOT, "    %-32s %-12s in %s%n", model.scope() + "/" + name,
            model.variables().shape(name), where.get(i));
      }
    }
  }

  private static float[][] column(float[] values) {
    float[][] column = new float[values.length][1];
    for (int i = 0; i < values.length; i++) {
      column[i][0] = values[i];
    }
    return column;
  }

  private static String join(float[] values, String format) {
    StringBuilder s = new StringBuilder();
    for (float v : values) {
      s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v));
    }
    return s.toString();
  }

  private static void check(PrintStream out, String what, Checksum before, Checksum after,
      boolean expectEqual) {
    boolean ok = before.equals(after) == expectEqual;
    out.printf(Locale.ROOT, "  %s %s%n       before %s%n       after  %s%n", ok ? "OK  " : "FAIL",
        what, before, after);
  }

  /** The mean squared difference between the test digits and their reconstructions. */
  static double reconstructionLoss(CordonMnistPipeline pipeline, Dataset test) {
    double sum = 0;
    long count = 0;
    for (Dataset batch : test.batches(500)) {
      float[][] drawn = pipeline.encoderReconstruction(batch.pixels());
      for (int i = 0; i < drawn.length; i++) {
        for (int p = 0; p < drawn[i].length; p++) {
          double d = drawn[i][p] - batch.pixels()[i][p];
          sum += d * d;
          count++;
        }
      }
    }
    return sum / count;
  }

  /** The share of {@code test} whose highest score names the right digit. */
  static double accuracy(java.util.function.UnaryOperator<float[][]> logits, Dataset test) {
    int correct = 0;
    for (Dataset batch : test.batches(500)) {
      float[][] scores = logits.apply(batch.pixels());
      for (int i = 0; i < scores.length; i++) {
        if (MnistSample.argMax(scores[i]) == batch.labels()[i]) {
          correct++;
        }
      }
    }
    return (double) correct / test.size();
  }

  /**
   * Writes {@code dot}, and next to it an SVG when Graphviz's {@code dot} is on the PATH; returns
   * the SVG's path, or null when there is none.
   */
  static Path writePictures(String description, Path dot) {
    try {
      Path parent = dot.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(dot, description, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dot, e);
    }
    Path svg = dot.resolveSibling("pipeline.svg");
    try {
      Process process = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
          && Files.isRegularFile(svg)) {
        return svg;
      }
      process.destroy();
      return null;
    } catch (IOException e) {
      return null; // no Graphviz: the DOT file is enough
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
