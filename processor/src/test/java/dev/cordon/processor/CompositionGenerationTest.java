package dev.cordon.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the processor generates for an {@code @Isolated} composition. */
class CompositionGenerationTest {

  private static final String LINT = "-Xlint:all,-processing";

  private static List<JavaFileObject> pipeline() {
    return TestSources.withRuntime(
        TestSources.resource("com/acme/Encoder.java"),
        TestSources.resource("com/acme/Ranker.java"),
        TestSources.resource("com/acme/SearchPipeline.java"));
  }

  private static Compilation compile(List<JavaFileObject> sources) {
    return javac().withProcessors(new CordonProcessor()).withOptions(LINT).compile(sources);
  }

  static String generated(Compilation compilation, String className) {
    try {
      return compilation.generatedSourceFile(className).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void searchPipelineMatchesGoldenFile() throws IOException {
    Compilation compilation = compile(pipeline());
    assertThat(compilation).succeededWithoutWarnings();
    String golden = "golden/com/acme/CordonSearchPipeline.java";
    if (Boolean.getBoolean("cordon.updateGoldens")) {
      Files.writeString(
          Path.of("src/test/resources", golden),
          generated(compilation, "com.acme.CordonSearchPipeline"),
          UTF_8);
    }
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonSearchPipeline")
        .contentsAsUtf8String()
        .isEqualTo(resource(golden));
  }

  @Test
  void nestedCompositionMatchesGoldenFile() throws IOException {
    List<JavaFileObject> sources = pipeline();
    sources.add(TestSources.resource("com/acme/JudgedSearch.java"));
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    String golden = "golden/com/acme/CordonJudgedSearch.java";
    if (Boolean.getBoolean("cordon.updateGoldens")) {
      Files.writeString(
          Path.of("src/test/resources", golden),
          generated(compilation, "com.acme.CordonJudgedSearch"),
          UTF_8);
    }
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonJudgedSearch")
        .contentsAsUtf8String()
        .isEqualTo(resource(golden));
  }

  @Test
  void nestedOutputsNeedOnlyWhatTheyNeedInside() {
    // Inner: a.out needs aIn only, b.out needs bIn only; Outer wires inner.bOut into c.
    JavaFileObject one =
        TestSources.source(
            "One",
            "@Model(scope = \"one\")",
            "public interface One {",
            "  @Input(shape = {-1, 3}) Operand<TFloat32> in();",
            "  @Output(shape = {-1, 3}) default Operand<TFloat32> out() { return in(); }",
            "}");
    JavaFileObject inner =
        TestSources.source(
            "Inner",
            "@Isolated",
            "public interface Inner {",
            "  @Isolated(scope = \"a\") One a();",
            "  @Isolated(scope = \"b\") One b();",
            "}");
    JavaFileObject outer =
        TestSources.source(
            "Outer",
            "@Isolated",
            "@Wire(from = \"inner.bOut\", to = \"c.in\")",
            "public interface Outer {",
            "  Inner inner();",
            "  @Isolated(scope = \"c\") One c();",
            "}");
    Compilation compilation = compile(TestSources.withRuntime(one, inner, outer));
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonOuter");
    assertTrue(code.contains("public CordonInner inner() {"), code);
    assertTrue(code.contains("this.inner = assembly.member(\"inner\", CordonInner.builder()).build();"), code);
    assertTrue(code.contains(".input(\"innerAIn\", \"inner.aIn\")\n"
        + "      .input(\"innerBIn\", \"inner.bIn\")\n"
        + "      .output(\"innerAOut\", \"inner.aOut\")\n"), code);
    assertTrue(code.contains("public TFloat32 innerAOut(TFloat32 innerAIn) {"), code);
    assertTrue(code.contains("public TFloat32 innerBOut(TFloat32 innerBIn) {"), code);
    assertTrue(code.contains("public TFloat32 cOut(TFloat32 innerBIn) {"), code);
    assertTrue(code.contains("public Outputs run(TFloat32 innerAIn, TFloat32 innerBIn) {"), code);
  }

  @Test
  void fullLintWarnsOnlyAboutUnclaimedAnnotations() {
    Compilation compilation =
        javac().withProcessors(new CordonProcessor()).withOptions("-Xlint:all").compile(pipeline());
    assertThat(compilation).succeeded();
    for (Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
      assertThat(warning.getMessage(null))
          .startsWith("No processor claimed any of these annotations");
    }
  }

  @Test
  void twoCompilationsGiveIdenticalText() {
    Compilation first = compile(pipeline());
    Compilation second = compile(pipeline());
    assertThat(generated(second, "com.acme.CordonSearchPipeline"))
        .isEqualTo(generated(first, "com.acme.CordonSearchPipeline"));
  }

  @Test
  void abstractClassCompositionNestedAndFromAnotherPackage() {
    JavaFileObject src =
        TestSources.source(
            "Outer",
            "public class Outer {",
            "  @Isolated(level = Isolation.SCOPE)",
            "  @Wire(from = \"first.embedding\", to = \"second.embedding\")",
            "  abstract static class Chain {",
            "    abstract Encoder first();",
            "    protected abstract Ranker second();",
            "  }",
            "}");
    Compilation compilation =
        compile(
            TestSources.withRuntime(
                TestSources.resource("com/acme/Encoder.java"),
                TestSources.resource("com/acme/Ranker.java"),
                src));
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonOuter_Chain");
    assertTrue(code.contains("final class CordonOuter_Chain extends Outer.Chain implements CordonComposition {"), code);
    assertTrue(code.contains("CompositionSpec.builder(\"com.acme.Outer.Chain\", \"chain\")"), code);
    assertTrue(code.contains("protected CordonRanker second() {"), code);
    assertTrue(code.contains("CordonEncoder first() {"), code);
    assertTrue(!code.contains("trainStep"), code);
    assertTrue(code.contains("public float[][] secondScore(float[][] firstPixels) {"), code);
  }

  @Test
  void buildOrderFollowsWiresThenDeclarationOrder() {
    JavaFileObject src =
        TestSources.source(
            "Backwards",
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Backwards {",
            "  Ranker ranker();",
            "  Ranker other();",
            "  Encoder encoder();",
            "}");
    Compilation compilation =
        compile(
            TestSources.withRuntime(
                TestSources.resource("com/acme/Encoder.java"),
                TestSources.resource("com/acme/Ranker.java"),
                src));
    assertThat(compilation).hadErrorCount(1); // ranker and other share scope "ranker"
    src =
        TestSources.source(
            "Backwards",
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Backwards {",
            "  Ranker ranker();",
            "  @Isolated(scope = \"other\") Ranker other();",
            "  Encoder encoder();",
            "}");
    compilation =
        compile(
            TestSources.withRuntime(
                TestSources.resource("com/acme/Encoder.java"),
                TestSources.resource("com/acme/Ranker.java"),
                src));
    assertThat(compilation).succeededWithoutWarnings();
    String code = generated(compilation, "com.acme.CordonBackwards");
    assertTrue(
        code.contains(
            ".member(\"other\", Isolation.BOUNDARY, \"other\")\n"
                + "      .member(\"encoder\", Isolation.BOUNDARY, \"encoder\")\n"
                + "      .member(\"ranker\", Isolation.BOUNDARY, \"ranker\")\n"),
        code);
    assertTrue(code.contains(".input(\"otherEmbedding\", \"other.embedding\")\n"
        + "      .input(\"encoderPixels\", \"encoder.pixels\")\n"), code);
    assertTrue(code.contains("public TFloat32 rankerScore(TFloat32 encoderPixels) {"), code);
    assertTrue(code.contains("public TFloat32 otherScore(TFloat32 otherEmbedding) {"), code);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in =
        CompositionGenerationTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing " + path + "; run with -Dcordon.updateGoldens=true");
      }
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
