package dev.cordon.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.cordon.processor.TestSources.fixture;
import static dev.cordon.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the processor generates for an {@code @Isolated} composition (golden files). */
class CompositionGenerationTest {

  @RegisterExtension final CordonCompiler cordon = new CordonCompiler();

  /** The two members most compositions below are made of. */
  private final CordonCompiler withMembers = cordon.with(fixture("Encoder"), fixture("Ranker"));

  private Compiled pipeline() {
    return withMembers.compile(fixture("SearchPipeline"));
  }

  @Test
  void searchPipelineMatchesGoldenFile() {
    pipeline().assertClean().assertGolden("com.acme.CordonSearchPipeline");
  }

  @Test
  void nestedCompositionMatchesGoldenFile() {
    withMembers
        .compile(fixture("SearchPipeline"), fixture("JudgedSearch"))
        .assertClean()
        .assertGolden("com.acme.CordonJudgedSearch");
  }

  /**
   * Inner: a.out needs aIn only, b.out needs bIn only; Outer wires inner.bOut into c. Each of
   * Outer's predictions takes only the inputs it needs ({@code cOut(innerBIn)}), and the nested
   * member is built by its generated builder.
   */
  @Test
  void nestedOutputsNeedOnlyWhatTheyNeedInside() {
    JavaFileObject one =
        source(
            "One",
            "@Model(scope = \"one\")",
            "public interface One {",
            "  @Input(shape = {-1, 3}) Operand<TFloat32> in();",
            "  @Output(shape = {-1, 3}) default Operand<TFloat32> out() { return in(); }",
            "}");
    JavaFileObject inner =
        source(
            "Inner",
            "@Isolated",
            "public interface Inner {",
            "  @Isolated(scope = \"a\") One a();",
            "  @Isolated(scope = \"b\") One b();",
            "}");
    JavaFileObject outer =
        source(
            "Outer",
            "@Isolated",
            "@Wire(from = \"inner.bOut\", to = \"c.in\")",
            "public interface Outer {",
            "  Inner inner();",
            "  @Isolated(scope = \"c\") One c();",
            "}");
    cordon.with(one, inner).compile(outer).assertClean().assertGolden("com.acme.CordonOuter");
  }

  @Test
  void fullLintWarnsOnlyAboutUnclaimedAnnotations() {
    withMembers
        .withLint("-Xlint:all")
        .compile(fixture("SearchPipeline"))
        .assertEveryWarningStartsWith("No processor claimed any of these annotations");
  }

  @Test
  void twoCompilationsGiveIdenticalText() {
    assertThat(pipeline().generated("com.acme.CordonSearchPipeline"))
        .isEqualTo(pipeline().generated("com.acme.CordonSearchPipeline"));
  }

  /**
   * A nested, package-private abstract class composing models of its package: the generated
   * {@code CordonOuter_Chain} keeps the members' visibility and, at SCOPE level without a loss,
   * has no trainStep.
   */
  @Test
  void abstractClassCompositionNestedAndFromAnotherPackage() {
    JavaFileObject src =
        source(
            "Outer",
            "public class Outer {",
            "  @Isolated(level = Isolation.SCOPE)",
            "  @Wire(from = \"first.embedding\", to = \"second.embedding\")",
            "  abstract static class Chain {",
            "    abstract Encoder first();",
            "    protected abstract Ranker second();",
            "  }",
            "}");
    withMembers.compile(src).assertClean().assertGolden("com.acme.CordonOuter_Chain");
  }

  /**
   * Members are built wired-from before wired-to, else in declaration order: other, encoder,
   * ranker. Two members of one scope are an error first.
   */
  @Test
  void buildOrderFollowsWiresThenDeclarationOrder() {
    JavaFileObject sameScope =
        source(
            "Backwards",
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Backwards {",
            "  Ranker ranker();",
            "  Ranker other();",
            "  Encoder encoder();",
            "}");
    withMembers.compile(sameScope).assertErrorCount(1); // ranker and other share scope "ranker"
    JavaFileObject src =
        source(
            "Backwards",
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Backwards {",
            "  Ranker ranker();",
            "  @Isolated(scope = \"other\") Ranker other();",
            "  Encoder encoder();",
            "}");
    withMembers.compile(src).assertClean().assertGolden("com.acme.CordonBackwards");
  }
}
