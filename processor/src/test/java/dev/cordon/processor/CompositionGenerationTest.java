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

  /** A model of one input, {@code in}, and one output, {@code out}. */
  private static final JavaFileObject ONE =
      source(
          "One",
          "@Model(scope = \"one\")",
          "public interface One {",
          "  @Input(shape = {-1, 3}) Operand<TFloat32> in();",
          "  @Output(shape = {-1, 3}) default Operand<TFloat32> out(Ops tf) {",
          "    return tf.math.mul(in(), tf.constant(2f));",
          "  }",
          "}");

  /** Two independent members; the loss reads {@code body} only. */
  private static JavaFileObject twoBranches(String... loss) {
    String[] head = {
      "@Isolated(level = Isolation.SCOPE)",
      "public interface Branches {",
      "  @Isolated(scope = \"a\") One a();",
      "  @Isolated(scope = \"b\") One b();",
      "  @Input(shape = {-1, 3}, label = true) Operand<TFloat32> target();",
    };
    String[] lines = new String[head.length + loss.length + 1];
    System.arraycopy(head, 0, lines, 0, head.length);
    System.arraycopy(loss, 0, lines, head.length, loss.length);
    lines[lines.length - 1] = "}";
    return source("Branches", lines);
  }

  /**
   * trainStep takes only the composition inputs the loss needs: the loss reads a.out, which
   * needs aIn, so {@code trainStep(aIn, target)}, and the spec tells the runtime so
   * ({@code .trainInputs("aIn")}); predictions still take what they need.
   */
  @Test
  void trainStepTakesOnlyTheInputsTheLossNeeds() {
    JavaFileObject src =
        twoBranches(
            "  @Loss default Operand<TFloat32> loss(Ops tf, Layers nn) {",
            "    return nn.meanSquaredError(a().out(tf), target());",
            "  }");
    cordon.with(ONE).compile(src).assertClean().assertGolden("com.acme.CordonBranches");
  }

  /** What a helper method of the composition reads counts, followed from the loss. */
  @Test
  void trainStepFollowsHelperMethods() {
    JavaFileObject src =
        twoBranches(
            "  @Loss default Operand<TFloat32> loss(Ops tf, Layers nn) {",
            "    return nn.meanSquaredError(prediction(tf), target());",
            "  }",
            "  default Operand<TFloat32> prediction(Ops tf) { return b().out(tf); }");
    String generated = cordon.with(ONE).compile(src).assertClean().generated("com.acme.CordonBranches");
    assertThat(generated).contains("public float trainStep(TFloat32 bIn, TFloat32 target) {");
    assertThat(generated).contains(".trainInputs(\"bIn\")");
  }

  /** A member read as a value ({@code One m = a()}) counts as read whole; the input a member reads, too. */
  @Test
  void aMemberUsedAsAValueCountsWhole() {
    JavaFileObject src =
        twoBranches(
            "  @Loss default Operand<TFloat32> loss(Ops tf, Layers nn) {",
            "    One first = a();",
            "    return nn.meanSquaredError(tf.math.add(first.out(tf), b().in()), target());",
            "  }");
    String generated = cordon.with(ONE).compile(src).assertClean().generated("com.acme.CordonBranches");
    assertThat(generated)
        .contains("public float trainStep(TFloat32 aIn, TFloat32 bIn, TFloat32 target) {");
  }

  /** {@code this} handed to other code: anything may be read, so every input. */
  @Test
  void theCompositionEscapingTakesEveryInput() {
    JavaFileObject src =
        twoBranches(
            "  @Loss default Operand<TFloat32> loss(Ops tf, Layers nn) {",
            "    return nn.meanSquaredError(pick(this, tf), target());",
            "  }",
            "  static Operand<TFloat32> pick(Branches c, Ops tf) { return c.b().out(tf); }");
    String generated = cordon.with(ONE).compile(src).assertClean().generated("com.acme.CordonBranches");
    assertThat(generated)
        .contains("public float trainStep(TFloat32 aIn, TFloat32 bIn, TFloat32 target) {");
  }
}
