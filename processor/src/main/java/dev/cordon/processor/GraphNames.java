package dev.cordon.processor;

import java.util.Set;
import java.util.regex.Pattern;

/** TensorFlow's name rule and the method names the generated class claims for itself. */
final class GraphNames {

  /** The rule TF Java's NameScope enforces for each name and each {@code /}-separated segment. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");

  /** Methods of the generated API; a model method of the same name would clash with them. */
  static final Set<String> RESERVED_METHODS =
      Set.of("builder", "run", "trainStep", "save", "restore", "variables", "close", "scope",
          "exportSavedModel", "fit", "evaluate", "summary");

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
