package dev.cordon.processor;

import java.util.Optional;

/**
 * {@code NameClash}: {@link GeneratedNames}' check of a composition, on the class really
 * generated for it. Only run when every other rule found nothing: only then is there a class.
 */
final class GeneratedNameRule implements CompositionRule {

  private final GeneratedNames names;
  private final CompositionDescriptorFactory descriptors;
  private final CompositionGenerator generator = new CompositionGenerator(Optional.empty());

  GeneratedNameRule(GeneratedNames names, CompositionDescriptorFactory descriptors) {
    this.names = names;
    this.descriptors = descriptors;
  }

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    if (!report.isClean()) {
      return;
    }
    CompositionDescriptor descriptor = descriptors.create(graph);
    report.addAll(
        names.checkComposition(
            graph,
            generator.generate(descriptor),
            descriptor.generatedClass().packageName()));
  }
}
