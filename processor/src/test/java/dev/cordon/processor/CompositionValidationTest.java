package dev.cordon.processor;

import static dev.cordon.processor.TestSources.fixture;
import static dev.cordon.processor.TestSources.source;
import static dev.cordon.processor.TestSources.sourceIn;

import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension final CordonCompiler cordon = new CordonCompiler();

  /** Compiles the members Encoder, Ranker, Loop and Wide with each composition. */
  private final CordonCompiler withMembers =
      cordon.with(fixture("Encoder"), fixture("Ranker"), LOOP, WIDE);

  private static JavaFileObject composition(String... lines) {
    return source("P", lines);
  }

  @Test
  void validCompositionHasNoDiagnostics() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  Encoder encoder();",
            "  Ranker ranker();",
            "}");
    withMembers.compile(src).assertClean();
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
    withMembers.compile(src).assertError(
        "ScopeConflict",
        "Ranker audit();",
        "P: P.audit() and P.ranker() are built into one graph, and both use the scope \"ranker\","
            + " so their variables would collide. Give P.audit() a scope of its own, e.g."
            + " @Isolated(scope = \"audit\").");
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
    withMembers.compile(src).assertError(
        "ScopeConflict",
        "@Isolated(scope = \"ranker/inner\")",
        "P: P.audit() and P.ranker() are built into one graph, and scope \"ranker/inner\" and"
            + " scope \"ranker\" nest in one another");
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
    withMembers.compile(src).assertError(
        "ScopeConflict",
        "Ranker ranker();",
        "P: P.ranker() and the composition's own labels and loss");
  }

  @Test
  void graphMembersHaveAGraphOfTheirOwn() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  Ranker ranker();",
            "  @Isolated(level = Isolation.GRAPH) Ranker audit();",
            "}");
    withMembers.compile(src).assertClean();
  }

  @Test
  void memberScopeInvalid() {
    JavaFileObject src =
        composition(
            "@Isolated",
            "public interface P {",
            "  @Isolated(scope = \"team/_bad\") Ranker ranker();",
            "}");
    withMembers.compile(src).assertError(
        "ScopeInvalid",
        "scope = \"team/_bad\"",
        "P.ranker(): @Isolated scope \"team/_bad\" is not a valid TensorFlow name scope: segment"
            + " \"_bad\"");
  }

  @Test
  void compositionScopeInvalid() {
    JavaFileObject src =
        composition(
            "@Isolated(scope = \"-pipeline\")",
            "public interface P {",
            "  Ranker ranker();",
            "}");
    withMembers.compile(src).assertError(
        "ScopeInvalid",
        "@Isolated(scope = \"-pipeline\")",
        "P: @Isolated scope \"-pipeline\" is not a valid TensorFlow name scope");
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
    withMembers.compile(src).assertError(
        "WireDirection",
        "@Wire(from = \"encoder.embedding\", to = \"ranker.score\")",
        "P: @Wire(to = \"ranker.score\") names the output \"score\" of com.acme.Ranker");
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
    withMembers.compile(src).assertError(
        "UnknownPort",
        "@Wire(from = \"encoder.embedding\", to = \"ranker.features\")",
        "P: @Wire(to = \"ranker.features\"): member ranker (com.acme.Ranker) has no input"
            + " \"features\". The inputs are: embedding, target.");
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
    withMembers.compile(src).assertError(
        "IsolatedMember",
        "@Isolated(level = Isolation.SCOPE)",
        "P.relevance(): @Isolated on a method only applies to members");
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
    withMembers.compile(src).assertError(
        "WireSyntax",
        "@Wire(from = \"encoder\"",
        "P: @Wire(from = \"encoder\") must name \"member.port\"");
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
    withMembers.compile(src).assertError(
        "UnknownMember",
        "@Wire(from = \"encodr.embedding\"",
        "P: @Wire(from = \"encodr.embedding\") names the member \"encodr\", which P does not"
            + " declare. Did you mean \"encoder\"?");
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
    withMembers.compile(src).assertError(
        "UnknownMember",
        "@Wire(from = \"encoder.embedding\", to = \"xyzzy.embedding\")",
        "P: @Wire(to = \"xyzzy.embedding\") names the member \"xyzzy\", which P does not declare."
            + " The members are: encoder, ranker.");
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
    withMembers.compile(src).assertError(
        "UnknownPort",
        "@Wire(from = \"encoder.embeding\"",
        "P: @Wire(from = \"encoder.embeding\"): member encoder (com.acme.Encoder) has no output"
            + " \"embeding\". Did you mean \"embedding\"?");
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
    withMembers.compile(src).assertError(
        "WireDirection",
        "@Wire(from = \"encoder.pixels\"",
        "P: @Wire(from = \"encoder.pixels\") names the input \"pixels\" of com.acme.Encoder");
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
    withMembers.compile(src).assertError(
        "WireType",
        "@Wire(from = \"encoder.embedding\", to = \"wide.ids\")",
        "P: encoder.embedding is TFloat32 (output of com.acme.Encoder) but wide.ids expects"
            + " TInt32 (input of com.acme.Wide).");
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
    withMembers.compile(src).assertError(
        "WireShape",
        "@Wire(from = \"encoder.embedding\", to = \"wide.embedding\")",
        "P: encoder.embedding has shape [-1, 3] but wide.embedding expects [-1, 5]");
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
    withMembers.compile(src).assertError(
        "InputFedTwice",
        "@Wire(from = \"second.embedding\"",
        "P: ranker.embedding is already fed by the wire from encoder.embedding");
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
    withMembers.compile(src).assertError(
        "SelfWire",
        "@Wire(from = \"loop.out\"",
        "P: @Wire(from = \"loop.out\", to = \"loop.hint\")");
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
    withMembers.compile(src).assertError(
        "WireCycle",
        "@Wire(from = \"c.out\"",
        "P: the wires form a cycle, so no member can be built first:",
        "a.out -> b.hint, b.out -> c.hint, c.out -> a.hint");
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
    withMembers.compile(src).assertError("UnknownPort", "@Wire(from = \"b.outt\"", "");
  }

  // Members.

  @Test
  void notAModel() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  String name();", "}");
    withMembers.compile(src).assertError(
        "NotAModel",
        "String name();",
        "P.name() is an abstract member of a composition, but returns String, which is neither a"
            + " @Model nor an @Isolated type.");
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

  /** The members, Counter too, for compositions that nest one. */
  private final CordonCompiler nested = withMembers.with(COUNTER);

  /** {@link #nested} with the composition {@link #INNER}. */
  private final CordonCompiler withInner = nested.with(INNER);

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
    withInner.compile(src).assertClean();
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
    withInner.compile(src).assertError(
        "WireType",
        "@Wire(from = \"inner.encoderEmbedding\", to = \"wide.ids\")",
        "P: inner.encoderEmbedding is TFloat32 (output of com.acme.Inner) but wide.ids expects"
            + " TInt32 (input of com.acme.Wide).");
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
    withInner.compile(src).assertError(
        "WireType",
        "@Wire(from = \"counter.same\", to = \"inner.encoderPixels\")",
        "P: counter.same is TInt32 (output of com.acme.Counter) but inner.encoderPixels expects"
            + " TFloat32 (input of com.acme.Inner).");
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
    withInner.compile(src).assertError(
        "UnknownPort",
        "@Wire(from = \"inner.encoderEmbeding\"",
        "P: @Wire(from = \"inner.encoderEmbeding\"): member inner (com.acme.Inner) has no output"
            + " \"encoderEmbeding\". Did you mean \"encoderEmbedding\"?");
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
    withInner.compile(src).assertError(
        "WireDirection",
        "@Wire(from = \"ranker.score\", to = \"inner.rankerScore\")",
        "P: @Wire(to = \"inner.rankerScore\") names the output \"rankerScore\" of com.acme.Inner");
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
    withInner.compile(src).assertError(
        "ScopeConflict",
        "scope = \"inner/ranker\"",
        "P: P.ranker() and P.inner() are built into one graph, and scope \"inner/ranker\" and"
            + " scope \"inner\" nest in one another");
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
    withInner.compile(src).assertClean();
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
    withInner.compile(src).assertError(
        "ScopeConflict",
        "Ranker ranker();",
        "P: P.ranker() and P.inner() are built into one graph, and both use the scope \"ranker\"");
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
    withInner.compile(src).assertWarning(
        "UntrainableLoss",
        "@Loss",
        "P.loss(Ops, Layers): its SCOPE members inner are compositions with no model at level"
            + " SCOPE inside");
    JavaFileObject scopedInner =
        source(
            "Inner",
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Inner {",
            "  Encoder encoder();",
            "  @Isolated(level = Isolation.SCOPE) Ranker ranker();",
            "}");
    nested.with(scopedInner).compile(src).assertClean();
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
    withMembers.compile(src).assertError(
        "NestedComposition",
        "P again();",
        "P.again() returns the composition P, which contains this composition again: P.again() ->"
            + " P. A composition cannot nest itself");
  }

  @Test
  void compositionsNestingEachOtherReportTheChainOnEach() {
    JavaFileObject a =
        source("A", "@Isolated", "public interface A {", "  Encoder encoder();", "  B b();", "}");
    JavaFileObject b =
        source("B", "@Isolated", "public interface B {", "  Ranker ranker();", "  A a();", "}");
    nested
        .compile(a, b)
        .assertErrorCount(2)
        .hasError(
            a,
            "NestedComposition",
            "B b();",
            "A.b() returns the composition B, which contains this composition again: A.b() ->"
                + " B.a() -> A.")
        .hasError(
            b,
            "NestedComposition",
            "A a();",
            "B.a() returns the composition A, which contains this composition again:",
            "B.a() -> A.b() -> B.");
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
    nested.with(box).compile(src).assertError(
        "WireCycle",
        "@Wire(from = \"loop.out\"",
        "P: the wires form a cycle, so no member can be built first:",
        "box.loopOut -> loop.hint, loop.out -> box.loopHint");
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
    nested.compile(broken, src).assertError("UnknownPort", "encoder.embeding", "Broken");
  }

  @Test
  void memberSignatureParameters() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  Ranker ranker(int i);", "}");
    withMembers.compile(src).assertError(
        "MemberSignature",
        "Ranker ranker(int i);",
        "P.ranker(int): a composition member takes no parameters");
  }

  @Test
  void memberSignatureNotAbstract() {
    JavaFileObject src =
        composition(
            "@Isolated", "public interface P {", "  default Ranker ranker() { return null; }", "}");
    withMembers.compile(src).assertError(
        "MemberSignature",
        "default Ranker ranker()",
        "P.ranker(): a composition member must be abstract");
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
    withMembers.compile(src).assertError(
        "CompositionInput",
        "Operand<TFloat32> x();",
        "P.x(): a composition takes its inputs from its members");
  }

  @Test
  void nameClashWithTheGeneratedApi() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  Ranker run();", "}");
    withMembers.compile(src).assertError(
        "NameClash",
        "Ranker run();",
        "P: the generated method run() (the generated API) clashes with P.run()");
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
    withMembers.compile(src).assertError(
        "NameClash",
        "Ranker ranker();",
        "P: the generated method rankerScore(...) (the prediction of ranker.score) clashes with"
            + " P.rankerScore()");
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
    withMembers.compile(src).assertWarning(
        "UntrainableLoss",
        "@Loss",
        "P.loss(Ops, Layers): no member of the composition is at level SCOPE, so its training"
            + " step can change no variable; gradients stop at encoder.embedding ->"
            + " ranker.embedding (BOUNDARY). Add @Isolated(level = Isolation.SCOPE)");
  }

  @Test
  void isolatedMethodOutsideAComposition() {
    JavaFileObject src =
        source(
            "Plain",
            "public abstract class Plain {",
            "  @Isolated(level = Isolation.GRAPH) abstract Ranker ranker();",
            "}");
    cordon.with(fixture("Ranker")).compile(src).assertError(
        "IsolatedMember",
        "@Isolated(level = Isolation.GRAPH)",
        "Plain.ranker(): @Isolated on a method only applies to members of a composition");
  }

  // The composition type.

  @Test
  void compositionKind() {
    JavaFileObject src = composition("@Isolated", "public class P {}");
    withMembers.compile(src).assertError(
        "CompositionKind",
        "@Isolated",
        "P: @Isolated goes on an abstract class or an interface, not on a concrete class.");
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
    withMembers.compile(src).assertError(
        "ModelInnerClass", "@Isolated", "Outer.P: a nested @Isolated class must be static");
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
    cordon
        .with(fixture("Encoder"))
        .compile(broken, src)
        .assertError("ScopeInvalid", "_broken", "Broken");
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
    cordon
        .with(fixture("Encoder"))
        .withProcessorBefore(LaterModelProcessor::new)
        .compile(inner, src)
        .assertClean()
        .assertGolden("com.acme.CordonP");
  }

  @Test
  void missingMemberTypeGivesOnlyJavacsError() {
    JavaFileObject src =
        composition("@Isolated", "public interface P {", "  Missing missing();", "}");
    withMembers.compile(src).assertJavacError("Missing missing();", "cannot find symbol");
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
    withMembers.compile(src).assertOnlyJavacErrors();
  }

  // Across a library boundary.

  @TempDir Path library;

  @Test
  void wireTypeMismatchWithAModelFromTheClasspath() {
    JavaFileObject remote =
        sourceIn(
            "com.lib",
            "Scorer",
            "@Model(scope = \"scorer\")",
            "public interface Scorer {",
            "  @Input(shape = {-1, 3}) Operand<TFloat64> features();",
            "  @Output(shape = {-1}) default Operand<TFloat64> score(Ops tf) {",
            "    return tf.reduceSum(features(), tf.constant(1));",
            "  }",
            "}");
    Path lib = cordon.compileLibrary(library, remote);
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"encoder.embedding\", to = \"scorer.features\")",
            "public interface P {",
            "  Encoder encoder();",
            "  com.lib.Scorer scorer();",
            "}");
    cordon.withLibrary(lib).with(fixture("Encoder")).compile(src).assertError(
        "WireType",
        "@Wire(from = \"encoder.embedding\", to = \"scorer.features\")",
        "P: encoder.embedding is TFloat32 (output of com.acme.Encoder) but scorer.features"
            + " expects TFloat64 (input of com.lib.Scorer).");
  }

  /** The composition from the library is nested like one compiled with it (see the golden). */
  @Test
  void nestedCompositionFromTheClasspath() {
    JavaFileObject remote =
        sourceIn(
            "com.lib",
            "Search",
            "@Isolated(scope = \"search\")",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "public interface Search {",
            "  com.acme.Encoder encoder();",
            "  com.acme.Ranker ranker();",
            "}");
    Path lib = cordon.compileLibrary(library, fixture("Encoder"), fixture("Ranker"), remote);
    JavaFileObject src =
        composition(
            "@Isolated",
            "@Wire(from = \"search.rankerScore\", to = \"wide.ids\")",
            "public interface P {",
            "  com.lib.Search search();",
            "  Wide wide();",
            "}");
    cordon.withLibrary(lib).with(WIDE).compile(src).assertError(
        "WireType",
        "@Wire(from = \"search.rankerScore\", to = \"wide.ids\")",
        "P: search.rankerScore is TFloat32 (output of com.lib.Search) but wide.ids expects TInt32"
            + " (input of com.acme.Wide).");
    JavaFileObject fixed =
        composition(
            "@Isolated",
            "@Wire(from = \"search.encoderEmbedding\", to = \"ranker.embedding\")",
            "public interface P {",
            "  com.lib.Search search();",
            "  Ranker ranker();",
            "}");
    cordon.withLibrary(lib).compile(fixed).assertClean().assertGolden("com.acme.CordonP");
  }
}
