package dev.cordon.it;

import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.CordonModel;
import java.lang.reflect.Field;

/**
 * Reaches the engine a generated composition keeps in a private field, for tests that check what
 * users cannot see (which composition inputs an output needs). Applications never do this.
 */
final class Engines {
  private Engines() {}

  static CompositionEngine of(CordonComposition composition) {
    return field(composition, CompositionEngine.class);
  }

  /** The engine of a generated model: what its typed methods call, reachable by any caller. */
  static ModelEngine of(CordonModel model) {
    return field(model, ModelEngine.class);
  }

  private static <E> E field(Object generated, Class<E> type) {
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
