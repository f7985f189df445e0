package dev.cordon.processor;

/**
 * {@code NameClash}: {@link GeneratedNames}' check of a composition, on the class really
 * generated for it. Only run when every other rule found nothing: only then is there a class.
 */
final class GeneratedNameRule implements CompositionRule {

  private final GeneratedNames names;
  private final CompositionDescriptorFactory descriptors;
  private final GeneratedFiles files;

  GeneratedNameRule(
      GeneratedNames names, CompositionDescriptorFactory descriptors, GeneratedFiles files) {
    this.names = names;
    this.descriptors = descriptors;
    this.files = files;
  }

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    if (!report.isClean()) {
      return;
    }
    // Generated once (GeneratedFiles): the processor writes the class checked here.
    report.addAll(
        names.checkComposition(
            graph, files.composition(graph.type(), () -> descriptors.create(graph))));
  }
}
