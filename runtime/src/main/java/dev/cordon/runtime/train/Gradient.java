package dev.cordon.runtime.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * The gradient of a model's loss with respect to one of its own variables.
 *
 * @param name the variable's name relative to the model's scope, such as {@code hidden/kernel}
 * @param variable the variable's resource handle, for the {@code ResourceApply*} ops
 * @param value the gradient, of the variable's type and shape
 * @param type the variable's type
 * @param shape the variable's shape
 */
public record Gradient<T extends TType>(
    String name, Operand<? extends TType> variable, Operand<T> value, Class<T> type, Shape shape) {}
