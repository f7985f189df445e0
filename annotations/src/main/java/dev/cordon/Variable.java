package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A trainable tensor owned by the model: an abstract, no-argument method returning {@code
 * Operand<T>}. The generated class returns a read of the variable, never the variable itself.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Variable {

  /** The fully known shape: every dimension is zero or positive. */
  long[] shape();

  /** How the variable is initialised, from the model's seed. */
  Init init() default Init.GLOROT_UNIFORM;

  /** The graph name of the variable, when it must differ from the method name. */
  String name() default "";
}
