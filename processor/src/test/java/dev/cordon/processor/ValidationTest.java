package dev.cordon.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cordon.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per error: exactly one error, with its id and message, on the line at fault. */
class ValidationTest {

  private static Compilation compile(JavaFileObject source) {
    return javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(source));
  }

  private static void assertSingleError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  // The model type.

  @Test
  void scopeEmpty() {
    JavaFileObject src =
        source("M", "@Model(scope = \"\")", "public abstract class M {}");
    assertSingleError(src, "[Cordon/ScopeInvalid] M: @Model scope is empty.", "scope = \"\"");
  }

  @Test
  void scopeSegmentInvalid() {
    JavaFileObject src =
        source(
            "M",
            "@Model(",
            "    scope = \"team/_private\")",
            "public abstract class M {}");
    assertSingleError(
        src,
        "[Cordon/ScopeInvalid] M: @Model scope \"team/_private\" is not a valid TensorFlow name"
            + " scope: segment \"_private\" does not match",
        "scope = \"team/_private\"");
  }

  @Test
  void scopeEmptySegment() {
    JavaFileObject src = source("M", "@Model(scope = \"a//b\")", "public abstract class M {}");
    assertSingleError(src, "[Cordon/ScopeInvalid] M: @Model scope \"a//b\"", "a//b");
  }

  @Test
  void modelFinal() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public final class M {}");
    assertSingleError(
        src, "[Cordon/ModelFinal] M: a @Model class must not be final", "@Model");
  }

  @Test
  void modelConcreteClass() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public class M {}");
    assertSingleError(
        src,
        "[Cordon/ModelKind] M: @Model goes on an abstract class or an interface, not on a concrete"
            + " class.",
        "@Model");
  }

  @Test
  void modelEnum() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public enum M { A }");
    assertSingleError(src, "[Cordon/ModelKind] M: @Model goes on an abstract class or an"
        + " interface, not on an enum.", "@Model");
  }

  @Test
  void modelRecord() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public record M(int a) {}");
    assertSingleError(src, "[Cordon/ModelKind] M: ", "@Model");
  }

  @Test
  void modelAnnotationType() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public @interface M {}");
    assertSingleError(src, "[Cordon/ModelKind] M: ", "@Model");
  }

  @Test
  void modelPrivate() {
    JavaFileObject src =
        source(
            "Outer",
            "public class Outer {",
            "  @Model(scope = \"m\")",
            "  private abstract static class M {}",
            "}");
    assertSingleError(
        src, "[Cordon/ModelPrivate] Outer.M: a @Model type is private", "@Model");
  }

  @Test
  void modelInsidePrivateType() {
    JavaFileObject src =
        source(
            "Outer",
            "public class Outer {",
            "  private static class Hidden {",
            "    @Model(scope = \"m\")",
            "    abstract static class M {}",
            "  }",
            "}");
    assertSingleError(
        src,
        "[Cordon/ModelPrivate] Outer.Hidden.M: its enclosing type Outer.Hidden is private",
        "@Model");
  }

  @Test
  void modelInnerClass() {
    JavaFileObject src =
        source(
            "Outer",
            "public class Outer {",
            "  @Model(scope = \"m\")",
            "  abstract class M {}",
            "}");
    assertSingleError(
        src, "[Cordon/ModelInnerClass] Outer.M: a nested @Model class must be static", "@Model");
  }

  @Test
  void modelGeneric() {
    JavaFileObject src =
        source("M", "@Model(scope = \"m\")", "public abstract class M<T extends TNumber> {}");
    assertSingleError(
        src, "[Cordon/ModelGeneric] M: a @Model type must not have type parameters", "@Model");
  }

  @Test
  void modelWithoutNoArgConstructor() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  M(int size) {}",
            "}");
    assertSingleError(
        src, "[Cordon/ModelConstructor] M: the generated subclass needs a no-argument", "@Model");
  }

  @Test
  void modelWithPrivateNoArgConstructor() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  private M() {}",
            "}");
    assertSingleError(src, "[Cordon/ModelConstructor] M:", "@Model");
  }

  @Test
  void modelReferenceInField() {
    JavaFileObject other = source("Other", "@Model(scope = \"o\")", "public abstract class Other {}");
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  Other other;",
            "}");
    Compilation compilation =
        javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(src, other));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Cordon/ModelReference] M.other references the @Model type Other, which reaches into"
                + " another model's variables; composition comes through @Isolated.")
        .inFile(src)
        .onLineContaining("Other other;");
  }

  @Test
  void modelReferenceInTypeArgument() {
    JavaFileObject other = source("Other", "@Model(scope = \"o\")", "public abstract class Other {}");
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  void feed(List<Other> others) {}",
            "}");
    Compilation compilation =
        javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(src, other));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Cordon/ModelReference] M.feed(List<Other>) references the @Model"
            + " type Other")
        .inFile(src)
        .onLineContaining("void feed");
  }

  @Test
  void modelReferenceInReturnType() {
    JavaFileObject other = source("Other", "@Model(scope = \"o\")", "public abstract class Other {}");
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  Other[] others() { return null; }",
            "}");
    Compilation compilation =
        javac().withProcessors(new CordonProcessor()).compile(TestSources.withRuntime(src, other));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Cordon/ModelReference] M.others()")
        .inFile(src)
        .onLineContaining("others()");
  }

  @Test
  void unannotatedAbstractMethod() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  abstract int size();",
            "}");
    assertSingleError(
        src,
        "[Cordon/UnannotatedAbstractMethod] M.size() is abstract but has no @Input, @Variable,"
            + " @Output or @Loss",
        "int size()");
  }

  @Test
  void inheritedAbstractMethod() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M implements Comparable<M> {",
            "}");
    assertSingleError(
        src,
        "[Cordon/UnannotatedAbstractMethod] M inherits the abstract method Comparable.compareTo(T)",
        "@Model");
  }

  // Members.

  @Test
  void conflictingAnnotations() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1})",
            "  @Variable(shape = {1}) abstract Operand<TFloat32> x();",
            "}");
    assertSingleError(
        src,
        "[Cordon/ConflictingAnnotations] M.x() is annotated with both @Input and @Variable."
            + " Keep one of them.",
        "@Variable");
  }

  @Test
  void inputNotAbstract() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}) Operand<TFloat32> x() { return null; }",
            "}");
    assertSingleError(
        src, "[Cordon/InputNotAbstract] M.x(): an @Input method must be abstract", "x()");
  }

  @Test
  void variableNotAbstract() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Variable(shape = {1}) Operand<TFloat32> w() { return null; }",
            "}");
    assertSingleError(
        src, "[Cordon/VariableNotAbstract] M.w(): an @Variable method must be abstract", "w()");
  }

  @Test
  void interfaceDefaultInput() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public interface M {",
            "  @Input(shape = {1}) default Operand<TFloat32> x() { return null; }",
            "}");
    assertSingleError(src, "[Cordon/InputNotAbstract] M.x()", "x()");
  }

  @Test
  void memberHasParameters() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}) abstract Operand<TFloat32> x(int i);",
            "}");
    assertSingleError(
        src,
        "[Cordon/MemberHasParameters] M.x(int): an @Input method takes no parameters.",
        "x(int i)");
  }

  @Test
  void memberTypeRaw() {
    assertMemberType("@SuppressWarnings(\"rawtypes\") @Input(shape = {1}) abstract Operand x();",
        "M.x(): @Input returns Operand, but must return Operand<T>");
  }

  @Test
  void memberTypeWildcard() {
    assertMemberType("@Input(shape = {1}) abstract Operand<?> x();",
        "M.x(): @Input returns Operand<?>");
  }

  @Test
  void memberTypeAbstractTensorType() {
    assertMemberType("@Variable(shape = {1}) abstract Operand<TNumber> x();",
        "M.x(): @Variable returns Operand<TNumber>");
  }

  @Test
  void memberTypeNotOperand() {
    assertMemberType("@Input(shape = {1}) abstract org.tensorflow.Output<TFloat32> x();",
        "M.x(): @Input returns Output<TFloat32>");
  }

  private static void assertMemberType(String member, String message) {
    JavaFileObject src =
        source("M", "@Model(scope = \"m\")", "public abstract class M {", "  " + member, "}");
    assertSingleError(src, "[Cordon/MemberType] " + message, "x()");
  }

  @Test
  void variableShapeUnknown() {
    JavaFileObject src =
        source(
            "DigitClassifier",
            "@Model(scope = \"m\")",
            "public abstract class DigitClassifier {",
            "  @Variable(",
            "      shape = {784, -1})",
            "  abstract Operand<TFloat32> kernel();",
            "}");
    assertSingleError(
        src,
        "[Cordon/VariableShape] DigitClassifier.kernel(): @Variable shape {784, -1} has an unknown"
            + " dimension; variables need a fully known shape. Give every dimension a size >= 0.",
        "shape = {784, -1}");
  }

  @Test
  void variableShapeNegative() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Variable(",
            "      shape = {-3})",
            "  abstract Operand<TFloat32> w();",
            "}");
    assertSingleError(
        src, "[Cordon/VariableShape] M.w(): @Variable shape {-3} has a negative dimension",
        "shape = {-3}");
  }

  @Test
  void inputShape() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(",
            "      shape = {-2, 4})",
            "  abstract Operand<TFloat32> x();",
            "}");
    assertSingleError(
        src, "[Cordon/InputShape] M.x(): @Input shape {-2, 4} has a dimension below -1",
        "shape = {-2, 4}");
  }

  @Test
  void outputShape() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(",
            "      shape = {-5})",
            "  Operand<TFloat32> y(Ops tf) { return tf.constant(1f); }",
            "}");
    assertSingleError(
        src, "[Cordon/InputShape] M.y(Ops): @Output shape {-5} has a dimension below -1",
        "shape = {-5}");
  }

  @Test
  void outputAbstract() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {}) abstract Operand<TFloat32> y(Ops tf);",
            "}");
    assertSingleError(
        src, "[Cordon/OutputAbstract] M.y(Ops): an @Output method computes its result", "y(Ops");
  }

  @Test
  void lossAbstractInInterface() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public interface M {",
            "  @Loss Operand<TFloat32> loss(Ops tf);",
            "}");
    assertSingleError(src, "[Cordon/OutputAbstract] M.loss(Ops): an @Loss method", "loss(Ops");
  }

  @Test
  void outputPrivate() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {}) private Operand<TFloat32> y(Ops tf) { return tf.constant(1f); }",
            "}");
    assertSingleError(
        src, "[Cordon/MemberNotOverridable] M.y(Ops): an @Output method must not be private",
        "y(Ops");
  }

  @Test
  void outputFinal() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {}) final Operand<TFloat32> y(Ops tf) { return tf.constant(1f); }",
            "}");
    assertSingleError(src, "[Cordon/MemberNotOverridable] M.y(Ops): an @Output method must not"
        + " be final", "y(Ops");
  }

  @Test
  void outputParameterOfOtherType() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {}) Operand<TFloat32> y(Ops tf, int n) { return tf.constant(1f); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/OutputParameter] M.y(Ops, int): parameter n of type int cannot be supplied",
        "y(Ops tf, int n)");
  }

  @Test
  void outputParameterTwice() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Loss Operand<TFloat32> loss(Layers a, Layers b) { return null; }",
            "}");
    assertSingleError(
        src,
        "[Cordon/OutputParameter] M.loss(Layers, Layers): parameter b of type Layers",
        "loss(Layers a");
  }

  @Test
  void outputType() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {}) Operand<?> y(Ops tf) { return tf.constant(1f); }",
            "}");
    assertSingleError(
        src, "[Cordon/OutputType] M.y(Ops): @Output returns Operand<?>, but must return", "y(Ops");
  }

  @Test
  void lossType() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Loss Operand<TInt32> loss(Ops tf) { return tf.constant(1); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/LossType] M.loss(Ops): @Loss returns Operand<TInt32>, but a loss is a"
            + " floating-point scalar. Return Operand<TFloat32> or Operand<TFloat64>.",
        "loss(Ops");
  }

  @Test
  void multipleLosses() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Loss Operand<TFloat32> first(Ops tf) { return tf.constant(1f); }",
            "  @Loss Operand<TFloat32> second(Ops tf) { return tf.constant(2f); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/MultipleLosses] M.second(Ops): a model has at most one @Loss, and M.first(Ops) is"
            + " already one.",
        "second(");
  }

  // Names.

  @Test
  void nameInvalidFromMethod() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}) abstract Operand<TFloat32> _x();",
            "}");
    assertSingleError(
        src,
        "[Cordon/NameInvalid] M._x(): @Input name \"_x\" (the method name) is not a valid"
            + " TensorFlow name",
        "_x()");
  }

  @Test
  void nameInvalidFromAttribute() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Variable(shape = {1},",
            "      name = \"w$1\")",
            "  abstract Operand<TFloat32> w();",
            "}");
    assertSingleError(
        src, "[Cordon/NameInvalid] M.w(): @Variable name \"w$1\" is not a valid", "name = ");
  }

  @Test
  void duplicateNameFromMethods() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}) abstract Operand<TFloat32> x();",
            "  @Output(shape = {1}) Operand<TFloat32> x(Ops tf) { return x(); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/DuplicateName] M.x(Ops): the name \"x\" is already used by M.x()",
        "x(Ops tf)");
  }

  @Test
  void duplicateNameFromAttribute() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}) abstract Operand<TFloat32> x();",
            "  @Variable(shape = {1},",
            "      name = \"x\")",
            "  abstract Operand<TFloat32> w();",
            "}");
    assertSingleError(
        src, "[Cordon/DuplicateName] M.w(): the name \"x\" is already used by M.x()", "name = ");
  }

  @Test
  void duplicateMethodName() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Input(shape = {1}, name = \"a\") abstract Operand<TFloat32> x();",
            "  @Output(shape = {1}, name = \"b\") Operand<TFloat32> x(Ops tf) { return x(); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/DuplicateName] M.x(Ops) overloads the member M.x(); the generated class needs"
            + " one method name per member.",
        "x(Ops tf)");
  }

  @Test
  void outputThrows() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {})",
            "  Operand<TFloat32> y(Ops tf) throws Exception { return tf.constant(1f); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/MemberThrows] M.y(Ops): an @Output method must not declare checked exceptions",
        "@Output");
  }

  @Test
  void reservedName() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  @Output(shape = {}) Operand<TFloat32> run(Ops tf) { return tf.constant(1f); }",
            "}");
    assertSingleError(
        src,
        "[Cordon/ReservedName] M.run(Ops) clashes with a method of the generated class",
        "run(Ops");
  }

  @Test
  void reservedNameOnHelper() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  String scope() { return \"x\"; }",
            "}");
    assertSingleError(src, "[Cordon/ReservedName] M.scope() clashes", "scope()");
  }

  // Positives that look like mistakes.

  @Test
  void labelAnywhereAndInterfaceModelAreValid() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"team-a/m.1\")",
            "public interface M {",
            "  @Input(shape = {-1}, label = true) Operand<TInt32> label();",
            "  @Input(shape = {-1, 4}) Operand<TFloat32> x();",
            "  @Variable(shape = {4, 2}, name = \"w.kernel\") Operand<TFloat32> w();",
            "  @Output(shape = {-1, 2}) default Operand<TFloat32> y(Ops tf) {",
            "    return tf.linalg.matMul(x(), w());",
            "  }",
            "  @Loss default Operand<TFloat32> loss(Layers nn, Ops tf) {",
            "    return nn.sparseSoftmaxCrossEntropy(y(tf), label());",
            "  }",
            "}");
    assertThat(compile(src)).succeeded();
  }
}
