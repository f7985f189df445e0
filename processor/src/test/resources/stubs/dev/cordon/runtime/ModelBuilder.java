package dev.cordon.runtime;

public abstract class ModelBuilder<B extends ModelBuilder<B>> {
  protected ModelBuilder(ModelSpec spec) {}
  protected abstract B self();
  public final B seed(long seed) { return self(); }
  protected final ModelBuild start() { return null; }
}
