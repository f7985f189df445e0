package dev.cordon.processor;

import static java.util.stream.Collectors.joining;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The members a generated model and a generated composition both have, each a one-line call into
 * the engine (the runtime carries the logic, as AutoValue keeps its generated code minimal): the
 * spec field, the constructor's try/abort, the typed and array predictions, {@code run}, {@code
 * trainStep} and its array form, {@code fit}/{@code evaluate}, and the plain delegations. {@link
 * ModelGenerator} and {@link CompositionGenerator} map their descriptors to {@link Param}s and
 * say only what differs (names, Javadoc, the statements of the build).
 */
final class EngineMethods {

  static final ClassName PATH = ClassName.get("java.nio.file", "Path");
  private static final ClassName HISTORY = ClassName.get(GeneratedCode.RUNTIME + ".train", "History");
  private static final ClassName FIT = ClassName.get(GeneratedCode.RUNTIME + ".train", "Fit");
  static final ClassName DATASET = ClassName.get(GeneratedCode.RUNTIME + ".data", "Dataset");
  private static final ClassName METRIC = ClassName.get(GeneratedCode.RUNTIME + ".metrics", "Metric");

  /** One tensor a generated method takes: its parameter name, type and declared shape. */
  record Param(String name, TensorType type, List<Long> shape) {

    boolean hasArrayForm() {
      return GeneratedCode.hasArrayForm(type, shape);
    }
  }

  /** The Javadoc of {@code fit(Dataset, Fit)}, {@code fit(arrays..., Fit)} and {@code evaluate}. */
  record FitDocs(String dataset, String arrays, String evaluate) {}

  private final String engine;

  /** @param engine the name of the generated class's engine field */
  EngineMethods(String engine) {
    this.engine = engine;
  }

  String engine() {
    return engine;
  }

  /** {@code private static final <specType> SPEC = <header>\n.<each line>\n.build();}. */
  static FieldSpec specField(ClassName specType, String name, CodeBlock header, CodeBlock lines) {
    CodeBlock spec =
        CodeBlock.builder()
            .add(header)
            .indent()
            .indent()
            .add(lines)
            .add("\n.build()")
            .unindent()
            .unindent()
            .build();
    return FieldSpec.builder(specType, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(spec)
        .build();
  }

  /**
   * {@code private Cordon<Name>(<assembly> assembly)}: {@code build} in a try, then {@code engine =
   * assembly.finish()}; any failure aborts the assembly (freeing what it built) and is rethrown.
   */
  MethodSpec constructor(ClassName assembly, CodeBlock build) {
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(assembly, "assembly")
        .beginControlFlow("try")
        .addCode(build)
        .addStatement("this.$N = assembly.finish()", engine)
        .nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
        .addStatement("assembly.abort()")
        .addStatement("throw e")
        .endControlFlow()
        .build();
  }

  /** The typed prediction: {@code return engine.predict(<index>, x, ...)}. */
  MethodSpec prediction(String method, TensorType output, int index, List<Param> inputs, CodeBlock javadoc) {
    return MethodSpec.methodBuilder(method)
        .addJavadoc(javadoc)
        .addModifiers(Modifier.PUBLIC)
        .returns(output.className())
        .addParameters(tensorParameters(inputs))
        // The output's index in SPEC picks the endpoint resolved for it when built.
        .addStatement("return $N.predict($L$L)", engine, index, names(inputs, ", ", true))
        .build();
  }

  /** Whether a prediction of {@code output} from {@code inputs} has a Java array overload. */
  static boolean hasArrayPrediction(List<Param> inputs, Param output) {
    return inputs.stream().allMatch(Param::hasArrayForm) && output.hasArrayForm();
  }

  /** The prediction from Java arrays: the engine checks, converts, calls and reads back. */
  MethodSpec arrayPrediction(String method, String tensorMethod, Param output, int index, List<Param> inputs) {
    return MethodSpec.methodBuilder(method)
        .addJavadoc(
            inputs.isEmpty()
                ? "Returns {@link #$L()} as a Java value.\n"
                : "Returns $L for the given inputs, as Java arrays.\n",
            tensorMethod)
        .addModifiers(Modifier.PUBLIC)
        .returns(GeneratedCode.arrayType(output.type(), output.shape().size()))
        .addParameters(arrayParameters(inputs))
        .addStatement("return $N.predictArrays($L, $L)", engine, index, arrays(inputs))
        .build();
  }

  /** {@code run}: every output at once, in the generated {@code Outputs} holder. */
  MethodSpec run(ClassName outputsClass, List<Param> inputs) {
    return MethodSpec.methodBuilder("run")
        .addJavadoc("Runs every output at once; closing the returned holder frees them.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(outputsClass)
        .addParameters(tensorParameters(inputs))
        .addStatement("return new $T($N.run($L))", outputsClass, engine, names(inputs, ", ", false))
        .build();
  }

  /** {@code trainStep} on tensors, and on Java arrays when every input has an array form. */
  List<MethodSpec> trainSteps(List<Param> inputs, String javadoc) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(
        MethodSpec.methodBuilder("trainStep")
            .addJavadoc(javadoc)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.FLOAT)
            .addParameters(tensorParameters(inputs))
            .addStatement("return $N.trainStep($L)", engine, names(inputs, ", ", false))
            .build());
    if (hasArrayTrainStep(inputs)) {
      methods.add(
          MethodSpec.methodBuilder("trainStep")
              .addJavadoc("One optimizer step, from Java arrays; returns the loss before the step.\n")
              .addModifiers(Modifier.PUBLIC)
              .returns(TypeName.FLOAT)
              .addParameters(arrayParameters(inputs))
              .addStatement("return $N.trainStepArrays($L)", engine, arrays(inputs))
              .build());
    }
    return methods;
  }

