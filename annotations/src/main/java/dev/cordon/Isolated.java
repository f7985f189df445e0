package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an interface or abstract class: declares a composition of models. Its members are abstract,
 * no-argument methods returning {@link Model} types or other compositions; {@link Wire}s connect
 * member outputs to member inputs. Cordon generates {@code Cordon<Name>}, which builds every
 * member at its isolation level.
 *
 * <p>On a member: overrides the composition's {@link #level} and/or the member's scope.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Isolated {

  /**
   * On the composition: the level of every member that does not say otherwise. On a member: its
   * own level. When omitted on a member, the composition's level applies.
   */
  Isolation level() default Isolation.BOUNDARY;

  /**
   * On a member: its name scope (default: the model's own {@code @Model} scope, or for a nested
   * composition the member's method name); a nested composition's members live under it. On the
   * composition: the scope of its own ops (its labels and loss), by default its simple name with a
   * lower-case first letter; nested, they go under {@code <member scope>/<this scope>}. Each
   * {@code /}-separated segment must match {@code [A-Za-z0-9.][A-Za-z0-9_.\-]*}.
   */
  String scope() default "";
}
