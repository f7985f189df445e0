/**
 * The runtime's tests that need a model: the model engine, checkpoints and their on-disk protocol
 * (with crash hooks), SavedModel exports, compositions and the isolation audit. Their models are
 * {@code @Model} and {@code @Isolated} classes compiled by the processor, so the tests run what
 * the generator emits (the runtime module cannot run the processor, which depends on it). Tests
 * of internals reach a generated class's engine through {@code dev.cordon.it.Engines}.
 */
package dev.cordon.it.runtime;
