package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A tensor fed to the model: an abstract, no-argument method returning {@code Operand<T>} for a
 * concrete TensorFlow type {@code T}. The generated class backs it with a placeholder.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Input {

  /** The static shape; {@code -1} marks a dimension known only at run time, {@code {}} a scalar. */
  long[] shape();

  /** A label is fed only to training steps, never to predictions. */
  boolean label() default false;

  /** The graph name of the input, when it must differ from the method name. */
  String name() default "";
}
