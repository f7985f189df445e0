/**
 * Runnable samples: {@link dev.cordon.samples.MnistSample} declares a digit classifier with
 * {@code @Model} and trains it in the JVM, and {@link dev.cordon.samples.TwoTeamsSample} ("two
 * teams, one JVM") composes an autoencoder, classifiers with clashing names and an imported
 * Python-trained SavedModel with {@code @Isolated}, then audits that they stay apart. Not
 * published; the module's tests run both.
 */
package dev.cordon.samples;
