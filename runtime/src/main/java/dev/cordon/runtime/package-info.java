/**
 * What an application calls: the generated classes' common types {@link
 * dev.cordon.runtime.CordonModel} and {@link dev.cordon.runtime.CordonComposition}, the {@link
 * dev.cordon.runtime.SharedGraph} several models can be built into, the building blocks a model's
 * default methods use ({@code Layers}, {@code Activation}, {@code ModelVariables}), {@code
 * TensorArrays} for moving data in and out, the generated builders' base classes and the
 * exceptions a build or a checkpoint can raise. Each model builds, initialises, trains, saves and
 * restores only the variables under its own name scope. Optimizers are in {@code
 * dev.cordon.runtime.train}; what generated code needs and applications must not use belongs in
 * {@code dev.cordon.internal}, which is not API and is left out of this javadoc.
 */
package dev.cordon.runtime;
