package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import dev.cordon.processor.CompositionDescriptor.Member;
import dev.cordon.processor.CompositionDescriptor.Port;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Turns a validated {@link CompositionGraph} into its {@link CompositionDescriptor}: a copy of
 * what the graph resolved, free of javac elements, with nothing worked out again.
 */
final class CompositionDescriptorFactory {

  private final ModelDescriptorFactory models;

  CompositionDescriptorFactory(ModelDescriptorFactory models) {
    this.models = models;
  }

  /** Must only be called for a graph whose {@link CompositionValidator} report is clean. */
  CompositionDescriptor create(CompositionGraph graph) {
    TypeElement type = graph.type();
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    // The composition's own labels and loss, as the graph read them, become a model's members.
    ModelDescriptor own = models.create(type, graph.isolated(), graph.own());
    ClassName compositionClass = ClassName.get(type);
    return new CompositionDescriptor(
        compositionClass,
        graph.generatedClass(),
        compositionClass.canonicalName(),
        graph.scope(),
        isInterface,
        type.getModifiers().contains(Modifier.PUBLIC),
        graph.order().stream()
            .map(
                m ->
                    new Member(
                        m.name(),
                        m.level(),
                        m.scope(),
                        m.generatedClass(),
                        isInterface
                            ? Optional.of(Modifier.PUBLIC)
                            : ModelDescriptorFactory.access(m.method()),
                        m.trainable()))
            .toList(),
        graph.wires().stream().map(w -> new CompositionDescriptor.Wire(w.from(), w.to())).toList(),
        graph.inputs().stream().map(CompositionDescriptorFactory::port).toList(),
        graph.outputs().stream().map(CompositionDescriptorFactory::port).toList(),
        own.inputs(),
        own.loss());
  }

  private static Port port(CompositionGraph.Port p) {
    return new Port(p.name(), p.memberPort(), p.port().type(), p.port().shape(), p.needs());
  }
}
