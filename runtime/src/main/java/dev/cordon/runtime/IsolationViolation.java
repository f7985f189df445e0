package dev.cordon.runtime;

/**
 * An edge of a graph that breaks isolation, as {@link CompositionInspection#audit()} (one
 * composition) and {@link SharedGraph#audit()} (every model of a graph) report it: {@code source ->
 * target} (op names), with why.
 *
 * @param source the op the edge leaves, inside one model's scope
 * @param target the op the edge enters, inside another model's scope
 * @param reason why the edge is not a declared wire
 */
public record IsolationViolation(String source, String target, String reason) {
  @Override
  public String toString() {
    return source + " -> " + target + ": " + reason;
  }
}
