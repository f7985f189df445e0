package dev.cordon.it;

import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.CordonModel;
import java.lang.reflect.Field;

/**
 * Reaches the engine a generated model or composition keeps in a private field, for tests that
 * check what users cannot see (which composition inputs an output needs, the untyped calls, the
 * graph's operands). Applications never do this.
 */
public final class Engines {
  private Engines() {}

  public static CompositionEngine of(CordonComposition composition) {
    return field(composition, CompositionEngine.class);
  }

  public static ModelEngine of(CordonModel model) {
    return field(model, ModelEngine.class);
  }

  private static <T> T field(Object generated, Class<T> type) {
    for (Field f : generated.getClass().getDeclaredFields()) {
      if (f.getType() == type) {
        try {
          f.setAccessible(true);
          return type.cast(f.get(generated));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError(generated.getClass() + " has no " + type.getSimpleName() + " field");
  }
}
