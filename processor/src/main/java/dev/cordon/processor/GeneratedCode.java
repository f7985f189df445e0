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
  static final ClassName OPERAND = ClassName.get("org.tensorflow", "Operand");
  static final ClassName OPS = ClassName.get("org.tensorflow.op", "Ops");

  /** TensorArrays converts ranks 1 to 4. */
  static final int MAX_ARRAY_RANK = 4;

  /** A getter of the {@code Outputs} holder: its method name, runtime key and tensor type. */
  record OutputGetter(String methodName, String key, TensorType type) {}

  private GeneratedCode() {}

  /** The file written for {@code generated}, the class generated for {@code type}. */
  static com.squareup.javapoet.JavaFile javaFile(
      String packageName, TypeSpec generated, javax.lang.model.element.TypeElement type) {
    return com.squareup.javapoet.JavaFile.builder(
            packageName,
            generated.toBuilder()
                // The generated class inherits the user type's nested types, which would shadow
                // the types it imports (a nested Path hides java.nio.file.Path).
                .avoidClashesWithNestedClasses(type)
                .addOriginatingElement(type)
                .build())
        .skipJavaLangImports(true)
        .build();
  }

  /**
   * The first of {@code names} that is not {@code taken} (a member's name), else the last one
   * with the first free number appended: the generated class's own fields step out of a member's
   * way rather than collide with it.
   */
  static String freeName(java.util.Collection<String> taken, String... names) {
    for (String name : names) {
      if (!taken.contains(name)) {
        return name;
      }
    }
    String last = names[names.length - 1];
    for (int i = 2; ; i++) {
      if (!taken.contains(last + i)) {
        return last + i;
      }
    }
  }

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

  /**
   * Whether a tensor of {@code type} and {@code shape} has a Java form: an array of rank 1 to 4,
   * or for a scalar the element itself ({@code float}, {@code String}).
   */
  static boolean hasArrayForm(TensorType type, List<Long> shape) {
    return type.arrayElement().isPresent() && shape.size() <= MAX_ARRAY_RANK;
  }

  static TypeName arrayType(TensorType type, int rank) {
    TypeName array = type.arrayElement().orElseThrow();
    for (int i = 0; i < rank; i++) {
      array = ArrayTypeName.of(array);
    }
    return array;
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
        .addComment("built once, when the model is built; later calls return the same operand")
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
   * passing {@code spec}, {@code extraMethods} and {@code build()}.
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
