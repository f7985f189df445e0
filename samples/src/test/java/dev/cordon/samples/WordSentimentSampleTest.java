package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WordSentimentSampleTest {

  @Test
  void theVendoredWordListLoadsAndSplits() {
    SentimentWords data = SentimentWords.load();
    assertEquals(3382, data.train().size() + data.test().size());
    assertEquals(676, data.test().size());
    assertArrayEquals(new int[] {2, 3, 4, 28, 29, 30, 31, 1, 0}, java.util.Arrays.copyOf(SentimentWords.encode("abc '-0!"), 9));
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void bothHeadsBeatTheMajorityAnswerOnHeldOutWords() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    WordSentimentSample.Result r = WordSentimentSample.trainAndTest(SentimentWords.load(), WordSentimentSample.EPOCHS,
        Path.of("target", "words-test"), new PrintStream(log, true, StandardCharsets.UTF_8));
    System.out.print(log.toString(StandardCharsets.UTF_8));
    System.out.printf("polarity %.4f (baseline %.4f), intensity %.4f (baseline %.4f), %.1f s%n",
        r.polarity(), r.polarityBaseline(), r.intensity(), r.intensityBaseline(), r.seconds());
    assertTrue(r.polarity() > r.polarityBaseline() + 0.05, "polarity " + r.polarity() + " vs " + r.polarityBaseline());
    assertTrue(r.intensity() >= r.intensityBaseline(), "intensity " + r.intensity() + " vs " + r.intensityBaseline());
    assertTrue(r.history().keys().contains("val_polarity_accuracy"), r.history().keys().toString());
  }
}
