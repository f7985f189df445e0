package dev.cordon.internal;

import java.util.regex.Pattern;

/** TensorFlow's name rule, applied to scopes and member names before they reach the graph. */
public final class Scopes {

  /** The rule TF Java's NameScope enforces for each {@code /}-separated segment. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");

  private Scopes() {}

  public static String checkScope(String modelName, String scope) {
    if (scope == null || scope.isEmpty()) {
      throw new IllegalArgumentException(modelName + ": the scope must not be empty");
    }
    for (String segment : scope.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            modelName + ": scope '" + scope + "' is not a valid TensorFlow name scope: segment '"
                + segment + "' does not match " + SEGMENT.pattern());
      }
    }
    return scope;
  }

  static boolean isValidSegment(String name) {
    return name != null && SEGMENT.matcher(name).matches();
  }
}
