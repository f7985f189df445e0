/**
 * Integration tests: {@code @Model} types and compositions compiled by the real processor (from
 * its shaded jar, in a reactor build) and run against real TensorFlow, SavedModels imported from
 * Python, and {@code ReleaseArtifactsIT}, which checks the published jars themselves. The runtime's
 * own tests that need a model live in {@code dev.cordon.it.runtime}, on generated classes.
 */
package dev.cordon.it;
