package dev.cordon.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cordon.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per composition error: exactly one error, with its id and message, on the line at
 * fault (the {@code @Wire(...)} or {@code @Isolated(...)} line, else the member method).
 */
class CompositionValidationTest {

  /** Members for the tests, besides the Encoder ([-1, 4] -> [-1, 3]) and Ranker resources. */
  private static final JavaFileObject LOOP =
      source(
          "Loop",
          "@Model(scope = \"loop\")",
          "public interface Loop {",
          "  @Input(shape = {-1, 1}) Operand<TFloat32> hint();",
          "  @Output(shape = {-1, 1}) default Operand<TFloat32> out() { return hint(); }",
          "}");

  private static final JavaFileObject WIDE =
      source(
          "Wide",
          "@Model(scope = \"wide\")",
          "public interface Wide {",
          "  @Input(shape = {-1, 5}) Operand<TFloat32> embedding();",
          "  @Input(shape = {-1, 3}) Operand<TInt32> ids();",
          "  @Output(shape = {-1}) default Operand<TFloat32> sum(Ops tf) {",
          "    return tf.reduceSum(embedding(), tf.constant(1));",
          "  }",
          "}");

  private static Compilation compile(JavaFileObject composition) {
    return javac()
        .withProcessors(new CordonProcessor())
        .compile(
            TestSources.withRuntime(
                TestSources.resource("com/acme/Encoder.java"),
                TestSources.resource("com/acme/Ranker.java"),
                LOOP,
                WIDE,
                composition));
  }

  private static void assertSingleError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  private static JavaFileObject composition(String... lines) {
    return source("P", lines);
  }

