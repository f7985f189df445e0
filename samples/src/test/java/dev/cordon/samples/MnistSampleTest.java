package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The end-to-end proof: the generated classifier, trained with fit, learns to read digits. */
class MnistSampleTest {

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void trainedClassifierReadsAtLeast97PercentOfTheTestDigits() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    Path dir = Path.of("target", "mnist-test");

    MnistSample.Result result = MnistSample.trainAndTest(MnistData.load(), MnistSample.EPOCHS, dir, out);

    String progressLog = log.toString(StandardCharsets.UTF_8);
    System.out.print(progressLog);
    System.out.printf("accuracy %.4f of %d in %.1f s%n", result.accuracy(), result.total(), result.seconds());
    System.out.print(result.history());
    assertEquals(2_000, result.total());
    assertTrue(result.accuracy() >= MnistSample.REQUIRED_ACCURACY,
        "test accuracy " + result.accuracy() + " is below " + MnistSample.REQUIRED_ACCURACY);
    assertTrue(progressLog.contains("DigitClassifier epoch 1/" + MnistSample.EPOCHS), progressLog);
    assertTrue(progressLog.contains("val_accuracy: "), progressLog);
    assertTrue(Files.isRegularFile(dir.resolve("best").resolve("cordon-checkpoint")), "best weights saved");
    try (Stream<Path> files = Files.list(dir.resolve("tensorboard").resolve("train"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")));
    }
  }

  @Test
  void argMaxPicksTheFirstHighestScore() {
    assertEquals(0, MnistSample.argMax(new float[] {1f}));
    assertEquals(2, MnistSample.argMax(new float[] {0f, -1f, 3f, 3f}));
    assertEquals(1, MnistSample.argMax(new float[] {-5f, -2f, -3f}));
  }
}
