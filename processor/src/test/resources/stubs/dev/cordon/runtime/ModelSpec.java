package dev.cordon.runtime;

import dev.cordon.Init;
import org.tensorflow.types.family.TType;

public final class ModelSpec {
  public static Builder builder(String modelName, String scope) { return new Builder(); }
  public String scope() { return ""; }
  public static final class Builder {
    public Builder input(String name, Class<? extends TType> type, long... shape) { return this; }
    public Builder label(String name, Class<? extends TType> type, long... shape) { return this; }
    public Builder variable(String name, Class<? extends TType> type, Init init, long... shape) { return this; }
    public Builder output(String name, Class<? extends TType> type, long... shape) { return this; }
    public Builder loss() { return this; }
    public ModelSpec build() { return new ModelSpec(); }
  }
}