  @Test
  void validCompositionHasNoDiagnostics() {
    Compilation compilation =
        compile(
            composition(
                "@Isolated",
                "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
                "public interface P {",
                "  Encoder encoder();",
                "  Ranker ranker();",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  // Scopes.

  @Test
  void scopeConflictOnTheLaterMember() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Ranker ranker();",
            "  Ranker audit();",
            "}");
    assertSingleError(
        src,
        "[Cordon/ScopeConflict] P: P.audit() and P.ranker() are built into one graph, and both"
            + " use the scope \"ranker\", so their variables would collide. Give P.audit() a scope"
            + " of its own, e.g. @Isolated(scope = \"audit\").",
        "Ranker audit();");
  }

  @Test
  void scopeConflictByPrefixOnTheScopeValue() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Ranker ranker();",
            "  @Isolated(scope = \"ranker/inner\") Ranker audit();",
            "}");
    assertSingleError(
        src,
        "scope \"ranker/inner\" and scope \"ranker\" nest in one another",
        "@Isolated(scope = \"ranker/inner\")");
  }

  @Test
  void scopeConflictWithTheCompositionsOwnScope() {
    JavaFileObject src =
        composition(
            "@Isolated(scope = \"ranker\")",
            "public interface P {",
            "  Ranker ranker();",
            "  @Input(shape = {-1, 1}, label = true) Operand<TFloat32> relevance();",
            "}");
    assertSingleError(
        src,
        "[Cordon/ScopeConflict] P: P.ranker() and the composition's own labels and loss",
        "Ranker ranker();");
  }

  @Test
  void graphMembersHaveAGraphOfTheirOwn() {
    Compilation compilation =
        compile(
            composition(
                "@Isolated",
                "public interface P {",
                "  Ranker ranker();",
                "  @Isolated(level = Isolation.GRAPH) Ranker audit();",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void memberScopeInvalid() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  @Isolated(scope = \"team/_bad\") Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/ScopeInvalid] P.ranker(): @Isolated scope \"team/_bad\" is not a valid"
            + " TensorFlow name scope: segment \"_bad\"",
        "scope = \"team/_bad\"");
  }

  @Test
  void compositionScopeInvalid() {
    JavaFileObject src =
        composition(
            "@Isolated(scope = \"-pipeline\")",
            "public interface P {",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/ScopeInvalid] P: @Isolated scope \"-pipeline\" is not a valid TensorFlow name"
            + " scope",
        "@Isolated(scope = \"-pipeline\")");
  }

  // Wires.

  @Test
  void wireDirectionOfTheTarget() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.score\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/WireDirection] P: @Wire(to = \"ranker.score\") names the output \"score\" of"
            + " com.acme.Ranker",
        "@Wire(from = \"encoder.embedding\", to = \"ranker.score\")");
  }

  @Test
  void unknownPortListsTheInputs() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.features\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "member ranker (com.acme.Ranker) has no input \"features\". The inputs are: embedding,"
            + " target.",
        "@Wire(from = \"encoder.embedding\", to = \"ranker.features\")");
  }

  @Test
  void isolatedOnACompositionLabel() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Ranker ranker();",
            "  @Isolated(level = Isolation.SCOPE)",
            "  @Input(shape = {-1, 1}, label = true) Operand<TFloat32> relevance();",
            "}");
    assertSingleError(
        src, "[Cordon/IsolatedMember] P.relevance(): @Isolated on a method only applies to"
            + " members", "@Isolated(level = Isolation.SCOPE)");
  }

  @Test
  void wireSyntax() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/WireSyntax] P: @Wire(from = \"encoder\") must name \"member.port\"",
        "@Wire(from = \"encoder\"");
  }

  @Test
  void unknownMemberSuggestsTheClosest() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encodr.embedding\", to = \"ranker.embedding\")",
            "@Wire(from = \"encoder.embedding\", to = \"audit.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "  @Isolated(level = Isolation.GRAPH) Ranker audit();",
            "}");
    assertSingleError(
        src,
        "[Cordon/UnknownMember] P: @Wire(from = \"encodr.embedding\") names the member"
            + " \"encodr\", which P does not declare. Did you mean \"encoder\"?",
        "@Wire(from = \"encodr.embedding\"");
  }

  @Test
  void unknownMemberListsTheMembers() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"xyzzy.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "which P does not declare. The members are: encoder, ranker.",
        "@Wire(from = \"encoder.embedding\", to = \"xyzzy.embedding\")");
  }

  @Test
  void unknownPort() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embeding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/UnknownPort] P: @Wire(from = \"encoder.embeding\"): member encoder"
            + " (com.acme.Encoder) has no output \"embeding\". Did you mean \"embedding\"?",
        "@Wire(from = \"encoder.embeding\"");
  }

  @Test
  void wireDirection() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.pixels\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/WireDirection] P: @Wire(from = \"encoder.pixels\") names the input \"pixels\""
            + " of com.acme.Encoder",
        "@Wire(from = \"encoder.pixels\"");
  }

  @Test
  void wireType() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"wide.ids\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Wide wide();",
            "}");
    assertSingleError(
        src,
        "[Cordon/WireType] P: encoder.embedding is TFloat32 (output of com.acme.Encoder) but"
            + " wide.ids expects TInt32 (input of com.acme.Wide).",
        "@Wire(from = \"encoder.embedding\", to = \"wide.ids\")");
  }

  @Test
  void wireShape() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"wide.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Wide wide();",
            "}");
    assertSingleError(
        src,
        "[Cordon/WireShape] P: encoder.embedding has shape [-1, 3] but wide.embedding expects"
            + " [-1, 5]",
        "@Wire(from = \"encoder.embedding\", to = \"wide.embedding\")");
  }

  @Test
  void inputFedTwiceOnTheSecondWire() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "@Wire(from = \"second.embedding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  @Isolated(scope = \"second\") Encoder second();",
            "  Ranker ranker();",
            "}");
    assertSingleError(
        src,
        "[Cordon/InputFedTwice] P: ranker.embedding is already fed by the wire from"
            + " encoder.embedding",
        "@Wire(from = \"second.embedding\"");
  }

  @Test
  void selfWire() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"loop.out\", to = \"loop.hint\")",
            "public interface P {",
            "  Loop loop();",
            "}");
    assertSingleError(src, "[Cordon/SelfWire] P: @Wire(from = \"loop.out\", to = \"loop.hint\")",
        "@Wire(from = \"loop.out\"");
  }

  @Test
  void wireCycleReportedOnceOnItsLastWire() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"a.out\", to = \"b.hint\")",
            "@Wire(from = \"b.out\", to = \"c.hint\")",
            "@Wire(from = \"c.out\", to = \"a.hint\")",
            "public interface P {",
            "  @Isolated(scope = \"a\") Loop a();",
            "  @Isolated(scope = \"b\") Loop b();",
            "  @Isolated(scope = \"c\") Loop c();",
            "}");
    assertSingleError(
        src,
        "[Cordon/WireCycle] P: the wires form a cycle, so no member can be built first:",
        "@Wire(from = \"c.out\"");
    assertThat(compile(src))
        .hadErrorContaining("a.out -> b.hint, b.out -> c.hint, c.out -> a.hint")
        .inFile(src)
        .onLineContaining("@Wire(from = \"c.out\"");
  }

  @Test
  void unknownPortCausesNoFurtherErrors() {
    // The typo'd wire would otherwise close a cycle; it is dropped, so only one error.
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"a.out\", to = \"b.hint\")",
            "@Wire(from = \"b.outt\", to = \"a.hint\")",
            "public interface P {",
            "  @Isolated(scope = \"a\") Loop a();",
            "  @Isolated(scope = \"b\") Loop b();",
            "}");
    assertSingleError(src, "[Cordon/UnknownPort]", "@Wire(from = \"b.outt\"");
  }

  // Members.

  @Test
  void notAModel() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  String name();", "}");
    assertSingleError(
        src,
        "[Cordon/NotAModel] P.name() is an abstract member of a composition, but returns"
            + " String, which is neither a @Model nor an @Isolated type.",
        "String name();");
  }

  // Nested compositions.

  /** A nested composition: input encoderPixels, outputs encoderEmbedding and rankerScore. */
  private static final JavaFileObject INNER =
      source(
          "Inner",
          "@Isolated",
          "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
          "public interface Inner {",
          "  Encoder encoder();",
          "  Ranker ranker();",
          "}");

  private static final JavaFileObject COUNTER =
      source(
          "Counter",
          "@Model(scope = \"counter\")",
          "public interface Counter {",
          "  @Input(shape = {-1, 4}) Operand<TInt32> ids();",
          "  @Output(shape = {-1, 4}) default Operand<TInt32> same() { return ids(); }",
          "}");

  private static Compilation compileNested(JavaFileObject... sources) {
    List<JavaFileObject> all =
        TestSources.withRuntime(
            TestSources.resource("com/acme/Encoder.java"),
            TestSources.resource("com/acme/Ranker.java"),
            LOOP,
            WIDE,
            COUNTER);
    all.addAll(List.of(sources));
    return javac().withProcessors(new CordonProcessor()).compile(all);
  }

  private static void assertSingleNestedError(JavaFileObject src, String message, String line) {
    Compilation compilation = compileNested(INNER, src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(src).onLineContaining(line);
  }

  @Test
  void nestedCompositionHasNoDiagnostics() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"inner.encoderEmbedding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Inner inner();",
            "  @Isolated(level = Isolation.SCOPE) Ranker ranker();",
            "}");
    assertThat(compileNested(INNER, src)).succeededWithoutWarnings();
  }

  @Test
  void wireTypeOutOfANestedMember() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"inner.encoderEmbedding\", to = \"wide.ids\")",
            "public interface P {",
            "  Inner inner();",
            "  Wide wide();",
            "}");
    assertSingleNestedError(
        src,
        "[Cordon/WireType] P: inner.encoderEmbedding is TFloat32 (output of com.acme.Inner) but"
            + " wide.ids expects TInt32 (input of com.acme.Wide).",
        "@Wire(from = \"inner.encoderEmbedding\", to = \"wide.ids\")");
  }

  @Test
  void wireTypeIntoANestedMember() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "@Wire(from = \"counter.same\", to = \"inner.encoderPixels\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "  Counter counter();",
            "  Inner inner();",
            "}");
    assertSingleNestedError(
        src,
        "[Cordon/WireType] P: counter.same is TInt32 (output of com.acme.Counter) but"
            + " inner.encoderPixels expects TFloat32 (input of com.acme.Inner).",
        "@Wire(from = \"counter.same\", to = \"inner.encoderPixels\")");
  }

  @Test
  void unknownNestedPortSuggestsTheClosest() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"inner.encoderEmbeding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Inner inner();",
            "  Ranker ranker();",
            "}");
    assertSingleNestedError(
        src,
        "[Cordon/UnknownPort] P: @Wire(from = \"inner.encoderEmbeding\"): member inner"
            + " (com.acme.Inner) has no output \"encoderEmbeding\". Did you mean"
            + " \"encoderEmbedding\"?",
        "@Wire(from = \"inner.encoderEmbeding\"");
  }

  @Test
  void wireIntoANestedOutputIsAWireDirectionError() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"ranker.score\", to = \"inner.rankerScore\")",
            "public interface P {",
            "  Inner inner();",
            "  Ranker ranker();",
            "}");
    assertSingleNestedError(
        src,
        "[Cordon/WireDirection] P: @Wire(to = \"inner.rankerScore\") names the output"
            + " \"rankerScore\" of com.acme.Inner",
        "@Wire(from = \"ranker.score\", to = \"inner.rankerScore\")");
  }

  @Test
  void scopeConflictWithANestedMember() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Inner inner();",
            "  @Isolated(scope = \"inner/ranker\")",
            "  Ranker ranker();",
            "}");
    assertSingleNestedError(
        src,
        "[Cordon/ScopeConflict] P: P.ranker() and P.inner() are built into one graph, and scope"
            + " \"inner/ranker\" and scope \"inner\" nest in one another",
        "scope = \"inner/ranker\"");
  }

  @Test
  void graphNestedMemberIsAloneInItsGraph() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  @Isolated(level = Isolation.GRAPH) Inner inner();",
            "  @Isolated(scope = \"inner/ranker\") Ranker ranker();",
            "}");
    assertThat(compileNested(INNER, src)).succeededWithoutWarnings();
  }

  @Test
  void nestedMemberScopeComesFromItsIsolatedOrItsName() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  @Isolated(scope = \"ranker\") Inner inner();",
            "  Ranker ranker();",
            "}");
    assertSingleNestedError(
        src,
        "[Cordon/ScopeConflict] P: P.ranker() and P.inner() are built into one graph, and both"
            + " use the scope \"ranker\"",
        "Ranker ranker();");
  }

  @Test
  void untrainableLossThroughANestedMemberWithoutScopeModels() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  @Isolated(level = Isolation.SCOPE) Inner inner();",
            "  @Input(shape = {-1, 1}, label = true) Operand<TFloat32> relevance();",
            "  @Loss default Operand<TFloat32> loss(Ops tf, Layers nn) {",
            "    return nn.meanSquaredError(inner().ranker().score(tf), relevance());",
            "  }",
            "}");
    Compilation compilation = compileNested(INNER, src);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[Cordon/UntrainableLoss] P.loss(Ops, Layers): its SCOPE members inner are"
                + " compositions with no model at level SCOPE inside")
        .inFile(src)
        .onLineContaining("@Loss");
    JavaFileObject scopedInner =
        source(
            "Inner",
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Inner {",
            "  Encoder encoder();",
            "  @Isolated(level = Isolation.SCOPE) Ranker ranker();",
            "}");
    assertThat(compileNested(scopedInner, src)).succeededWithoutWarnings();
  }

  @Test
  void compositionNestingItself() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Encoder encoder();",
            "  P again();",
            "}");
    assertSingleError(
        src,
        "[Cordon/NestedComposition] P.again() returns the composition P, which contains this"
            + " composition again: P.again() -> P. A composition cannot nest itself",
        "P again();");
  }

  @Test
  void compositionsNestingEachOtherReportTheChainOnEach() {
    JavaFileObject a =
        source("A", "@Isolated", "public interface A {", "  Encoder encoder();", "  B b();", "}");
    JavaFileObject b =
        source("B", "@Isolated", "public interface B {", "  Ranker ranker();", "  A a();", "}");
    Compilation compilation = compileNested(a, b);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Cordon/NestedComposition] A.b() returns the composition B, which contains this"
                + " composition again: A.b() -> B.a() -> A.")
        .inFile(a)
        .onLineContaining("B b();");
    assertThat(compilation)
        .hadErrorContaining("B.a() -> A.b() -> B.")
        .inFile(b)
        .onLineContaining("A a();");
  }

  @Test
  void wireCycleThroughANestedMember() {
    JavaFileObject box =
        source("Box", "@Isolated", "public interface Box {", "  Loop loop();", "}");
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"box.loopOut\", to = \"loop.hint\")",
            "@Wire(from = \"loop.out\", to = \"box.loopHint\")",
            "public interface P {",
            "  Box box();",
            "  Loop loop();",
            "}");
    Compilation compilation = compileNested(box, src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Cordon/WireCycle] P: the wires form a cycle, so no member can be built first:")
        .inFile(src)
        .onLineContaining("@Wire(from = \"loop.out\"");
    assertThat(compilation)
        .hadErrorContaining("box.loopOut -> loop.hint, loop.out -> box.loopHint")
        .inFile(src)
        .onLineContaining("@Wire(from = \"loop.out\"");
  }

  @Test
  void nestedCompositionWithErrorsReportsOnlyItsOwnError() {
    JavaFileObject broken =
        source(
            "Broken",
            "@Isolated",
            "@Wire(from = \"encoder.embeding\", to = \"ranker.embedding\")",
            "public interface Broken {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"broken.nothing\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Broken broken();",
            "  Ranker ranker();",
            "}");
    Compilation compilation = compileNested(broken, src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Cordon/UnknownPort] Broken")
        .inFile(broken)
        .onLineContaining("encoder.embeding");
  }

  @Test
  void memberSignatureParameters() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  Ranker ranker(int i);", "}");
    assertSingleError(
        src,
        "[Cordon/MemberSignature] P.ranker(int): a composition member takes no parameters",
        "Ranker ranker(int i);");
  }

  @Test
  void memberSignatureNotAbstract() {
    JavaFileObject src =
        composition(
            "@Isolated", "public interface P {", "  default Ranker ranker() { return null; }", "}");
    assertSingleError(
        src, "[Cordon/MemberSignature] P.ranker(): a composition member must be abstract",
        "default Ranker ranker()");
  }

  @Test
  void compositionInputMustBeALabel() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Ranker ranker();",
            "  @Input(shape = {-1, 1}) Operand<TFloat32> x();",
            "}");
    assertSingleError(
        src, "[Cordon/CompositionInput] P.x(): a composition takes its inputs from its members",
        "Operand<TFloat32> x();");
  }

  @Test
  void nameClashWithTheGeneratedApi() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  Ranker run();", "}");
    assertSingleError(
        src, "[Cordon/NameClash] P: the generated method run() (the generated API) clashes with"
            + " P.run()", "Ranker run();");
  }

  @Test
  void nameClashBetweenPredictions() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Ranker ranker();",
            "  default String rankerScore() { return \"\"; }",
            "}");
    assertSingleError(
        src,
        "[Cordon/NameClash] P: the generated method rankerScore(...) (the prediction of"
            + " ranker.score) clashes with P.rankerScore()",
        "Ranker ranker();");
  }

  @Test
  void untrainableLossIsAWarning() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "  @Input(shape = {-1, 1}, label = true) Operand<TFloat32> relevance();",
            "  @Loss default Operand<TFloat32> loss(Ops tf, Layers nn) {",
            "    return nn.meanSquaredError(ranker().score(tf), relevance());",
            "  }",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[Cordon/UntrainableLoss] P.loss(Ops, Layers): no member of the composition is at"
                + " level SCOPE, so its training step can change no variable; gradients stop at"
                + " encoder.embedding -> ranker.embedding (BOUNDARY). Add @Isolated(level ="
                + " Isolation.SCOPE)")
        .inFile(src)
        .onLineContaining("@Loss");
  }

  @Test
  void isolatedMethodOutsideAComposition() {
    JavaFileObject src =
        source(
            "Plain",
            "public abstract class Plain {",
            "  @Isolated(level = Isolation.GRAPH) abstract Ranker ranker();",
            "}");
    Compilation compilation =
        javac()
            .withProcessors(new CordonProcessor())
            .compile(TestSources.withRuntime(TestSources.resource("com/acme/Ranker.java"), src));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Cordon/IsolatedMember] Plain.ranker(): @Isolated on a method only applies to"
                + " members of a composition")
        .inFile(src)
        .onLineContaining("@Isolated(level = Isolation.GRAPH)");
  }

  // The composition type.

  @Test
  void compositionKind() {
    JavaFileObject src = composition("@Isolated", "public class P {}");
    assertSingleError(
        src,
        "[Cordon/CompositionKind] P: @Isolated goes on an abstract class or an interface, not on"
            + " a concrete class.",
        "@Isolated");
  }

  @Test
  void compositionInnerClass() {
    JavaFileObject src =
        source(
            "Outer",
            "public class Outer {",
            "  @Isolated",
            "  abstract class P {",
            "    abstract Ranker ranker();",
            "  }",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Cordon/ModelInnerClass] Outer.P: a nested @Isolated class must be static")
        .inFile(src)
        .onLineContaining("@Isolated");
  }

  // No cascades.

  @Test
  void memberModelWithErrorsReportsOnlyItsOwnError() {
    JavaFileObject broken =
        source(
            "Broken",
            "@Model(scope = \"_broken\")",
            "public interface Broken {",
            "  @Input(shape = {-1, 3}) Operand<TFloat32> embedding();",
            "}");
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"broken.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Broken broken();",
            "}");
    Compilation compilation =
        javac()
            .withProcessors(new CordonProcessor())
            .compile(
                TestSources.withRuntime(
                    TestSources.resource("com/acme/Encoder.java"), broken, src));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Cordon/ScopeInvalid] Broken")
        .inFile(broken)
        .onLineContaining("_broken");
  }

  /** Writes the model {@code com.acme.Later} in the first round, as another processor might. */
  @javax.annotation.processing.SupportedAnnotationTypes("*")
  static final class LaterModelProcessor extends javax.annotation.processing.AbstractProcessor {
    private boolean written;

    @Override
    public javax.lang.model.SourceVersion getSupportedSourceVersion() {
      return javax.lang.model.SourceVersion.latestSupported();
    }

    @Override
    public boolean process(
        java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
        javax.annotation.processing.RoundEnvironment round) {
      if (!written) {
        written = true;
        try (java.io.Writer out =
            processingEnv.getFiler().createSourceFile("com.acme.Later").openWriter()) {
          out.write(
              String.join(
                  "\n",
                  "package com.acme;",
                  TestSources.IMPORTS,
                  "@Model(scope = \"later\")",
                  "public interface Later {",
                  "  @Input(shape = {-1, 4}) Operand<TFloat32> x();",
                  "  @Output(shape = {-1, 4}) default Operand<TFloat32> y() { return x(); }",
                  "}"));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void compositionNestingOneThatWaitsForAGeneratedModelIsGeneratedWithIt() {
    JavaFileObject inner =
        source("Inner", "@Isolated", "public interface Inner {", "  Later later();", "}");
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"inner.laterY\", to = \"encoder.pixels\")",
            "public interface P {",
            "  Inner inner();",
            "  Encoder encoder();",
            "}");
    Compilation compilation =
        javac()
            .withProcessors(new LaterModelProcessor(), new CordonProcessor())
            .compile(TestSources.resource("com/acme/Encoder.java"), inner, src);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.CordonP")
        .contentsAsUtf8String()
        .contains("public TFloat32 encoderEmbedding(TFloat32 innerLaterX) {");
  }

  @Test
  void missingMemberTypeGivesOnlyJavacsError() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  Missing missing();", "}");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(src)
        .onLineContaining("Missing missing();");
  }

  @Test
  void unresolvableWireValueGivesOnlyJavacsError() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = FROM, to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    for (var error : compilation.errors()) {
      assertThat(error.getMessage(null)).doesNotContain("Cordon");
      assertThat(error.getMessage(null)).doesNotContain("uncaught exception");
    }
  }

  // Across a library boundary.

  @TempDir Path library;

  @Test
  void wireTypeMismatchWithAModelFromTheClasspath() throws IOException {
    JavaFileObject remote =
        com.google.testing.compile.JavaFileObjects.forSourceString(
            "com.lib.Scorer",
            String.join(
                "\n",
                "package com.lib;",
                TestSources.IMPORTS,
                "@Model(scope = \"scorer\")",
                "public interface Scorer {",
                "  @Input(shape = {-1, 3}) Operand<TFloat64> features();",
                "  @Output(shape = {-1}) default Operand<TFloat64> score(Ops tf) {",
                "    return tf.reduceSum(features(), tf.constant(1));",
                "  }",
                "}"));
    List<File> classpath = compileLibrary(remote);
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"scorer.features\")",
            "public interface P {",
            "  Encoder encoder();",
            "  com.lib.Scorer scorer();",
            "}");
    Compilation second =
        javac()
            .withProcessors(new CordonProcessor())
            .withClasspath(classpath)
            .compile(TestSources.resource("com/acme/Encoder.java"), src);
    assertThat(second).hadErrorCount(1);
    assertThat(second)
        .hadErrorContaining(
            "[Cordon/WireType] P: encoder.embedding is TFloat32 (output of com.acme.Encoder) but"
                + " scorer.features expects TFloat64 (input of com.lib.Scorer).")
        .inFile(src)
        .onLineContaining("@Wire(from = \"encoder.embedding\", to = \"scorer.features\")");
  }

  @Test
  void nestedCompositionFromTheClasspath() throws IOException {
    JavaFileObject remote =
        com.google.testing.compile.JavaFileObjects.forSourceString(
            "com.lib.Search",
            String.join(
                "\n",
                "package com.lib;",
                TestSources.IMPORTS,
                "@Isolated(scope = \"search\")",
                "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
                "public interface Search {",
                "  com.acme.Encoder encoder();",
                "  com.acme.Ranker ranker();",
                "}"));
    List<File> classpath =
        compileLibrary(
            TestSources.resource("com/acme/Encoder.java"),
            TestSources.resource("com/acme/Ranker.java"),
            remote);
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"search.rankerScore\", to = \"wide.ids\")",
            "public interface P {",
            "  com.lib.Search search();",
            "  Wide wide();",
            "}");
    Compilation second =
        javac().withProcessors(new CordonProcessor()).withClasspath(classpath).compile(WIDE, src);
    assertThat(second).hadErrorCount(1);
    assertThat(second)
        .hadErrorContaining(
            "[Cordon/WireType] P: search.rankerScore is TFloat32 (output of com.lib.Search) but"
                + " wide.ids expects TInt32 (input of com.acme.Wide).")
        .inFile(src)
        .onLineContaining("@Wire(from = \"search.rankerScore\", to = \"wide.ids\")");
    JavaFileObject fixed =
        composition(
            "@Isolated",
            "@Wire(from = \"search.encoderEmbedding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  com.lib.Search search();",
            "  Ranker ranker();",
            "}");
    Compilation third =
        javac()
            .withProcessors(new CordonProcessor())
            .withClasspath(classpath)
            .compile(fixed);
    assertThat(third).succeededWithoutWarnings();
    assertThat(third)
        .generatedSourceFile("com.acme.CordonP")
        .contentsAsUtf8String()
        .contains("public TFloat32 rankerScore(TFloat32 searchEncoderPixels) {");
  }

  /** Compiles {@code sources} with the processor into {@link #library}; the classpath to use it. */
  private List<File> compileLibrary(JavaFileObject... sources) throws IOException {
    Compilation first = javac().withProcessors(new CordonProcessor()).compile(sources);
    assertThat(first).succeededWithoutWarnings();
    for (JavaFileObject file : first.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "");
        Path target = library.resolve(path);
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.write(target, in.readAllBytes());
        }
      }
    }
    List<File> classpath = new ArrayList<>();
    classpath.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return classpath;
  }
}
