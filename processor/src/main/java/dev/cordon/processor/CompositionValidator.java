package dev.cordon.processor;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * Validates one {@code @Isolated} composition: the type rules it shares with {@code @Model} (a
 * wrong kind of type stops there), then its {@link CompositionGraph}, read once by {@link
 * CompositionGraphFactory}, checked by each {@link CompositionRule} in the order listed here.
 * Nested compositions are read and checked the same way, each once per round.
 */
final class CompositionValidator {

  /** The report, and the graph unless the type itself is of the wrong kind. */
  record Result(ValidationReport report, Optional<CompositionGraph> graph) {}

  private final ModelTypeValidator typeValidator = new ModelTypeValidator("@Isolated");
  private final CompositionGraphFactory graphs;
  private final List<CompositionRule> rules;

  /**
   * Compositions checked this round, by qualified name. A composition nested at several levels,
   * or nested and also processed itself, is then read once: without this, each level that nests
   * it would read it again, and what nests that level again.
   */
  private final RoundCache<Result> checked = new RoundCache<>();

  CompositionValidator(
      Annotations annotations,
      ModelValidator modelValidator,
      CompositionDescriptorFactory descriptors,
      GeneratedFiles files) {
    this.graphs = new CompositionGraphFactory(annotations, modelValidator);
    this.rules =
        List.of(
            // The composition itself and its own labels and loss.
            new ScopeInvalidRule(),
            new IsolatedMemberRule(),
            new CompositionInputRule(annotations),
            new OwnLabelsAndLossRule(annotations, new MemberValidator(annotations)),
            // Members that did not resolve.
            new NotAModelRule(),
            new MemberSignatureRule(),
            new NestedCompositionRule(),
            new InvalidMemberTypeRule(),
            // Wires: an end that did not resolve, then a wire between two real ports.
            new WireSyntaxRule(),
            new UnknownMemberRule(),
            new WireDirectionRule(),
            new UnknownPortRule(),
            new SelfWireRule(),
            new InputFedTwiceRule(),
            new WireTypeRule(),
            new WireShapeRule(),
            // The graph as a whole.
            new WireCycleRule(),
            new ScopeConflictRule(),
            new NameClashRule(),
            new UntrainableLossRule(),
            // Last, on a clean composition: the names of the class generated for it.
            new GeneratedNameRule(modelValidator.generatedNames(), descriptors, files));
  }

  /** Forgets the compositions checked so far; called at the start of each round. */
  void startRound() {
    checked.clear();
  }

  Result validate(TypeElement type, AnnotationMirror isolated) {
    return checked.get(type, t -> check(t, isolated));
  }

  private Result check(TypeElement type, AnnotationMirror isolated) {
    ValidationReport.Builder report = ValidationReport.builder();
    // The generated class extends or implements the composition, as for a model.
    report.addAll(typeValidator.validate(type, isolated));
    if (ModelTypeValidator.isFatal(type)) {
      return new Result(report.build(), Optional.empty());
    }
    CompositionGraph graph = graphs.create(type, isolated, this::nested);
    for (CompositionRule rule : rules) {
      rule.check(graph, report);
    }
    return new Result(report.build(), Optional.of(graph));
  }

  /** {@code type}'s graph as a nested composition, or empty when it has errors of its own. */
  private Optional<CompositionGraph> nested(TypeElement type) {
    Result result = validate(type, Annotations.find(type, TypeNames.ISOLATED).orElseThrow());
    return result.report().isClean() ? result.graph() : Optional.empty();
  }
}
