package dev.cordon.runtime;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TType;

/** A model built from a spec and a body, the way generated constructors do, for runtime tests. */
final class TestModel implements AutoCloseable {

  final ModelEngine runtime;

  private TestModel(ModelEngine runtime) {
    this.runtime = runtime;
  }

  static Builder builder(ModelSpec spec, Consumer<ModelAssembly> body) {
    return new Builder(spec, body);
  }

  <T extends TType> Operand<T> output(String name, Class<T> type) {
    return runtime.outputOperand(name).asOutput().expect(type);
  }

  @Override
  public void close() {
    runtime.close();
  }

  static final class Builder extends ModelBuilder<Builder> {
    private final Consumer<ModelAssembly> body;

    Builder(ModelSpec spec, Consumer<ModelAssembly> body) {
      super(spec);
      this.body = body;
    }

    @Override
    protected Builder self() {
      return this;
    }

    TestModel build() {
      ModelAssembly build = start();
      try {
        body.accept(build);
        return new TestModel(build.finish());
      } catch (RuntimeException | Error e) {
        build.abort();
        throw e;
      }
    }
  }
}
