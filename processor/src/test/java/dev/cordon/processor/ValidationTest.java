package dev.cordon.processor;

import static dev.cordon.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One test per error: exactly one error, with its id and message, on the line at fault. */
class ValidationTest {

  @RegisterExtension final CordonCompiler cordon = new CordonCompiler();

  /** The model type {@code com.acme.Other} that the model reference tests point at. */
  private static final JavaFileObject OTHER =
      source("Other", "@Model(scope = \"o\")", "public abstract class Other {}");

  // The model type.

  @Test
  void scopeEmpty() {
    JavaFileObject src =
        source("M", "@Model(scope = \"\")", "public abstract class M {}");
    cordon.compile(src).assertError("ScopeInvalid", "scope = \"\"", "M: @Model scope is empty.");
  }

  @Test
  void scopeSegmentInvalid() {
    JavaFileObject src =
        source(
            "M",
            "@Model(",
            "    scope = \"team/_private\")",
            "public abstract class M {}");
    cordon.compile(src).assertError(
        "ScopeInvalid",
        "scope = \"team/_private\"",
        "M: @Model scope \"team/_private\" is not a valid TensorFlow name scope: segment"
            + " \"_private\" does not match");
  }

  @Test
  void scopeEmptySegment() {
    JavaFileObject src = source("M", "@Model(scope = \"a//b\")", "public abstract class M {}");
    cordon.compile(src).assertError("ScopeInvalid", "a//b", "M: @Model scope \"a//b\"");
  }

