package dev.cordon.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cordon.processor.TestSources.source;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the processor generates: exact text, warning-free code, determinism, naming. */
class GenerationTest {

  /** Lint everything except javac's bookkeeping about unclaimed annotations (see below). */
  private static final String LINT = "-Xlint:all,-processing";

  private static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new CordonProcessor())
        .withOptions(LINT)
        .compile(TestSources.withRuntime(sources));
  }

  private static String generated(Compilation compilation, String className) {
    try {
      return compilation.generatedSourceFile(className).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void digitClassifierMatchesGoldenFile() throws IOException {
    Compilation compilation = compile(TestSources.resource("com/acme/DigitClassifier.java"));
    assertThat(compilation).succeededWithoutWarnings();
    String golden = "golden/com/acme/CordonDigitClassifier.java";
    if (Boolean.getBoolean("cordon.updateGoldens")) {
      Path path = Path.of("src/test/resources", golden);
      Files.writeString(path, generated(compilation, "com.acme.CordonDigitClassifier"), UTF_8);
    }
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonDigitClassifier")
        .contentsAsUtf8String()
        .isEqualTo(resource(golden));
  }

  @Test
  void cleanModelCompilesWithoutWarnings() {
    assertThat(compile(TestSources.resource("com/acme/DigitClassifier.java")))
        .succeededWithoutWarnings();
  }

  /**
   * Under the full {@code -Xlint:all}, javac's processing lint notes that nothing claims
   * {@code @Input}, {@code @Output}... (the processor supports only {@code @Model}) and the
   * generated {@code @Generated}; those are its only warnings: the generated code itself has none.
   */
  @Test
  void fullLintWarnsOnlyAboutUnclaimedAnnotations() {
    Compilation compilation =
        javac()
            .withProcessors(new CordonProcessor())
            .withOptions("-Xlint:all")
            .compile(TestSources.withRuntime(TestSources.resource("com/acme/DigitClassifier.java")));
    assertThat(compilation).succeeded();
    for (Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
      assertThat(warning.getMessage(null))
          .startsWith("No processor claimed any of these annotations");
    }
  }

  @Test
  void twoCompilationsGiveIdenticalBytes() throws IOException {
    Compilation first = compile(TestSources.resource("com/acme/DigitClassifier.java"));
    Compilation second = compile(TestSources.resource("com/acme/DigitClassifier.java"));
    assertThat(first).succeeded();
    assertThat(second).succeeded();
    assertThat(bytes(second.generatedFiles())).isEqualTo(bytes(first.generatedFiles()));
    assertThat(first.generatedFiles().size()).isGreaterThan(1);
  }

  private static List<String> bytes(List<JavaFileObject> files) throws IOException {
    List<String> result = new ArrayList<>();
    for (JavaFileObject file : files) {
      try (InputStream in = file.openInputStream()) {
        result.add(file.toUri().getPath() + ":" + java.util.HexFormat.of().formatHex(in.readAllBytes()));
      }
    }
    return result;
  }

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
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonRegressor");
    assertTrue(
        code.contains(
            "public final class CordonRegressor implements Regressor, CordonModel {"), code);
    assertTrue(code.contains("y = Regressor.super.y(tf);"), code);
    assertTrue(code.contains("public Operand<TFloat64> x() {"), code);
    assertTrue(code.contains("public double[][] y(double[][] x) {"), code);
    assertTrue(code.contains("public float trainStep(double[][] x, double[][] target) {"), code);
  }

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
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonOuter_Inner");
    assertTrue(code.contains("\nfinal class CordonOuter_Inner extends Outer.Inner"), code);
    assertTrue(code.contains("ModelSpec.builder(\"com.acme.Outer.Inner\", \"inner\")"), code);
    assertTrue(code.contains(".input(\"x\", TFloat32.class)\n"), code);
    assertTrue(code.contains("protected Operand<TFloat32> twice(Ops tf) {"), code);
    // Scalars have no array overload.
    assertTrue(!code.contains("float twice(float"), code);
  }

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
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonNames");
    assertTrue(code.contains("private final ModelEngine cordonEngine;"), code);
    assertTrue(code.contains(".input(\"in.put\", TFloat32.class, -1L)"), code);
    assertTrue(code.contains("this.engine = assembly.input(\"in.put\", TFloat32.class);"), code);
    assertTrue(code.contains("cordonEngine.predict(\"const\", TFloat32.class, engine, result)"), code);
    assertTrue(code.contains("TFloat32 result_ = sum(engineTensor, resultTensor)"), code);
  }

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
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonConstant");
    assertTrue(!code.contains("engine.predict("), code);
    assertTrue(code.contains("assembly.output(\"value\", value());"), code);
    assertTrue(code.contains("public Outputs run() {"), code);
    assertTrue(!code.contains("trainStep"), code);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = GenerationTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing " + path + "; run with -Dcordon.updateGoldens=true");
      }
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
