package dev.cordon.processor;

import static dev.cordon.processor.TestSources.source;

import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rules and diagnostics of {@code @Model @SavedModel} types. */
class SavedModelValidationTest {

  @RegisterExtension final CordonCompiler cordon = new CordonCompiler();

  /** The directory holding {@code half_plus_two_tf1/saved_model.pb}, a real TF1 SavedModel. */
  private static final String SAVED_MODELS =
      Path.of("src/test/resources/savedmodels").toAbsolutePath().toString();

  /** Finds SavedModels under {@link #SAVED_MODELS}. */
  private final CordonCompiler withSavedModels =
      cordon.withOptions("-Acordon.savedModels=" + SAVED_MODELS);

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

  @Test
  void aMatchingSignatureCompilesWithoutDiagnostics() {
    Compiled compiled = withSavedModels.compile(halfPlusTwo(SAVED_MODEL, X, Y)).assertClean();
    compiled.generated("com.acme.CordonHalf");
  }

  @Test
  void aSavedModelOnTheClassPathIsCheckedWithoutTheOption() {
    JavaFileObject src =
        halfPlusTwo(
            "@SavedModel(path = \"savedmodels/half_plus_two_tf1\")",
            "@Input(shape = {-1, 2}) Operand<TFloat32> x();",
            Y);
    cordon.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TFloat32> x()",
        "Half.x(): the @Input \"x\" is declared Operand<TFloat32> with shape {-1, 2}");
  }

  @Test
  void wrongDtype() {
    JavaFileObject src = halfPlusTwo(SAVED_MODEL, "@Input(shape = {-1, 1}) Operand<TInt32> x();", Y);
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TInt32> x()",
        "Half.x(): the @Input \"x\" is declared Operand<TInt32> with shape {-1, 1}, but the input"
            + " \"x\" of signature \"serving_default\" of the SavedModel 'half_plus_two_tf1' is"
            + " DT_FLOAT (TFloat32) with shape {-1, 1}. Declare @Input Operand<TFloat32>.");
  }

  @Test
  void wrongShape() {
    JavaFileObject src =
        halfPlusTwo(SAVED_MODEL, X, "@Output(shape = {-1, 1, 3}) Operand<TFloat32> y();");
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TFloat32> y()",
        "Half.y(): the @Output \"y\" is declared Operand<TFloat32> with shape {-1, 1, 3}, but the"
            + " output \"y\" of signature \"serving_default\" of the SavedModel"
            + " 'half_plus_two_tf1' is DT_FLOAT (TFloat32) with shape {-1, 1}. Declare"
            + " @Output(shape = {-1, 1}) Operand<TFloat32>.");
  }

  @Test
  void aKnownDimensionThatDiffersIsAWrongShape() {
    JavaFileObject src =
        halfPlusTwo(SAVED_MODEL, "@Input(shape = {-1, 4}) Operand<TFloat32> x();", Y);
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TFloat32> x()",
        "Half.x(): the @Input \"x\" is declared Operand<TFloat32> with shape {-1, 4}",
        "is DT_FLOAT (TFloat32) with shape {-1, 1}. Declare @Input(shape = {-1, 1})"
            + " Operand<TFloat32>.");
  }

  @Test
  void anUnknownDimensionMatchesAnyKnownOne() {
    withSavedModels
        .compile(halfPlusTwo(SAVED_MODEL, "@Input(shape = {8, -1}) Operand<TFloat32> x();", Y))
        .assertSucceeded();
  }

  @Test
  void unknownKey() {
    JavaFileObject src =
        halfPlusTwo(SAVED_MODEL, X, "@Output(shape = {-1, 1}) Operand<TFloat32> yy();");
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TFloat32> yy()",
        "Half.yy(): the @Output \"yy\" is not an output of signature \"serving_default\" of the"
            + " SavedModel 'half_plus_two_tf1'. Did you mean \"y\"? Rename the method or set"
            + " @Output(name).");
  }

  @Test
  void unknownKeyFarFromAnyListsTheKeys() {
    JavaFileObject src =
        halfPlusTwo(
            SAVED_MODEL, "@Input(name = \"features\", shape = {-1, 1}) Operand<TFloat32> x();", Y);
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TFloat32> x()",
        "Half.x(): the @Input \"features\" is not an input of signature \"serving_default\" of"
            + " the SavedModel 'half_plus_two_tf1'. The inputs are: x. Rename the method or set"
            + " @Input(name).");
  }

  @Test
  void unknownSignature() {
    JavaFileObject src =
        halfPlusTwo(
            "@SavedModel(path = \"half_plus_two_tf1\", signature = \"serving_defualt\")", X, Y);
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "serving_defualt",
        "Half: the SavedModel 'half_plus_two_tf1' has no signature \"serving_defualt\" in its"
            + " MetaGraph tagged [serve]. Did you mean \"serving_default\"?");
  }

  @Test
  void unknownTags() {
    JavaFileObject src =
        halfPlusTwo("@SavedModel(path = \"half_plus_two_tf1\", tags = {\"serve\", \"gpu\"})", X, Y);
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "tags = {",
        "Half: the SavedModel 'half_plus_two_tf1' has no MetaGraph tagged [serve, gpu]; its tag"
            + " sets are: [serve]. Set @SavedModel(tags) to one of them.");
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
    withSavedModels.compile(src).assertSucceeded();
  }

  @Test
  void suppressedOnAMemberSkipsOnlyThatMember() {
    JavaFileObject src =
        halfPlusTwo(
            SAVED_MODEL,
            "@Input(shape = {-1, 1}) Operand<TInt32> x();",
            "@SuppressWarnings(\"cordon:SavedModelSignature\") @Output(shape = {-1, 1})"
                + " Operand<TInt32> y();");
    withSavedModels.compile(src).assertError(
        "SavedModelSignature",
        "Operand<TInt32> x()",
        "Half.x(): the @Input \"x\" is declared Operand<TInt32>");
  }

  @Test
  void eachMismatchIsItsOwnError() {
    JavaFileObject src =
        halfPlusTwo(
            SAVED_MODEL,
            "@Input(shape = {-1, 1}) Operand<TInt64> x();",
            "@Output(shape = {-1}) Operand<TFloat32> y();");
    withSavedModels
        .compile(src)
        .assertErrorCount(2)
        .hasError(src, "SavedModelSignature", "Operand<TInt64> x()", "Half.x(): ")
        .hasError(src, "SavedModelSignature", "Operand<TFloat32> y()", "Half.y(): ");
  }

  /**
   * An abstract output names a tensor of the imported signature; the generated class imports
   * the SavedModel and its builder takes {@code savedModelPath(Path)}.
   */
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
    cordon.compile(src).assertSucceeded().assertGolden("com.acme.CordonHalf");
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
    cordon.compile(src).assertNote(
        "SavedModelNotFound",
        "@SavedModel",
        "Half: the SavedModel 'models/nowhere' is not on the compile class path nor under"
            + " -Acordon.savedModels");
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
    cordon.compile(src).assertError(
        "SavedModelMember",
        "Operand<TFloat32> w()",
        "Half.w(): a @SavedModel model is computed by its SavedModel, so it declares no"
            + " @Variable.");
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
    cordon.compile(src).assertError(
        "SavedModelMember",
        "@Loss",
        "Half.loss(Ops): a @SavedModel model is computed by its SavedModel, so it declares no"
            + " @Loss.");
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
    cordon.compile(src).assertError(
        "SavedModelMember",
        "y(Ops tf)",
        "Half.y(Ops): an @Output of a @SavedModel model names a tensor of the signature, so it"
            + " must be abstract (no body).");
  }
}
