package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scalar the model's training step minimises: a concrete method returning {@code
 * Operand<TFloat32>} or {@code Operand<TFloat64>}, with the same parameters an {@link Output} may
 * take. At most one per model. Training differentiates it with respect to this model's variables
 * only.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Loss {}
