package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a TensorFlow model. Cordon's annotation processor generates, next to the annotated
 * type {@code com.acme.Foo}, a class {@code com.acme.CordonFoo} (nested types: {@code
 * CordonOuter_Inner}) that builds the model under its own name scope, initialises, trains, saves
 * and restores only the model's own variables, and offers typed prediction methods.
 *
 * <p>The annotated type is an abstract class (or an interface) whose members are annotated with
 * {@link Input}, {@link Variable}, {@link Output} and at most one {@link Loss}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {

  /**
   * The name scope of the model's graph nodes, such as {@code "classifier"} or {@code
   * "team_a/classifier"}. Each {@code /}-separated segment must match TensorFlow's name rule
   * {@code [A-Za-z0-9.][A-Za-z0-9_.\-]*}. A builder may override it per instance.
   */
  String scope();
}
