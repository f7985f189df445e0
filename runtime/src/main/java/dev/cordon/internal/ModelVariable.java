package dev.cordon.internal;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.family.TType;

/**
 * One trainable variable of a model: a resource variable whose {@code shared_name} is its full op
 * name (resource handles with equal shared names alias within a session), read through a single
 * {@code ReadVariableOp} that every use of the variable goes through.
 *
 * @param path the name relative to the model's scope ({@code kernel}, {@code hidden/kernel})
 * @param trainable false for state a training step updates by assignment and never differentiates
 *     (a batch normalization's moving statistics, saved with the weights; an optimizer's slots)
 */
public record ModelVariable<T extends TType>(
    String path, Class<T> type, Shape shape, VarHandleOp handle, ReadVariableOp<T> read, boolean trainable) {

  /** A trainable variable. */
  public ModelVariable(String path, Class<T> type, Shape shape, VarHandleOp handle, ReadVariableOp<T> read) {
    this(path, type, shape, handle, read, true);
  }
}
