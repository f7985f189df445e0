package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Feeds a member's input from another member's output in an {@link Isolated} composition. What
 * crosses the wire depends on the isolation of the two members: the stricter level of the two
 * applies.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Wires.class)
public @interface Wire {

  /** {@code "member.output"}: the member method's name and the output's name. */
  String from();

  /** {@code "member.input"}: the member method's name and the input's name. */
  String to();
}
