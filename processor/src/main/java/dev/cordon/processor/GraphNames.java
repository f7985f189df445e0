package dev.cordon.processor;

import java.util.regex.Pattern;

/** TensorFlow's name rule (the names the generated class claims are {@link GeneratedNames}). */
final class GraphNames {

  /** The rule TF Java's NameScope enforces for each name and each {@code /}-separated segment. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");

  private GraphNames() {}

  static boolean isValidName(String name) {
    return SEGMENT.matcher(name).matches();
  }

  /** The first invalid segment of {@code scope}, or null when every segment is valid. */
  static String invalidScopeSegment(String scope) {
    for (String segment : scope.split("/", -1)) {
      if (!isValidName(segment)) {
        return segment;
      }
    }
    return null;
  }
}
