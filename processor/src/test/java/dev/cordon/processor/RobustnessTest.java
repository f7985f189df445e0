package dev.cordon.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cordon.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken sources: javac reports what is wrong, the processor adds nothing and never throws (no
 * "threw an uncaught exception", no follow-on Cordon errors).
 */
class RobustnessTest {

  private static Compilation compile(JavaFileObject source) {
    return javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(source));
  }

  private static void assertOnlyJavacErrors(Compilation compilation) {
    assertThat(compilation).failed();
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getMessage(null)).doesNotContain("Cordon");
      assertThat(error.getMessage(null)).doesNotContain("uncaught exception");
    }
  }

  @Test
  void missingTypeGivesOnlyJavacsError() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}) abstract Operand<TMissing> x();",
            "  @Output(shape = {1}) Operand<TFloat32> y(Ops tf) { return null; }",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(src)
        .onLineContaining("TMissing");
    assertOnlyJavacErrors(compilation);
  }

  @Test
  void missingSuperclassGivesOnlyJavacsError() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M extends MissingBase {",
            "  @Input(shape = {1}) abstract Operand<TFloat32> x();",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertOnlyJavacErrors(compilation);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "@Variable(shape = {1}, init = Init.NOPE) abstract Operand<TFloat32> w();",
        "@Variable(shape = {1, SIZE}) abstract Operand<TFloat32> w();",
        "@Input(label = true) abstract Operand<TFloat32> w();",
        "@Input(shape = {1}, name = NAME) abstract Operand<TFloat32> w();",
        "@Input(shape = \"1\") abstract Operand<TFloat32> w();",
        "@Output(shape = {1}) Operand<TFloat32> y(Ops tf, Missing m) { return null; }",
        "@Output(shape = {1}) Operand<TFloat32> y(Ops tf) { return missing(); }",
        "@Output(shape = {1}) List<Operand<TMissing>> y(Ops tf) { return null; }",
        "@Loss Operand<TFloat32> loss(Ops tf) throws MissingException { return null; }",
        "@Input(shape = {1}) abstract Operand<TFloat32> w() {",
      })
  void malformedMembersGiveOnlyJavacsErrors(String member) {
    JavaFileObject src =
        source("M", "@Model(scope = \"m\")", "public abstract class M {", "  " + member, "}");
    assertOnlyJavacErrors(compile(src));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "@Model(scope = SCOPE) public abstract class M {}",
        "@Model public abstract class M {}",
        "@Model(scope = \"m\") public abstract class M<T extends Missing> {}",
        "@Model(scope = \"m\") public abstract class M implements Missing {}",
        "@Model(scope = \"m\") public abstract class M { Missing field; }",
      })
  void malformedModelsGiveOnlyJavacsErrors(String model) {
    assertOnlyJavacErrors(compile(source("M", model)));
  }
}
