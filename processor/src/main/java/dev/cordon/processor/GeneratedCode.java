package dev.cordon.processor;

import static java.util.stream.Collectors.joining;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The pieces {@link ModelGenerator} and {@link CompositionGenerator} share: the runtime and
 * TensorFlow names, operands and their Java array forms, memoized computed members, the
 * {@code builder()} factory and the {@code Outputs} holder.
 */
final class GeneratedCode {

  static final String RUNTIME = "dev.cordon.runtime";
  /** What generated code calls but users must not: not API. */
  static final String INTERNAL = "dev.cordon.internal";
  static final String INTERNAL_COMPOSITION = "dev.cordon.internal.composition";
  static final ClassName OUTPUT_TENSORS = ClassName.get(INTERNAL, "OutputTensors");
  static final ClassName LAYERS = ClassName.get(RUNTIME, "Layers");
  static final ClassName TENSOR_ARRAYS = ClassName.get(RUNTIME, "TensorArrays");
  static final ClassName OPERAND = ClassName.get("org.tensorflow", "Operand");
  static final ClassName OPS = ClassName.get("org.tensorflow.op", "Ops");

  /** TensorArrays converts ranks 1 to 4. */
  static final int MAX_ARRAY_RANK = 4;

  /** A getter of the {@code Outputs} holder: its method name, runtime key and tensor type. */
  record OutputGetter(String methodName, String key, TensorType type) {}

  private GeneratedCode() {}

