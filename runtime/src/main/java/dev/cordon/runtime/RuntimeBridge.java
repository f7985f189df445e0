package dev.cordon.runtime;

import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.ModelVariable;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.internal.Trainee;
import dev.cordon.internal.WiredInput;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tensorflow.Tensor;

/** The runtime package's side of {@link RuntimeAccess}; installed by {@link SharedGraph}. */
final class RuntimeBridge extends RuntimeAccess {

  @Override
  public GraphHandle handle(SharedGraph graph) {
    return graph.handle;
  }

  @Override
  public ModelSpec spec(ModelBuilder<?> builder) {
    return builder.spec();
  }

  @Override
  public void wire(ModelBuilder<?> builder, String input, WiredInput source) {
    builder.wire(input, source);
  }

  @Override
  public void onBuilt(ModelBuilder<?> builder, Consumer<ModelEngine> listener) {
    builder.onBuilt(listener);
  }

  @Override
  public CompositionSpec spec(CompositionBuilder<?> builder) {
    return builder.spec();
  }

  @Override
  public void nestInto(CompositionBuilder<?> builder, CompositionAssembly.Nesting nesting) {
    builder.nestInto(nesting);
  }

  @Override
  public Layers layers(ModelAssembly assembly) {
    return new Layers(assembly);
  }

  @Override
  public ModelVariables variables(Trainee owner,
      String modelName, List<ModelVariable<?>> variables, Function<ModelVariable<?>, Tensor> reader) {
    return new ModelVariables(owner, modelName, variables, reader);
  }

  @Override
  public Trainee owner(ModelVariables variables) {
    return variables.owner;
  }

  @Override
  public CompositionInspection inspection(CompositionEngine engine) {
    return new CompositionInspection(engine);
  }
}
