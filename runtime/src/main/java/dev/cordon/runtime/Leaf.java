package dev.cordon.runtime;

import dev.cordon.Isolation;

/**
 * A model at the bottom of a (possibly nested) composition, with its path from the root ({@code
 * encoder}, {@code retrieval.encoder}) and its effective level: the strictest level on that path.
 */
record Leaf(String path, ModelRuntime runtime, Isolation level, String scope) {

  GraphHandle handle() {
    return runtime.handle();
  }
}
