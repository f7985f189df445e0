package dev.cordon.internal;

import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.CompositionBuilder;
import dev.cordon.runtime.CompositionInspection;
import dev.cordon.runtime.Layers;
import dev.cordon.runtime.ModelBuilder;
import dev.cordon.runtime.ModelVariables;
import dev.cordon.runtime.SharedGraph;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tensorflow.Tensor;

/**
 * The one way internal code reaches package-private state of the public runtime objects (a
 * {@link SharedGraph}'s handle, the wiring hooks of the generated builders' bases) and their
 * package-private constructors, without making any of it public: the JDK's "SharedSecrets"
 * pattern. {@code dev.cordon.runtime} installs the only instance from {@link SharedGraph}'s static
 * initialiser; {@link #get()} initialises that class first.
 *
 * <p>Not API: used by the runtime itself; may change in any release.
 */
public abstract class RuntimeAccess {

  private static volatile RuntimeAccess installed;

  /** For the one subclass, in {@code dev.cordon.runtime}. */
  protected RuntimeAccess() {}

  /** The graph and session behind {@code graph}. */
  public abstract GraphHandle handle(SharedGraph graph);

  /** The spec a generated model builder was created with. */
  public abstract ModelSpec spec(ModelBuilder<?> builder);

  /** Feeds the input {@code input} of the model {@code builder} builds from another member's output. */
  public abstract void wire(ModelBuilder<?> builder, String input, WiredInput source);

  /** Called with the engine once {@code builder} has built its model (a composition's member). */
  public abstract void onBuilt(ModelBuilder<?> builder, Consumer<ModelEngine> listener);

  /** The spec a generated composition builder was created with. */
  public abstract CompositionSpec spec(CompositionBuilder<?> builder);

  /** Makes {@code builder} build its composition as a member of another one. */
  public abstract void nestInto(CompositionBuilder<?> builder, CompositionAssembly.Nesting nesting);

  /** The layer DSL of one model under assembly. */
  public abstract Layers layers(ModelAssembly assembly);

  /** A model's variables, read through {@code reader} (which checks that the model is open). */
  public ModelVariables variables(String modelName, List<ModelVariable<?>> variables, Function<ModelVariable<?>, Tensor> reader) {
    return variables(null, modelName, variables, reader);
  }

  /**
   * A model's variables, as {@link #variables(String, List, Function)}, remembering the engine
   * they belong to ({@code owner}, null for none) for {@link #owner}.
   */
  public abstract ModelVariables variables(Trainee owner, String modelName, List<ModelVariable<?>> variables, Function<ModelVariable<?>, Tensor> reader);

  /**
   * The engine behind a model's {@code variables()}, so that a public class can reach the training
   * state of a generated model without generated code exposing its engine; null when there is none.
   */
  public abstract Trainee owner(ModelVariables variables);

  /** What a user may inspect of a built composition. */
  public abstract CompositionInspection inspection(CompositionEngine engine);

  /** Installs the bridge; called once, by {@code dev.cordon.runtime}. */
  public static synchronized void install(RuntimeAccess access) {
    if (installed != null) {
      throw new IllegalStateException("RuntimeAccess is already installed");
    }
    installed = Objects.requireNonNull(access, "access");
  }

  /** The bridge, initialising {@code dev.cordon.runtime} first when nothing has yet. */
  public static RuntimeAccess get() {
    RuntimeAccess access = installed;
    if (access == null) {
      try {
        Class.forName(SharedGraph.class.getName(), true, SharedGraph.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      access = Objects.requireNonNull(installed, "dev.cordon.runtime did not install its RuntimeAccess");
    }
    return access;
  }
}
