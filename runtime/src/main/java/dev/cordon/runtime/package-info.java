/**
 * What an application calls: the interfaces every generated model and composition implements
 * ({@link dev.cordon.runtime.CordonModel}, {@link dev.cordon.runtime.CordonComposition}, {@link
 * dev.cordon.runtime.CompositionInspection}), the bases of the generated builders, {@link
 * dev.cordon.runtime.SharedGraph}, the layer DSL ({@link dev.cordon.runtime.Layers}), {@link
 * dev.cordon.runtime.TensorArrays}, {@link dev.cordon.runtime.ModelVariables} and the exceptions.
 * Everything generated code needs beyond that lives in {@code dev.cordon.internal}, which is not
 * API.
 */
package dev.cordon.runtime;
