package dev.cordon.runtime;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

public final class ModelBuild {
  public Ops ops() { return null; }
  public Layers layers() { return null; }
  public <T extends TType> Operand<T> input(String name, Class<T> type) { return null; }
  public <T extends TType> Operand<T> variable(String name, Class<T> type) { return null; }
  public <T extends TType> Operand<T> output(String name, Operand<T> output) { return output; }
  public <T extends TNumber> Operand<T> loss(Operand<T> loss) { return loss; }
  public ModelRuntime finish() { return null; }
  public void abort() {}
}
