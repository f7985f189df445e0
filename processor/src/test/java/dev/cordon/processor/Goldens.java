package dev.cordon.processor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files: the exact text a test expects the processor to generate, one file per generated
 * class under {@code src/test/resources/golden/<TestClass>/<testMethod>/<qualified.Name>.java}.
 *
 * <p>With {@code -Dcordon.updateGoldens=true} (Maven passes {@code -D} properties on to the tests),
 * {@link #check} writes the generated text into the golden file instead of comparing, creating it
 * if missing; review the change with {@code git diff} before committing it. Without it, a missing
 * golden file or a mismatch fails the test; a mismatch shows the first differing line, a few lines
 * of context on both sides, and the line counts, not the two texts whole.
 */
final class Goldens {

  /** The switch that turns comparing into writing. */
  static final String UPDATE_PROPERTY = "cordon.updateGoldens";

  /** Where golden files live, relative to the module directory. */
  static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private static final int CONTEXT = 3;

  private Goldens() {}

  /** Compares {@code generated} with the golden file {@code ROOT/relative}, or writes it. */
  static void check(Path relative, String generated) {
    Path file = ROOT.resolve(relative);
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        if (!Files.exists(file) || !normalize(Files.readString(file, UTF_8)).equals(generated)) {
          Files.createDirectories(file.getParent());
          Files.writeString(file, generated, UTF_8);
          System.err.println("[goldens] wrote " + file);
        }
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionFailedError(
            "no golden file " + file.toAbsolutePath() + "; run the test with -D" + UPDATE_PROPERTY
                + "=true to write it from the generated text, then review it");
      }
      String golden = normalize(Files.readString(file, UTF_8));
      if (!golden.equals(generated)) {
        throw new AssertionFailedError(diff(file.toString(), golden, generated));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@code golden} and {@code generated} first differ, with context; for a failure. */
  static String diff(String name, String golden, String generated) {
    List<String> expected = golden.lines().toList();
    List<String> actual = generated.lines().toList();
    int first = 0;
    while (first < expected.size() && first < actual.size()
        && expected.get(first).equals(actual.get(first))) {
      first++;
    }
    StringBuilder out = new StringBuilder();
    if (first == expected.size() && first == actual.size()) {
      // Same lines: the texts differ in their line endings or final newline only.
      out.append("the generated text differs from ").append(name)
          .append(" only in line endings or the final newline");
    } else {
      out.append("the generated text differs from ").append(name).append(" at line ")
          .append(first + 1).append(" (golden: ").append(expected.size())
          .append(" lines, generated: ").append(actual.size()).append(" lines)\n");
      excerpt(out, "golden", expected, first);
      excerpt(out, "generated", actual, first);
    }
    return out.append("\nrun with -D").append(UPDATE_PROPERTY)
        .append("=true to accept the generated text, then review the diff").toString();
  }

  private static void excerpt(StringBuilder out, String label, List<String> lines, int first) {
    out.append("  ").append(label).append(":\n");
    int from = Math.max(0, first - CONTEXT);
    int to = Math.min(lines.size(), first + CONTEXT + 1);
    for (int i = from; i < to; i++) {
      out.append(i == first ? "  > " : "    ").append(String.format("%4d| ", i + 1))
          .append(lines.get(i)).append('\n');
    }
    if (first >= lines.size()) {
      out.append("  > ").append(String.format("%4d| ", first + 1)).append("(end of text)\n");
    }
  }

  /** Golden files checked out with CRLF line endings compare as if written with LF. */
  private static String normalize(String text) {
    return text.replace("\r\n", "\n");
  }
}
