package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link BadCallFuzzer} in child JVMs: a native crash is the child's exit code, counted, and
 * the fuzz resumes after the call that crashed. A smoke run of {@code cordon.fuzz.calls} (200) calls
 * in {@code mvn verify}; {@code -Pfuzz-calls} runs 12,000. Asserts 0 crashes and 0 unclear
 * refusals, and prints the counts.
 */
class BadCallFuzzTest {

  private static final Pattern SUMMARY =
      Pattern.compile("FUZZ calls=(\\d+) clear=(\\d+) unclear=(\\d+) leaked=(-?\\d+)");

  @Test
  void everyWrongCallIsRefusedClearlyAndNoneCrashes() throws Exception {
    long seed = Long.getLong("cordon.fuzz.seed", 12L);
    int calls = Integer.getInteger("cordon.fuzz.calls", 200);
    int next = 0;
    int clear = 0;
    int unclear = 0;
    int crashes = 0;
    long leaked = 0;
    List<String> examples = new ArrayList<>();
    while (next < calls && crashes < 20) {
      Child child = run(seed, next, calls - next);
      examples.addAll(child.examples);
      if (child.summary != null) {
        clear += Integer.parseInt(child.summary.group(2));
        unclear += Integer.parseInt(child.summary.group(3));
        leaked += Long.parseLong(child.summary.group(4));
        next = calls;
      } else {
        crashes++; // the child died: count it and go on after the call it died in
        examples.add("CRASH at call " + child.lastCall + ", exit code " + child.exit + ": " + child.tail);
        clear += Math.max(0, child.lastCall - next - child.examples.size());
        unclear += child.examples.size();
        next = child.lastCall + 1;
      }
    }
    String report = "bad-call fuzzer, seed " + seed + ": calls=" + calls + " clear=" + clear + " unclear=" + unclear
        + " crashes=" + crashes + " leaked native objects=" + leaked;
    System.out.println(report);
    examples.forEach(System.out::println);
    assertEquals(0, crashes, report + "\n" + String.join("\n", examples));
    assertEquals(0, unclear, report + "\n" + String.join("\n", examples));
    assertEquals(calls, clear, report);
    assertTrue(leaked <= 0, report);
  }

  private record Child(Matcher summary, int lastCall, int exit, List<String> examples, String tail) {}

  private static Child run(long seed, int first, int calls) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", classpath, BadCallFuzzer.class.getName(),
        String.valueOf(seed), String.valueOf(first), String.valueOf(calls))
        .redirectErrorStream(true)
        .start();
    Matcher summary = null;
    int last = first - 1;
    List<String> examples = new ArrayList<>();
    List<String> tail = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("> ")) {
          last = Integer.parseInt(line.substring(2).trim());
          continue;
        }
        if (line.startsWith("UNCLEAR")) {
          examples.add(line);
        }
        Matcher m = SUMMARY.matcher(line);
        if (m.find()) {
          summary = m;
        }
        tail.add(line);
        if (tail.size() > 5) {
          tail.remove(0);
        }
      }
    }
    assertTrue(p.waitFor(30, TimeUnit.MINUTES), "the fuzzer child did not end");
    int exit = p.exitValue();
    if (summary != null) {
      assertNotNull(summary.group(1));
      assertTrue(exit == 0 || exit == 3, "exit code " + exit + " after the summary");
    }
    return new Child(exit == 0 || exit == 3 ? summary : null, last, exit, examples, String.join(" | ", tail));
  }
}