  /** {@code fit} on a dataset and on arrays, and {@code evaluate}: thin calls into the runtime's loop. */
  List<MethodSpec> fitting(List<Param> inputs, FitDocs docs) {
    String order = names(inputs, ", ", false);
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(
        MethodSpec.methodBuilder("fit")
            .addJavadoc(docs.dataset(), order)
            .addModifiers(Modifier.PUBLIC)
            .returns(HISTORY)
            .addParameter(DATASET, "data")
            .addParameter(FIT, "fit")
            .addStatement("return $N.fit(data, fit)", engine)
            .build());
    if (hasArrayTrainStep(inputs)) {
      methods.add(
          MethodSpec.methodBuilder("fit")
              .addJavadoc(docs.arrays())
              .addModifiers(Modifier.PUBLIC)
              .returns(HISTORY)
              .addParameters(arrayParameters(inputs))
              .addParameter(FIT, "fit")
              .addStatement("return $N.fit(fit, $L)", engine, order)
              .build());
    }
    methods.add(
        MethodSpec.methodBuilder("evaluate")
            .addJavadoc(docs.evaluate(), order)
            .addModifiers(Modifier.PUBLIC)
            .varargs()
            .returns(
                ParameterizedTypeName.get(
                    ClassName.get(Map.class), ClassName.get(String.class), ClassName.get(Double.class)))
            .addParameter(DATASET, "data")
            .addParameter(ArrayTypeName.of(METRIC), "metrics")
            .addStatement("return $N.evaluate(data, metrics)", engine)
            .build());
    return methods;
  }

  private static boolean hasArrayTrainStep(List<Param> inputs) {
    return !inputs.isEmpty() && inputs.stream().allMatch(Param::hasArrayForm);
  }

  /** {@code @Override public <returns> <name>() { return engine.<call>(); }} (no {@code return} for void). */
  MethodSpec delegating(String name, TypeName returns, String call) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns)
        .addStatement(
            returns.equals(TypeName.VOID) ? "$N.$N()" : "return $N.$N()", engine, call)
        .build();
  }

  /** {@code @Override public void <name>(Path <parameter>) { engine.<name>(<parameter>); }}. */
  MethodSpec delegatingPath(String name, String parameter) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(PATH, parameter)
        .addStatement("$N.$N($N)", engine, name, parameter)
        .build();
  }

  // Parameters.

  private static List<ParameterSpec> tensorParameters(List<Param> inputs) {
    return inputs.stream().map(i -> ParameterSpec.builder(i.type().className(), i.name()).build()).toList();
  }

  private static List<ParameterSpec> arrayParameters(List<Param> inputs) {
    return inputs.stream()
        .map(i -> ParameterSpec.builder(GeneratedCode.arrayType(i.type(), i.shape().size()), i.name()).build())
        .toList();
  }

  /** {@code x, y}, with a leading separator when {@code leading} and there is a name. */
  private static String names(List<Param> inputs, String separator, boolean leading) {
    String joined = inputs.stream().map(Param::name).collect(joining(separator));
    return leading && !joined.isEmpty() ? separator + joined : joined;
  }

  /**
   * {@code new Object[] {x, y}}: an explicit array, since a lone {@code float[][]} passed to
   * {@code Object...} would be taken for the varargs array itself.
   */
  private static CodeBlock arrays(List<Param> inputs) {
    return CodeBlock.of("new $T[] {$L}", Object.class, names(inputs, ", ", false));
  }
}
