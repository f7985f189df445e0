package dev.cordon.runtime;

/** A port ({@code input} or {@code output} name) of a leaf. */
record LeafPort(String leaf, String port) {
  @Override
  public String toString() {
    return leaf + "." + port;
  }
}
