package dev.cordon.processor;

import com.squareup.javapoet.TypeSpec;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Runs every rule on one {@code @Model} type, in a fixed order, and merges their reports. The
 * type rules come first: when the type itself is of the wrong kind, the member rules would only
 * add follow-on errors, so they are skipped. The generated names come last ({@link
 * GeneratedNames}): they are checked on the class generated for an otherwise clean model, so a
 * model member of a composition is refused here too, not only when its own class is written.
 */
final class ModelValidator {

  private final ModelTypeValidator typeValidator;
  private final ScopeValidator scopeValidator;
  private final MemberValidator memberValidator;
  private final MemberNameValidator nameValidator;
  private final ModelReferenceValidator referenceValidator;
  private final InheritedMethodValidator inheritedValidator;
  private final ModelDescriptorFactory descriptors;
  private final ModelGenerator generator = new ModelGenerator(Optional.empty());
  private final GeneratedNames generatedNames;

  ModelValidator(Elements elements, Annotations annotations) {
    this.typeValidator = new ModelTypeValidator("@Model");
    this.scopeValidator = new ScopeValidator(annotations);
    this.memberValidator = new MemberValidator(annotations);
    this.nameValidator = new MemberNameValidator(annotations);
    this.referenceValidator = new ModelReferenceValidator();
    this.inheritedValidator = new InheritedMethodValidator(elements);
    this.descriptors = new ModelDescriptorFactory(annotations);
    this.generatedNames = new GeneratedNames(elements);
  }

  GeneratedNames generatedNames() {
    return generatedNames;
  }

  ValidationReport validate(TypeElement type, AnnotationMirror model) {
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
    if (report.isClean()) {
      // Last, on a model whose generated class is then known: its names against the user's.
      ModelDescriptor descriptor = descriptors.create(type, model);
      TypeSpec generated = generator.generate(descriptor);
      report.addAll(
          generatedNames.checkModel(
              type, generated, descriptor.generatedClass().packageName()));
    }
    return report.build();
  }
}
