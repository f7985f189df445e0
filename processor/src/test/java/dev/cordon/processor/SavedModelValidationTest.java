package dev.cordon.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cordon.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.nio.file.Path;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The rules and diagnostics of {@code @Model @SavedModel} types. */
class SavedModelValidationTest {

  private static Compilation compile(JavaFileObject source) {
    return javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(source));
  }

  /** The directory holding {@code half_plus_two_tf1/saved_model.pb}, a real TF1 SavedModel. */
  private static final String SAVED_MODELS =
      Path.of("src/test/resources/savedmodels").toAbsolutePath().toString();

  private static Compilation compileWithSavedModels(JavaFileObject source) {
    return javac()
        .withProcessors(new CordonProcessor())
        .withOptions("-Acordon.savedModels=" + SAVED_MODELS)
        .compile(TestSources.withRuntime(source));
  }

  /** half_plus_two_tf1's "serving_default": x DT_FLOAT {-1, 1} → y DT_FLOAT {-1, 1}. */
  private static JavaFileObject halfPlusTwo(String savedModel, String x, String y) {
    return source(
        "Half",
        "@Model(scope = \"half\")",
        savedModel,
        "public interface Half {",
        "  " + x,
        "  " + y,
        "}");
  }

  private static final String SAVED_MODEL = "@SavedModel(path = \"half_plus_two_tf1\")";
  private static final String X = "@Input(shape = {-1, 1}) Operand<TFloat32> x();";
  private static final String Y = "@Output(shape = {-1, 1}) Operand<TFloat32> y();";

  private static void assertSingleSignatureError(JavaFileObject source, String message, String line) {
    Compilation compilation = compileWithSavedModels(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  void aMatchingSignatureCompilesWithoutDiagnostics() {
    Compilation compilation = compileWithSavedModels(halfPlusTwo(SAVED_MODEL, X, Y));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(0);
    org.junit.jupiter.api.Assertions.assertEquals(
        java.util.List.of(),
        compilation.diagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.NOTE)
            .map(d -> d.getMessage(null))
            .filter(m -> m.contains("[Cordon/"))
            .toList());
    assertThat(compilation).generatedSourceFile("com.acme.CordonHalf");
  }

  @Test
  void aSavedModelOnTheClassPathIsCheckedWithoutTheOption() {
    JavaFileObject src =
        halfPlusTwo(
            "@SavedModel(path = \"savedmodels/half_plus_two_tf1\")",
            "@Input(shape = {-1, 2}) Operand<TFloat32> x();",
            Y);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Cordon/SavedModelSignature] Half.x(): the @Input \"x\" is declared"
            + " Operand<TFloat32> with shape {-1, 2}")
        .inFile(src)
        .onLineContaining("Operand<TFloat32> x()");
  }

  @Test
  void wrongDtype() {
    assertSingleSignatureError(
        halfPlusTwo(SAVED_MODEL, "@Input(shape = {-1, 1}) Operand<TInt32> x();", Y),
        "[Cordon/SavedModelSignature] Half.x(): the @Input \"x\" is declared Operand<TInt32> with"
            + " shape {-1, 1}, but the input \"x\" of signature \"serving_default\" of the"
            + " SavedModel 'half_plus_two_tf1' is DT_FLOAT (TFloat32) with shape {-1, 1}. Declare"
            + " @Input Operand<TFloat32>.",
        "Operand<TInt32> x()");
  }

  @Test
  void wrongShape() {
    assertSingleSignatureError(
        halfPlusTwo(SAVED_MODEL, X, "@Output(shape = {-1, 1, 3}) Operand<TFloat32> y();"),
        "[Cordon/SavedModelSignature] Half.y(): the @Output \"y\" is declared Operand<TFloat32>"
            + " with shape {-1, 1, 3}, but the output \"y\" of signature \"serving_default\" of"
            + " the SavedModel 'half_plus_two_tf1' is DT_FLOAT (TFloat32) with shape {-1, 1}."
            + " Declare @Output(shape = {-1, 1}) Operand<TFloat32>.",
        "Operand<TFloat32> y()");
  }

  @Test
  void aKnownDimensionThatDiffersIsAWrongShape() {
    assertSingleSignatureError(
        halfPlusTwo(SAVED_MODEL, "@Input(shape = {-1, 4}) Operand<TFloat32> x();", Y),
        "is DT_FLOAT (TFloat32) with shape {-1, 1}. Declare @Input(shape = {-1, 1})"
            + " Operand<TFloat32>.",
        "Operand<TFloat32> x()");
  }

  @Test
  void anUnknownDimensionMatchesAnyKnownOne() {
    Compilation compilation =
        compileWithSavedModels(
            halfPlusTwo(SAVED_MODEL, "@Input(shape = {8, -1}) Operand<TFloat32> x();", Y));
    assertThat(compilation).succeeded();
  }

  @Test
  void unknownKey() {
    assertSingleSignatureError(
        halfPlusTwo(SAVED_MODEL, X, "@Output(shape = {-1, 1}) Operand<TFloat32> yy();"),
        "[Cordon/SavedModelSignature] Half.yy(): the @Output \"yy\" is not an output of signature"
            + " \"serving_default\" of the SavedModel 'half_plus_two_tf1'. Did you mean \"y\"?"
            + " Rename the method or set @Output(name).",
        "Operand<TFloat32> yy()");
  }

  @Test
  void unknownKeyFarFromAnyListsTheKeys() {
    assertSingleSignatureError(
        halfPlusTwo(SAVED_MODEL, "@Input(name = \"features\", shape = {-1, 1}) Operand<TFloat32> x();", Y),
        "[Cordon/SavedModelSignature] Half.x(): the @Input \"features\" is not an input of"
            + " signature \"serving_default\" of the SavedModel 'half_plus_two_tf1'. The inputs"
            + " are: x. Rename the method or set @Input(name).",
        "Operand<TFloat32> x()");
  }

  @Test
  void unknownSignature() {
    assertSingleSignatureError(
        halfPlusTwo(
            "@SavedModel(path = \"half_plus_two_tf1\", signature = \"serving_defualt\")", X, Y),
        "[Cordon/SavedModelSignature] Half: the SavedModel 'half_plus_two_tf1' has no signature"
            + " \"serving_defualt\" in its MetaGraph tagged [serve]. Did you mean"
            + " \"serving_default\"?",
        "serving_defualt");
  }

  @Test
  void unknownTags() {
    assertSingleSignatureError(
        halfPlusTwo("@SavedModel(path = \"half_plus_two_tf1\", tags = {\"serve\", \"gpu\"})", X, Y),
        "[Cordon/SavedModelSignature] Half: the SavedModel 'half_plus_two_tf1' has no MetaGraph"
            + " tagged [serve, gpu]; its tag sets are: [serve]. Set @SavedModel(tags) to one of"
            + " them.",
        "tags = {");
  }

  @Test
  void suppressedOnTheTypeSkipsTheCheck() {
    JavaFileObject src =
        source(
            "Half",
            "@SuppressWarnings(\"cordon:SavedModelSignature\")",
            "@Model(scope = \"half\")",
            SAVED_MODEL,
            "public interface Half {",
            "  " + X,
            "  @Output(shape = {-1, 1}) Operand<TInt32> y();",
            "}");
    assertThat(compileWithSavedModels(src)).succeeded();
  }

  @Test
  void suppressedOnAMemberSkipsOnlyThatMember() {
    assertSingleSignatureError(
        halfPlusTwo(
            SAVED_MODEL,
            "@Input(shape = {-1, 1}) Operand<TInt32> x();",
            "@SuppressWarnings(\"cordon:SavedModelSignature\") @Output(shape = {-1, 1})"
                + " Operand<TInt32> y();"),
        "[Cordon/SavedModelSignature] Half.x(): the @Input \"x\" is declared Operand<TInt32>",
        "Operand<TInt32> x()");
  }

  @Test
  void eachMismatchIsItsOwnError() {
    Compilation compilation =
        compileWithSavedModels(
            halfPlusTwo(
                SAVED_MODEL,
                "@Input(shape = {-1, 1}) Operand<TInt64> x();",
                "@Output(shape = {-1}) Operand<TFloat32> y();"));
    assertThat(compilation).hadErrorCount(2);
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
        .contains("this.y = assembly.output(\"y\", assembly.importedOutput(\"y\", TFloat32.class));");
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
