package dev.cordon.runtime;

import java.nio.file.Path;

public interface CordonModel extends AutoCloseable {
  String scope();
  ModelVariables variables();
  void save(Path checkpoint);
  void restore(Path checkpoint);
  @Override void close();
}
