/**
 * Not API: what generated model code calls, and the model engine behind it ({@link
 * dev.cordon.internal.ModelSpec}, {@link dev.cordon.internal.ModelAssembly}, {@link
 * dev.cordon.internal.ModelEngine}, {@link dev.cordon.internal.OutputTensors}, checkpoints,
 * training, the isolation audit). Used by the code Cordon's processor generates and by the runtime
 * itself; it may change in any release, without notice. Applications use {@code
 * dev.cordon.runtime} and the generated classes only.
 */
package dev.cordon.internal;
