package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  /** Nanoseconds since the bar was created. */
  private long now;

  private void stepOneSecondLater(ProgressBar bar, float loss) {
    now += 1_000_000_000L;
    bar.step(loss);
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainModePrintsAboutEveryTenthOfAnEpoch() {
    ProgressBar bar = new ProgressBar(out, false, () -> now);
    bar.startEpoch(1, 2, 125);
    for (int i = 0; i < 125; i++) {
      stepOneSecondLater(bar, 1f);
    }
    List<String> lines = output().lines().toList();
    assertEquals(10, lines.size(), output());
    assertTrue(lines.get(0).startsWith("epoch 1/2  step  13/125  loss 1.0000  "), lines.get(0));
    assertEquals("epoch 1/2  step 125/125  loss 1.0000  125.0 s", lines.get(9));
    assertTrue(output().indexOf('\r') < 0);
  }

  @Test
  void plainModeShowsTheMeanLossOfTheEpoch() {
    ProgressBar bar = new ProgressBar(out, false, () -> now);
    bar.startEpoch(2, 2, 4);
    stepOneSecondLater(bar, 4f);
    stepOneSecondLater(bar, 2f);
    stepOneSecondLater(bar, 0f);
    stepOneSecondLater(bar, 2f);
    assertEquals(
        List.of(
            "epoch 2/2  step 1/4  loss 4.0000  1.0 s",
            "epoch 2/2  step 2/4  loss 3.0000  2.0 s",
            "epoch 2/2  step 3/4  loss 2.0000  3.0 s",
            "epoch 2/2  step 4/4  loss 2.0000  4.0 s"),
        output().lines().toList());
  }

  @Test
  void interactiveModeRedrawsOneLineAndEndsItWithTheEpoch() {
    ProgressBar bar = new ProgressBar(out, true, () -> now);
    bar.startEpoch(1, 1, 4);
    for (int i = 0; i < 4; i++) {
      stepOneSecondLater(bar, 0.5f);
    }
    String text = output();
    assertEquals(4, text.chars().filter(c -> c == '\r').count(), text);
    String last = "\repoch 1/1 [####################] 4/4  loss 0.5000  4.0 s";
    assertTrue(text.endsWith(last + System.lineSeparator()), text);
    assertTrue(text.contains("\repoch 1/1 [##########..........] 2/4  loss 0.5000  2.0 s"), text);
    assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, ended once");
  }

  @Test
  void interactiveModeRedrawsAtMostTenTimesASecond() {
    ProgressBar bar = new ProgressBar(out, true, () -> now);
    bar.startEpoch(1, 1, 1000);
    for (int i = 0; i < 1000; i++) {
      now += 1_000_000L; // 1 ms per step
      bar.step(0.5f);
    }
    long redraws = output().chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 10 && redraws <= 12, redraws + " redraws");
    String last = "1000/1000  loss 0.5000  1.0 s";
    assertTrue(output().endsWith(last + System.lineSeparator()), output());
  }
}
