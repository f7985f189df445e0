package dev.cordon.processor;

import static dev.cordon.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken sources: javac reports what is wrong, the processor adds nothing and never throws (no
 * "threw an uncaught exception", no follow-on Cordon errors).
 */
class RobustnessTest {

  @RegisterExtension final CordonCompiler cordon = new CordonCompiler();

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
    cordon.compile(src).assertJavacError("TMissing", "cannot find symbol");
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
    cordon.compile(src).assertErrorCount(1).assertOnlyJavacErrors();
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
    cordon.compile(src).assertOnlyJavacErrors();
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
    cordon.compile(source("M", model)).assertOnlyJavacErrors();
  }
}
