package dev.cordon.runtime;

/** The activation applied at the end of a {@link Layers} layer. */
public enum Activation {
  LINEAR,
  RELU,
  TANH,
  SIGMOID,
  SOFTMAX
}
