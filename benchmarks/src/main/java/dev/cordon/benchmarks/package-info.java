/**
 * JMH benchmarks: a generated Cordon model against the same graph written by hand in TF Java,
 * paired runs of the two so that background load cannot bias their ratio, and the cost of the
 * wires between a composition's members. Compiled by every build, run only with {@code -Pbench}
 * (see BENCHMARKS.md). Not published.
 */
package dev.cordon.benchmarks;
