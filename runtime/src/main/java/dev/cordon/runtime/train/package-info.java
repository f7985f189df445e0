/**
 * Training: the {@link dev.cordon.runtime.train.Optimizer}s a model's builder accepts (SGD,
 * momentum, RMSProp, Adam) and what a custom optimizer needs to write its own update ops. Each
 * optimizer differentiates only the model's own variables and names its slot variables under the
 * model's scope, so training one model never touches another built into the same graph.
 */
package dev.cordon.runtime.train;
