package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The end-to-end proof: the generated classifier learns to read digits. */
class MnistSampleTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void trainedClassifierReadsAtLeast95PercentOfTheTestDigits() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    ProgressBar progress = new ProgressBar(out, false, System::nanoTime);

    MnistSample.Result result =
        MnistSample.trainAndTest(MnistData.load(), MnistSample.EPOCHS, progress);

    String progressLog = log.toString(StandardCharsets.UTF_8);
    System.out.print(progressLog);
    System.out.printf("accuracy %.4f (%d/%d) in %.1f s%n",
        result.accuracy(), result.correct(), result.total(), result.seconds());
    assertEquals(2_000, result.total());
    assertTrue(result.accuracy() >= MnistSample.REQUIRED_ACCURACY,
        "test accuracy " + result.accuracy() + " is below " + MnistSample.REQUIRED_ACCURACY);
    String lastEpoch = "epoch " + MnistSample.EPOCHS + "/" + MnistSample.EPOCHS;
    assertTrue(progressLog.contains(lastEpoch + "  step 125/125"), progressLog);
  }

  @Test
  void argMaxPicksTheFirstHighestScore() {
    assertEquals(0, MnistSample.argMax(new float[] {1f}));
    assertEquals(2, MnistSample.argMax(new float[] {0f, -1f, 3f, 3f}));
    assertEquals(1, MnistSample.argMax(new float[] {-5f, -2f, -3f}));
  }
}
