package dev.cordon.runtime;

import java.nio.file.Path;
import org.tensorflow.Tensor;
import org.tensorflow.types.family.TType;

public final class ModelRuntime {
  public <T extends TType> T predict(String output, Class<T> type, Tensor... inputs) { return null; }
  public ModelOutputs run(Tensor... inputs) { return null; }
  public float trainStep(Tensor... inputs) { return 0f; }
  public <A> A requireArray(String input, A array) { return array; }
  public String scope() { return ""; }
  public ModelVariables variables() { return null; }
  public void save(Path checkpoint) {}
  public void restore(Path checkpoint) {}
  public void close() {}
}
