package dev.cordon.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.cordon.processor.TestSources.fixture;
import static dev.cordon.processor.TestSources.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the processor generates: exact text (golden files, see {@link CordonCompiler}),
 * warning-free code, determinism, naming.
 */
class GenerationTest {

  @RegisterExtension final CordonCompiler cordon = new CordonCompiler();

  @Test
  void digitClassifierMatchesGoldenFile() {
    cordon
        .compile(fixture("DigitClassifier"))
        .assertClean()
        .assertGolden("com.acme.CordonDigitClassifier");
  }

  @Test
  void cleanModelCompilesWithoutWarnings() {
    cordon.compile(fixture("DigitClassifier")).assertClean();
  }

  /**
   * Under the full {@code -Xlint:all}, javac's processing lint notes that nothing claims
   * {@code @Input}, {@code @Output}... (the processor supports only {@code @Model}) and the
   * generated {@code @Generated}; those are its only warnings: the generated code itself has none.
   */
  @Test
  void fullLintWarnsOnlyAboutUnclaimedAnnotations() {
    cordon
        .withLint("-Xlint:all")
        .compile(fixture("DigitClassifier"))
        .assertEveryWarningStartsWith("No processor claimed any of these annotations");
  }

  @Test
  void twoCompilationsGiveIdenticalBytes() throws IOException {
    List<JavaFileObject> first =
        cordon.compile(fixture("DigitClassifier")).assertSucceeded().compilation().generatedFiles();
    List<JavaFileObject> second =
        cordon.compile(fixture("DigitClassifier")).assertSucceeded().compilation().generatedFiles();
    assertThat(bytes(second)).isEqualTo(bytes(first));
    assertThat(first.size()).isGreaterThan(1);
  }

  private static List<String> bytes(List<JavaFileObject> files) throws IOException {
    List<String> result = new ArrayList<>();
    for (JavaFileObject file : files) {
      try (InputStream in = file.openInputStream()) {
        result.add(file.toUri().getPath() + ":" + HexFormat.of().formatHex(in.readAllBytes()));
      }
    }
    return result;
  }

  /**
   * An interface model: the generated class implements it and calls the default methods through
   * {@code Regressor.super}; typed predictions and trainStep take double arrays.
   */
  @Test
  void interfaceModel() {
    JavaFileObject src =
        source(
            "Regressor",
            "@Model(scope = \"regressor\")",
            "public interface Regressor {",
            "  @Input(shape = {-1, 3}) Operand<TFloat64> x();",
            "  @Variable(shape = {3, 1}, init = Init.ZEROS) Operand<TFloat64> w();",
            "  @Input(shape = {-1, 1}, label = true) Operand<TFloat64> target();",
            "  @Output(shape = {-1, 1}) default Operand<TFloat64> y(Ops tf) {",
            "    return tf.linalg.matMul(x(), w());",
            "  }",
            "  @Loss default Operand<TFloat64> loss(Ops tf) {",
            "    return tf.math.mean(tf.math.squaredDifference(y(tf), target()), tf.constant(0));",
            "  }",
            "}");
    cordon.compile(src).assertClean().assertGolden("com.acme.CordonRegressor");
  }

  /**
   * A package-private nested model: a package-private {@code CordonOuter_Inner}, the spec named
   * {@code com.acme.Outer.Inner}, the protected output kept protected, and no array overload for
   * a scalar output.
   */
  @Test
  void nestedPackagePrivateModel() {
    JavaFileObject src =
        source(
            "Outer",
            "public class Outer {",
            "  @Model(scope = \"inner\")",
            "  abstract static class Inner {",
            "    @Input(shape = {}) abstract Operand<TFloat32> x();",
            "    @Output(shape = {}) protected Operand<TFloat32> twice(Ops tf) {",
            "      return tf.math.mul(x(), tf.constant(2f));",
            "    }",
            "  }",
            "}");
    cordon.compile(src).assertClean().assertGolden("com.acme.CordonOuter_Inner");
  }

  /**
   * Graph names that are not Java names ({@code in.put}, {@code const}) and Java names that clash
   * with the generated class's own fields and locals ({@code runtime}, {@code result}).
   */
  @Test
  void graphNamesAndClashingJavaNames() {
    JavaFileObject src =
        source(
            "Names",
            "@Model(scope = \"names\")",
            "public abstract class Names {",
            "  @Input(shape = {-1}, name = \"in.put\") abstract Operand<TFloat32> engine();",
            "  @Input(shape = {-1}) abstract Operand<TFloat32> result();",
            "  @Output(shape = {-1}) Operand<TFloat32> sum(Ops tf) {",
            "    return tf.math.add(engine(), result());",
            "  }",
            "  @Output(shape = {}, name = \"const\") Operand<TFloat32> one(Ops tf) {",
            "    return tf.constant(1f);",
            "  }",
            "}");
    cordon.compile(src).assertClean().assertGolden("com.acme.CordonNames");
  }

  /** An output of no input: no typed prediction, only {@code run()}; no loss, no trainStep. */
  @Test
  void outputWithoutParametersOrInputsHasNoTypedPrediction() {
    JavaFileObject src =
        source(
            "Constant",
            "@Model(scope = \"constant\")",
            "public abstract class Constant {",
            "  @Variable(shape = {2}, init = Init.ONES) abstract Operand<TFloat32> w();",
            "  @Output(shape = {2}) Operand<TFloat32> value() { return w(); }",
            "}");
    cordon.compile(src).assertClean().assertGolden("com.acme.CordonConstant");
  }
}
