package dev.cordon.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cordon.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The rules and diagnostics of {@code @Model @SavedModel} types. */
class SavedModelValidationTest {

  private static Compilation compile(JavaFileObject source) {
    return javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(source));
  }

  private static void assertSingleError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  void anAbstractOutputCompilesAndGeneratesTheImport() {
    JavaFileObject src =
        source(
            "Half",
            "@Model(scope = \"half\")",
            "@SavedModel(path = \"models/half\")",
            "public interface Half {",
            "  @Input(shape = {-1, 1}) Operand<TFloat32> x();",
            "  @Output(shape = {-1, 1}) Operand<TFloat32> y();",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonHalf")
        .contentsAsUtf8String()
        .contains("this.y = build.output(\"y\", build.importedOutput(\"y\", TFloat32.class));");
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonHalf")
        .contentsAsUtf8String()
        .contains(".savedModel(\"models/half\", \"serving_default\", \"serve\")");
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonHalf")
        .contentsAsUtf8String()
        .contains("public Builder savedModelPath(Path dir)");
  }

  @Test
  void aSavedModelThatCannotBeFoundIsANoteNotAnError() {
    JavaFileObject src =
        source(
            "Half",
            "@Model(scope = \"half\")",
            "@SavedModel(path = \"models/nowhere\")",
            "public interface Half {",
            "  @Input(shape = {-1, 1}) Operand<TFloat32> x();",
            "  @Output(shape = {-1, 1}) Operand<TFloat32> y();",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadNoteContaining(
            "[Cordon/SavedModelNotFound] Half: the SavedModel 'models/nowhere' is not on the compile"
                + " class path nor under -Acordon.savedModels")
        .inFile(src)
        .onLineContaining("@SavedModel");
  }

  @Test
  void variableRefused() {
    JavaFileObject src =
        source(
            "Half",
            "@Model(scope = \"half\")",
            "@SavedModel(path = \"models/half\")",
            "public interface Half {",
            "  @Input(shape = {-1, 1}) Operand<TFloat32> x();",
            "  @Variable(shape = {1}) Operand<TFloat32> w();",
            "  @Output(shape = {-1, 1}) Operand<TFloat32> y();",
            "}");
    assertSingleError(
        src,
        "[Cordon/SavedModelMember] Half.w(): a @SavedModel model is computed by its SavedModel, so it"
            + " declares no @Variable.",
        "Operand<TFloat32> w()");
  }

  @Test
  void lossRefused() {
    JavaFileObject src =
        source(
            "Half",
            "@Model(scope = \"half\")",
            "@SavedModel(path = \"models/half\")",
            "public interface Half {",
            "  @Input(shape = {-1, 1}) Operand<TFloat32> x();",
            "  @Output(shape = {-1, 1}) Operand<TFloat32> y();",
            "  @Loss default Operand<TFloat32> loss(Ops tf) { return tf.math.mean(y(), tf.constant(0)); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/SavedModelMember] Half.loss(Ops): a @SavedModel model is computed by its SavedModel,"
            + " so it declares no @Loss.",
        "@Loss");
  }

  @Test
  void outputWithABodyRefused() {
    JavaFileObject src =
        source(
            "Half",
            "@Model(scope = \"half\")",
            "@SavedModel(path = \"models/half\")",
            "public interface Half {",
            "  @Input(shape = {-1, 1}) Operand<TFloat32> x();",
            "  @Output(shape = {-1, 1}) default Operand<TFloat32> y(Ops tf) { return x(); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/SavedModelMember] Half.y(Ops): an @Output of a @SavedModel model names a tensor of"
            + " the signature, so it must be abstract (no body).",
        "y(Ops tf)");
  }
}
