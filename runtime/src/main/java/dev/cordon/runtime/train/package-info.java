/**
 * The optimizers of {@code trainStep} ({@link dev.cordon.runtime.train.Optimizer#adam} and the
 * others) and what a custom optimizer needs ({@link dev.cordon.runtime.train.TrainingGraph} and
 * {@link dev.cordon.runtime.train.Gradient}).
 */
package dev.cordon.runtime.train;
