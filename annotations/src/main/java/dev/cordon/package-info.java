/**
 * The annotations that declare Cordon models: {@link dev.cordon.Model} on a type whose members
 * are {@link dev.cordon.Input}s, {@link dev.cordon.Variable}s, {@link dev.cordon.Output}s and at
 * most one {@link dev.cordon.Loss}; {@link dev.cordon.SavedModel} for a model imported from a
 * TensorFlow SavedModel; {@link dev.cordon.Isolated} and {@link dev.cordon.Wire} for a
 * composition of models wired together. Cordon's annotation processor validates them at compile
 * time and generates each type's {@code Cordon<Name>} class. All are CLASS-retained, so a
 * composition can read its members' declarations from a jar. This module depends on nothing and
 * knows nothing of TensorFlow.
 */
package dev.cordon;
