package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.TypeSpec;
import java.util.Optional;
import java.util.function.Supplier;
import javax.lang.model.element.TypeElement;

/**
 * The class generated for each clean type, generated and rendered once per type and round: the
 * generated-name check ({@link GeneratedNames}) reads it, and {@link CordonProcessor} writes the
 * same text. (Generating it again for the write doubled the processor's cost per type.)
 */
final class GeneratedFiles {

  /** One generated class: its JavaPoet form and the source text written for it. */
  record File(TypeSpec type, String qualifiedName, String source) {}

  private final ModelGenerator models;
  private final CompositionGenerator compositions;
  private final RoundCache<File> files = new RoundCache<>();

  /**
   * @param generatedAnnotation {@code javax.annotation.processing.Generated}, when the compilation
   *     has it
   */
  GeneratedFiles(Optional<ClassName> generatedAnnotation) {
    this.models = new ModelGenerator(generatedAnnotation);
    this.compositions = new CompositionGenerator(generatedAnnotation);
  }

  /** Forgets the previous round's files (javac's elements are new each round). */
  void startRound() {
    files.clear();
  }

  /** The class generated for the clean model {@code type}; {@code descriptor} is read on the first call only. */
  File model(TypeElement type, Supplier<ModelDescriptor> descriptor) {
    return files.get(type, t -> {
      ModelDescriptor d = descriptor.get();
      return render(models.generate(d), d.generatedClass().packageName(), t);
    });
  }

  /** The class generated for the clean composition {@code type}. */
  File composition(TypeElement type, Supplier<CompositionDescriptor> descriptor) {
    return files.get(type, t -> {
      CompositionDescriptor d = descriptor.get();
      return render(compositions.generate(d), d.generatedClass().packageName(), t);
    });
  }

  private static File render(TypeSpec generated, String packageName, TypeElement type) {
    JavaFile file = GeneratedCode.javaFile(packageName, generated, type);
    String name = packageName.isEmpty() ? generated.name : packageName + "." + generated.name;
    return new File(generated, name, file.toString());
  }
}