  /** {@code @Generated("dev.cordon.processor.CordonProcessor")}, when the compilation has it. */
  /**
   * {@code [public] final class <generated> extends|implements <declared>, <cordonInterface>},
   * with its Javadoc and {@code @Generated}: the header of every generated class.
   */
  static TypeSpec.Builder generatedClass(
      ClassName generated,
      ClassName declared,
      boolean isPublic,
      boolean isInterface,
      ClassName cordonInterface,
      String javadoc,
      Optional<ClassName> generatedAnnotation) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(generated).addJavadoc(javadoc, declared).addModifiers(Modifier.FINAL);
    if (isPublic) {
      type.addModifiers(Modifier.PUBLIC);
    }
    addGenerated(type, generatedAnnotation);
    if (isInterface) {
      type.addSuperinterface(declared);
    } else {
      type.superclass(declared);
    }
    return type.addSuperinterface(cordonInterface);
  }

  static void addGenerated(TypeSpec.Builder type, Optional<ClassName> generatedAnnotation) {
    generatedAnnotation.ifPresent(
        g ->
            type.addAnnotation(
                AnnotationSpec.builder(g)
                    .addMember("value", "$S", CordonProcessor.class.getName())
                    .build()));
  }

  static TypeName operand(TensorType type) {
    return ParameterizedTypeName.get(OPERAND, type.className());
  }

  static FieldSpec operandField(String name, TensorType type, boolean isFinal) {
    FieldSpec.Builder field = FieldSpec.builder(operand(type), name, Modifier.PRIVATE);
    if (isFinal) {
      field.addModifiers(Modifier.FINAL);
    }
    return field.build();
  }

  /** An input or variable: returns the operand the build created. */
  static MethodSpec backedMember(String methodName, TensorType type, Optional<Modifier> access) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(methodName)
            .addAnnotation(Override.class)
            .returns(operand(type))
            .addStatement("return $N", methodName);
    access.ifPresent(method::addModifiers);
    return method.build();
  }

  /** {@code , -1L, 784L}; empty for a scalar, which takes no varargs. */
  static String shapeArguments(List<Long> shape) {
    return shape.stream().map(d -> ", " + d + "L").collect(joining());
  }

  static boolean hasArrayForm(TensorType type, List<Long> shape) {
    return type.arrayElement().isPresent() && shape.size() >= 1 && shape.size() <= MAX_ARRAY_RANK;
  }

  static TypeName arrayType(TensorType type, int rank) {
    TypeName array = type.arrayElement().orElseThrow();
    for (int i = 0; i < rank; i++) {
      array = ArrayTypeName.of(array);
    }
    return array;
  }

  /**
   * The overload of the prediction {@code method} that takes Java arrays: each resource turns one
   * array into a tensor, the tensor overload is called, and its result is returned as a Java array
   * (every tensor is closed when the call returns).
   */
  static MethodSpec arrayPrediction(
      String method,
      TensorType output,
      int rank,
      List<ParameterSpec> parameters,
      List<CodeBlock> inputResources,
      List<String> tensors,
      String result) {
    List<CodeBlock> resources = new ArrayList<>(inputResources);
    resources.add(
        CodeBlock.of("$T $N = $N($L)", output.className(), result, method, String.join(", ", tensors)));
    return tryWithTensors(
        MethodSpec.methodBuilder(method)
            .addJavadoc("Returns $L for the given inputs, as Java arrays.\n", method)
            .addModifiers(Modifier.PUBLIC)
            .returns(arrayType(output, rank))
            .addParameters(parameters),
        resources,
        CodeBlock.of("return $T.$N($N)", TENSOR_ARRAYS, output.converter(rank), result));
  }

  /** The overload of {@code trainStep} that takes Java arrays, converted as for predictions. */
  static MethodSpec arrayTrainStep(
      List<ParameterSpec> parameters, List<CodeBlock> resources, List<String> tensors) {
    return tryWithTensors(
        MethodSpec.methodBuilder("trainStep")
            .addJavadoc("One optimizer step, from Java arrays; returns the loss before the step.\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.FLOAT)
            .addParameters(parameters),
        resources,
        CodeBlock.of("return trainStep($L)", String.join(", ", tensors)));
  }

  private static MethodSpec tryWithTensors(
      MethodSpec.Builder method, List<CodeBlock> resources, CodeBlock statement) {
    return method
        .beginControlFlow("try ($>$>$L$<$<)", CodeBlock.join(resources, ";\n"))
        .addStatement(statement)
        .endControlFlow()
        .build();
  }

  /** {@code assembly.ops(), assembly.layers()}, in the order the method declares its parameters. */
  static CodeBlock suppliedArguments(Computed computed) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (Parameter parameter : computed.parameters()) {
      arguments.add(
          CodeBlock.of(
              parameter.supplied() == ModelDescriptor.Supplied.OPS
                  ? "assembly.ops()"
                  : "assembly.layers()"));
    }
    return CodeBlock.join(arguments, ", ");
  }

  /**
   * An output or loss of {@code declaringClass}: computed once, when the model or composition is
   * built, by the user's implementation.
   */
  static MethodSpec memoizedMember(
      ClassName declaringClass, boolean isInterface, Computed computed) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(computed.methodName())
            .addJavadoc("Built once, when the model is built; later calls return the same operand.\n")
            .addAnnotation(Override.class)
            .returns(operand(computed.type()));
    computed.access().ifPresent(method::addModifiers);
    List<CodeBlock> arguments = new ArrayList<>();
    for (Parameter parameter : computed.parameters()) {
      method.addParameter(
          parameter.supplied() == ModelDescriptor.Supplied.OPS ? OPS : LAYERS, parameter.name());
      arguments.add(CodeBlock.of("$N", parameter.name()));
    }
    boolean shadowed =
        computed.parameters().stream().anyMatch(p -> p.name().equals(computed.methodName()));
    String field = (shadowed ? "this." : "") + computed.methodName();
    CodeBlock superCall =
        isInterface
            ? CodeBlock.of("$T.super.$N", declaringClass, computed.methodName())
            : CodeBlock.of("super.$N", computed.methodName());
    return method
        .beginControlFlow("if ($L == null)", field)
        .addStatement("$L = $L($L)", field, superCall, CodeBlock.join(arguments, ", "))
        .endControlFlow()
        .addStatement("return $L", field)
        .build();
  }

  /** {@code public static Builder builder()}. */
  static MethodSpec builderFactory(ClassName builderClass, String what) {
    return MethodSpec.methodBuilder("builder")
        .addJavadoc("Starts building a new instance of the $L.\n", what)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(builderClass)
        .addStatement("return new $T()", builderClass)
        .build();
  }

  /**
   * The nested {@code Builder} extending {@code superclass<Builder>}: a private constructor
   * passing {@code spec}, {@code self()}, {@code extraMethods} and {@code build()}.
   */
  static TypeSpec builderType(
      ClassName generatedClass,
      ClassName superclass,
      String spec,
      String what,
      List<MethodSpec> extraMethods) {
    ClassName builderClass = generatedClass.nestedClass("Builder");
    return TypeSpec.classBuilder(builderClass)
        .addJavadoc("Configures and builds instances of {@link $T}.\n", generatedClass)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(superclass, builderClass))
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addStatement("super($N)", spec)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("self")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(builderClass)
                .addStatement("return this")
                .build())
        .addMethods(extraMethods)
        .addMethod(
            MethodSpec.methodBuilder("build")
                .addJavadoc("Builds a new, independent instance of the $L.\n", what)
                .addModifiers(Modifier.PUBLIC)
                .returns(generatedClass)
                .addStatement("return new $T(start())", generatedClass)
                .build())
        .build();
  }

  /** The {@code Outputs} holder of one run, wrapping the runtime's {@code holderType}. */
  static TypeSpec outputsType(
      ClassName outputsClass, ClassName holderType, List<OutputGetter> getters) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(outputsClass)
            .addJavadoc("All outputs of one run; owns their tensors.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addSuperinterface(AutoCloseable.class)
            .addField(holderType, "outputs", Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PRIVATE)
                    .addParameter(holderType, "outputs")
                    .addStatement("this.outputs = outputs")
                    .build());
    for (OutputGetter getter : getters) {
      type.addMethod(
          MethodSpec.methodBuilder(getter.methodName())
              .addJavadoc("Owned by this holder: valid until {@link #close()}.\n")
              .addModifiers(Modifier.PUBLIC)
              .returns(getter.type().className())
              .addStatement(
                  "return outputs.get($S, $T.class)", getter.key(), getter.type().className())
              .build());
    }
    return type.addMethod(
            MethodSpec.methodBuilder("close")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addStatement("outputs.close()")
                .build())
        .build();
  }
}
