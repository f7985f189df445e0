package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WordSentimentDeterminismTest {
  @Test
  void sameSeedSameHistory() {
    SentimentWords data = SentimentWords.load();
    WordSentimentSample.Result a = WordSentimentSample.trainAndTest(data, 3, Path.of("target", "det-a"),
        new PrintStream(new ByteArrayOutputStream()));
    WordSentimentSample.Result b = WordSentimentSample.trainAndTest(data, 3, Path.of("target", "det-b"),
        new PrintStream(new ByteArrayOutputStream()));
    for (String k : a.history().keys()) {
      if (!k.equals("learning_rate")) {
        assertArrayEquals(a.history().get(k), b.history().get(k), 0, k);
      }
    }
  }
}
