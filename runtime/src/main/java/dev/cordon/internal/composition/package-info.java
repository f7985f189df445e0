/**
 * Not API: what generated composition code calls, and the composition engine behind it ({@link
 * dev.cordon.internal.composition.CompositionSpec}, {@link
 * dev.cordon.internal.composition.CompositionAssembly}, {@link
 * dev.cordon.internal.composition.CompositionEngine}), with the composition resolved once into
 * one graph of models, ports and wires ({@link dev.cordon.internal.composition.CompositionGraph}).
 * Used by the code Cordon's processor generates and by the runtime itself; it may change in any
 * release, without notice. Applications use {@code dev.cordon.runtime} and the generated classes
 * only ({@code composition.inspect()} shows a built composition).
 */
package dev.cordon.internal.composition;