  @Test
  void modelFinal() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public final class M {}");
    cordon.compile(src).assertError("ModelFinal", "@Model", "M: a @Model class must not be final");
  }

  @Test
  void modelConcreteClass() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public class M {}");
    cordon.compile(src).assertError(
        "ModelKind",
        "@Model",
        "M: @Model goes on an abstract class or an interface, not on a concrete class.");
  }

  @Test
  void modelEnum() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public enum M { A }");
    cordon.compile(src).assertError(
        "ModelKind",
        "@Model",
        "M: @Model goes on an abstract class or an interface, not on an enum.");
  }

  @Test
  void modelRecord() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public record M(int a) {}");
    cordon.compile(src).assertError("ModelKind", "@Model", "M: ");
  }

  @Test
  void modelAnnotationType() {
    JavaFileObject src = source("M", "@Model(scope = \"m\")", "public @interface M {}");
    cordon.compile(src).assertError("ModelKind", "@Model", "M: ");
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
    cordon.compile(src).assertError("ModelPrivate", "@Model", "Outer.M: a @Model type is private");
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
    cordon.compile(src).assertError(
        "ModelPrivate",
        "@Model",
        "Outer.Hidden.M: its enclosing type Outer.Hidden is private");
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
    cordon.compile(src).assertError(
        "ModelInnerClass",
        "@Model",
        "Outer.M: a nested @Model class must be static");
  }

  @Test
  void modelGeneric() {
    JavaFileObject src =
        source("M", "@Model(scope = \"m\")", "public abstract class M<T extends TNumber> {}");
    cordon.compile(src).assertError(
        "ModelGeneric",
        "@Model",
        "M: a @Model type must not have type parameters");
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
    cordon.compile(src).assertError(
        "ModelConstructor",
        "@Model",
        "M: the generated subclass needs a no-argument");
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
    cordon.compile(src).assertError("ModelConstructor", "@Model", "M:");
  }

  @Test
  void modelReferenceInField() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  Other other;",
            "}");
    cordon.compile(src, OTHER).assertError(
        "ModelReference",
        "Other other;",
        "M.other references the @Model type Other, which reaches into another model's variables;"
            + " composition comes through @Isolated.");
  }

  @Test
  void modelReferenceInTypeArgument() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  void feed(List<Other> others) {}",
            "}");
    cordon.compile(src, OTHER).assertError(
        "ModelReference", "void feed", "M.feed(List<Other>) references the @Model type Other");
  }

  @Test
  void modelReferenceInReturnType() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M {",
            "  Other[] others() { return null; }",
            "}");
    cordon.compile(src, OTHER).assertError("ModelReference", "others()", "M.others()");
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
    cordon.compile(src).assertError(
        "UnannotatedAbstractMethod",
        "int size()",
        "M.size() is abstract but has no @Input, @Variable, @Output or @Loss");
  }

  @Test
  void inheritedAbstractMethod() {
    JavaFileObject src =
        source(
            "M",
            "@Model(scope = \"m\")",
            "public abstract class M implements Comparable<M> {",
            "}");
    cordon.compile(src).assertError(
        "UnannotatedAbstractMethod",
        "@Model",
        "M inherits the abstract method Comparable.compareTo(T)");
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
    cordon.compile(src).assertError(
        "ConflictingAnnotations",
        "@Variable",
        "M.x() is annotated with both @Input and @Variable. Keep one of them.");
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
    cordon.compile(src).assertError(
        "InputNotAbstract",
        "x()",
        "M.x(): an @Input method must be abstract");
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
    cordon.compile(src).assertError(
        "VariableNotAbstract",
        "w()",
        "M.w(): an @Variable method must be abstract");
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
    cordon.compile(src).assertError("InputNotAbstract", "x()", "M.x()");
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
    cordon.compile(src).assertError(
        "MemberHasParameters",
        "x(int i)",
        "M.x(int): an @Input method takes no parameters.");
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

  private void assertMemberType(String member, String message) {
    JavaFileObject src =
        source("M", "@Model(scope = \"m\")", "public abstract class M {", "  " + member, "}");
    cordon.compile(src).assertError("MemberType", "x()", message);
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
    cordon.compile(src).assertError(
        "VariableShape",
        "shape = {784, -1}",
        "DigitClassifier.kernel(): @Variable shape {784, -1} has an unknown dimension; variables"
            + " need a fully known shape. Give every dimension a size >= 0.");
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
    cordon.compile(src).assertError(
        "VariableShape",
        "shape = {-3}",
        "M.w(): @Variable shape {-3} has a negative dimension");
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
    cordon.compile(src).assertError(
        "InputShape",
        "shape = {-2, 4}",
        "M.x(): @Input shape {-2, 4} has a dimension below -1");
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
    cordon.compile(src).assertError(
        "InputShape",
        "shape = {-5}",
        "M.y(Ops): @Output shape {-5} has a dimension below -1");
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
    cordon.compile(src).assertError(
        "OutputAbstract",
        "y(Ops",
        "M.y(Ops): an @Output method computes its result");
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
    cordon.compile(src).assertError("OutputAbstract", "loss(Ops", "M.loss(Ops): an @Loss method");
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
    cordon.compile(src).assertError(
        "MemberNotOverridable",
        "y(Ops",
        "M.y(Ops): an @Output method must not be private");
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
    cordon.compile(src).assertError(
        "MemberNotOverridable",
        "y(Ops",
        "M.y(Ops): an @Output method must not be final");
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
    cordon.compile(src).assertError(
        "OutputParameter",
        "y(Ops tf, int n)",
        "M.y(Ops, int): parameter n of type int cannot be supplied");
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
    cordon.compile(src).assertError(
        "OutputParameter",
        "loss(Layers a",
        "M.loss(Layers, Layers): parameter b of type Layers");
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
    cordon.compile(src).assertError(
        "OutputType",
        "y(Ops",
        "M.y(Ops): @Output returns Operand<?>, but must return");
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
    cordon.compile(src).assertError(
        "LossType",
        "loss(Ops",
        "M.loss(Ops): @Loss returns Operand<TInt32>, but a loss is a floating-point scalar."
            + " Return Operand<TFloat32> or Operand<TFloat64>.");
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
    cordon.compile(src).assertError(
        "MultipleLosses",
        "second(",
        "M.second(Ops): a model has at most one @Loss, and M.first(Ops) is already one.");
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
    cordon.compile(src).assertError(
        "NameInvalid",
        "_x()",
        "M._x(): @Input name \"_x\" (the method name) is not a valid TensorFlow name");
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
    cordon.compile(src).assertError(
        "NameInvalid",
        "name = ",
        "M.w(): @Variable name \"w$1\" is not a valid");
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
    cordon.compile(src).assertError(
        "DuplicateName",
        "x(Ops tf)",
        "M.x(Ops): the name \"x\" is already used by M.x()");
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
    cordon.compile(src).assertError(
        "DuplicateName",
        "name = ",
        "M.w(): the name \"x\" is already used by M.x()");
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
    cordon.compile(src).assertError(
        "DuplicateName",
        "x(Ops tf)",
        "M.x(Ops) overloads the member M.x(); the generated class needs one method name per"
            + " member.");
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
    cordon.compile(src).assertError(
        "MemberThrows",
        "@Output",
        "M.y(Ops): an @Output method must not declare checked exceptions");
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
    cordon.compile(src).assertError(
        "ReservedName",
        "run(Ops",
        "M.run(Ops) clashes with a method of the generated class");
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
    cordon.compile(src).assertError("ReservedName", "scope()", "M.scope() clashes");
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
    cordon.compile(src).assertSucceeded();
  }
}
