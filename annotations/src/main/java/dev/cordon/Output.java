package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A result of the model: a concrete method returning {@code Operand<T>}, whose parameters may be
 * {@code org.tensorflow.op.Ops} (scoped to the model) and {@code dev.cordon.runtime.Layers}. The
 * generated class calls it once when the model is built and gives it a typed prediction method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Output {

  /**
   * The declared static shape, checked against the graph when the model is built; {@code -1}
   * marks a dimension known only at run time.
   */
  long[] shape();

  /** The name of the output, when it must differ from the method name. */
  String name() default "";
}
