package dev.cordon.processor;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The hint closing an unknown-name message: a close name, else the names there are. */
final class DidYouMean {

  private DidYouMean() {}

  /** {@code Did you mean "x"?} for a close name, else the list of the known names. */
  static String hint(String wrong, List<String> known, String what) {
    Optional<String> closest =
        known.stream()
            .min(Comparator.comparingInt((String k) -> editDistance(wrong, k)))
            .filter(
                k ->
                    editDistance(wrong, k)
                        <= Math.max(2, Math.min(wrong.length(), k.length()) / 3));
    if (closest.isPresent()) {
      return "Did you mean \"" + closest.get() + "\"?";
    }
    if (known.isEmpty()) {
      return "It has no " + what + ".";
    }
    return "The " + what + " are: " + String.join(", ", known) + ".";
  }

  /** The Levenshtein distance between {@code a} and {@code b}. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
