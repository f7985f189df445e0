package dev.cordon.processor;

/**
 * One check on a {@link CompositionGraph}, reported to the composition's report. Rules run in the
 * fixed order {@link CompositionValidator} lists them; each reports only what it is named for,
 * on the element and annotation value at fault. A rule reports nothing the graph has already
 * set aside: what did not resolve is one rule's business, and nothing is built on it.
 */
interface CompositionRule {

  void check(CompositionGraph graph, ValidationReport.Builder report);
}
