package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The flagship sample, with shorter training: isolation holds, and the head still learns. */
class TwoTeamsSampleTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void frozenWeightsStayBitIdenticalWhileTheHeadLearns(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    ProgressBar progress = new ProgressBar(out, false, System::nanoTime);

    TwoTeamsSample.Report report = TwoTeamsSample.run(
        MnistData.load(), new TwoTeamsSample.Settings(2, 1, 2, 1), progress, out, dir);

    String text = log.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertEquals(report.encoderBefore(), report.encoderAfter(), "encoder moved");
    assertEquals(report.auditorBefore(), report.auditorAfter(), "auditor moved");
    assertEquals(report.headAfter(), report.headAfterAuditor(), "auditor training moved the head");
    assertNotEquals(report.headBefore(), report.headAfter(), "the head did not train");
    assertArrayEquals(new float[] {2.5f, 3.0f, 3.5f}, report.importedY(), "y = 0.5 x + 2");
    assertEquals(report.encoderAfter(), report.encoderAfterImport(), "the import moved the encoder");
    assertEquals(report.headAfterAuditor(), report.headAfterImport(), "the import moved the head");
    assertTrue(report.untouchedByImport());
    assertEquals(List.of(), report.violations());
    assertTrue(report.isolated());

    assertTrue(report.headAccuracy() > 0.75, "head accuracy " + report.headAccuracy());
    assertTrue(report.auditorAccuracy() > 0.6, "auditor accuracy " + report.auditorAccuracy());
    assertTrue(report.classifierAccuracy() > 0.9, "classifier accuracy "
        + report.classifierAccuracy());
    assertTrue(report.reconstructionLoss() < 0.04, "reconstruction loss "
        + report.reconstructionLoss());

    assertEquals(dir.resolve("pipeline.dot"), report.dot());
    String dot = Files.readString(report.dot());
    assertTrue(dot.startsWith("digraph \"MnistPipeline\" {"), dot);
    // A cluster per graph: the shared one (encoder, head) and the auditor's own.
    assertEquals(2, dot.split("subgraph \"?cluster_", -1).length - 1, dot);
    assertTrue(dot.contains("label=\"shared graph + session\""), dot);
    assertTrue(dot.contains("label=\"own graph + session\""), dot);
    assertTrue(dot.contains("scope: autoencoder\\nBOUNDARY"), dot);
    assertTrue(dot.contains("scope: code_classifier\\nSCOPE"), dot);
    assertTrue(dot.contains("scope: auditor\\nGRAPH"), dot);
    assertTrue(dot.contains("\"encoder\" -> \"head\" [label=\"code -> code\\nBOUNDARY (stopGradient)\""),
        dot);
    assertTrue(dot.contains("\"encoder\" -> \"auditor\" [label=\"code -> code\\nGRAPH (tensor hand-off)\""),
        dot);
    if (report.svg() != null) { // Graphviz's dot is installed
      assertEquals(dir.resolve("pipeline.svg"), report.svg());
      assertTrue(Files.readString(report.svg()).contains("<svg"), "not an SVG: " + report.svg());
    }
    assertTrue(text.contains("audit of the pipeline's graph, import included: 0 violation(s)"), text);
    assertTrue(text.contains("python team (imported SavedModel): y(1, 2, 3) = 2.5, 3.0, 3.5"), text);
    assertTrue(!text.contains("FAIL"), text);
  }

  @Test
  void checksumsTellBitIdenticalFromChanged() {
    try (CordonCodeClassifier a = CordonCodeClassifier.builder().seed(1).build();
        CordonCodeClassifier b = CordonCodeClassifier.builder().seed(1).build();
        CordonCodeClassifier c = CordonCodeClassifier.builder().seed(2).build()) {
      TwoTeamsSample.Checksum ca = TwoTeamsSample.Checksum.of(a.variables());
      assertEquals(ca, TwoTeamsSample.Checksum.of(b.variables()));
      assertNotEquals(ca.sha256(), TwoTeamsSample.Checksum.of(c.variables()).sha256());
      assertEquals(4, ca.variables());
      assertEquals(32 * 64 + 64 + 64 * 10 + 10, ca.floats());
    }
  }
}
