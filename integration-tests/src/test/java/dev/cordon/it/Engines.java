package dev.cordon.it;

import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.runtime.CordonComposition;
import java.lang.reflect.Field;

/**
 * Reaches the engine a generated composition keeps in a private field, for tests that check what
 * users cannot see (which composition inputs an output needs). Applications never do this.
 */
final class Engines {
  private Engines() {}

  static CompositionEngine of(CordonComposition composition) {
    for (Field f : composition.getClass().getDeclaredFields()) {
      if (f.getType() == CompositionEngine.class) {
        try {
          f.setAccessible(true);
          return (CompositionEngine) f.get(composition);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError(composition.getClass() + " has no CompositionEngine field");
  }
}
