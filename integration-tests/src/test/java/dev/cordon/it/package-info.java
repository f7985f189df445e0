/**
 * Integration tests: {@code @Model} types and compositions compiled by the real processor (from
 * its shaded jar, in a reactor build) and run against real TensorFlow, SavedModels imported from
 * Python, and {@code ReleaseArtifactsIT}, which checks the published jars themselves.
 */
package dev.cordon.it;
