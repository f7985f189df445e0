package dev.cordon.processor;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/**
 * Results worked out once per type and round, kept by qualified name: javac's elements are new
 * each round, so {@link #clear()} is called when one starts.
 */
final class RoundCache<R> {

  private final Map<String, R> results = new HashMap<>();

  void clear() {
    results.clear();
  }

  /**
   * The result for {@code type}, computed on the first request. {@code compute} may itself ask for
   * other types (a composition validating what it nests).
   */
  R get(TypeElement type, Function<TypeElement, R> compute) {
    String name = type.getQualifiedName().toString();
    R result = results.get(name);
    if (result == null) {
      result = compute.apply(type);
      results.put(name, result);
    }
    return result;
  }
}
