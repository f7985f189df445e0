package dev.cordon.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The golden-file mismatch report: the first differing line with context, not two whole texts. */
class GoldensTest {

  @Test
  void diffShowsTheFirstDifferingLineWithContext() {
    String golden = "a\nb\nc\nd\ne\nf\ng\nh\n";
    String generated = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
    assertEquals(
        String.join(
            "\n",
            "the generated text differs from G.java at line 5 (golden: 8 lines, generated: 9 lines)",
            "  golden:",
            "       2| b",
            "       3| c",
            "       4| d",
            "  >    5| e",
            "       6| f",
            "       7| g",
            "       8| h",
            "  generated:",
            "       2| b",
            "       3| c",
            "       4| d",
            "  >    5| E",
            "       6| f",
            "       7| g",
            "       8| h",
            "",
            "run with -Dcordon.updateGoldens=true to accept the generated text, then review the diff"),
        Goldens.diff("G.java", golden, generated));
  }

  @Test
  void diffOfATruncatedTextPointsPastItsEnd() {
    assertEquals(
        String.join(
            "\n",
            "the generated text differs from G.java at line 3 (golden: 3 lines, generated: 2 lines)",
            "  golden:",
            "       1| a",
            "       2| b",
            "  >    3| c",
            "  generated:",
            "       1| a",
            "       2| b",
            "  >    3| (end of text)",
            "",
            "run with -Dcordon.updateGoldens=true to accept the generated text, then review the diff"),
        Goldens.diff("G.java", "a\nb\nc\n", "a\nb\n"));
  }

  @Test
  void diffOfTheFinalNewlineSaysSo() {
    assertEquals(
        "the generated text differs from G.java only in line endings or the final newline\n"
            + "run with -Dcordon.updateGoldens=true to accept the generated text, then review the diff",
        Goldens.diff("G.java", "a\n", "a"));
  }
}
