package dev.cordon.processor;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Runs every rule on one {@code @Model} type, in a fixed order, and merges their reports. The
 * type rules come first: when the type itself is of the wrong kind, the member rules would only
 * add follow-on errors, so they are skipped. A clean type's {@link ModelDescriptor} is derived
 * from the members read for validation, once per type and round: the processor, and every
 * composition that holds the model, take the same result. The generated names come last ({@link
 * GeneratedNames}): they are checked on the class generated for an otherwise clean model, so a
 * model member of a composition is refused here too, not only when its own class is written.
 */
final class ModelValidator {

  /** The report, and the descriptor when the report is clean. */
  record Result(ValidationReport report, Optional<ModelDescriptor> descriptor) {}

  private final ModelTypeValidator typeValidator;
  private final ScopeValidator scopeValidator;
  private final MemberValidator memberValidator;
  private final MemberNameValidator nameValidator;
  private final ModelReferenceValidator referenceValidator;
  private final InheritedMethodValidator inheritedValidator;
  private final ModelDescriptorFactory descriptors;
  private final GeneratedFiles files;
  private final GeneratedNames generatedNames;

  /** This round's results, by qualified name (javac's elements are new each round). */
  private final RoundCache<Result> checked = new RoundCache<>();

  ModelValidator(
      Elements elements,
      Annotations annotations,
      ModelDescriptorFactory descriptors,
      GeneratedFiles files) {
    this.typeValidator = new ModelTypeValidator("@Model");
    this.scopeValidator = new ScopeValidator(annotations);
    this.memberValidator = new MemberValidator(annotations);
    this.nameValidator = new MemberNameValidator(annotations);
    this.referenceValidator = new ModelReferenceValidator();
    this.inheritedValidator = new InheritedMethodValidator(elements);
    this.descriptors = descriptors;
    this.files = files;
    this.generatedNames = new GeneratedNames(elements);
  }

  GeneratedNames generatedNames() {
    return generatedNames;
  }

  /** Forgets the previous round's results. */
  void startRound() {
    checked.clear();
  }

  Result validate(TypeElement type, AnnotationMirror model) {
    return checked.get(type, t -> check(t, model));
  }

  private Result check(TypeElement type, AnnotationMirror model) {
    ValidationReport report = rules(type, model);
    if (!report.isClean()) {
      return new Result(report, Optional.empty());
    }
    // Last, on a model whose generated class is then known: its names against the user's. The
    // class is generated once (GeneratedFiles) and written as it was checked.
    ModelDescriptor descriptor = descriptors.create(type, model, ModelMember.allOf(type));
    ValidationReport names = generatedNames.checkModel(type, files.model(type, () -> descriptor));
    return new Result(names, names.isClean() ? Optional.of(descriptor) : Optional.empty());
  }

  private ValidationReport rules(TypeElement type, AnnotationMirror model) {
    ValidationReport.Builder report = ValidationReport.builder();
    report.addAll(typeValidator.validate(type, model));
    if (ModelTypeValidator.isFatal(type)) {
      return report.build();
    }
    report.addAll(scopeValidator.validate(type, model));
    report.addAll(memberValidator.validate(type));
    report.addAll(nameValidator.validate(type));
    report.addAll(referenceValidator.validate(type));
    report.addAll(inheritedValidator.validate(type, model));
    return report.build();
  }
}
