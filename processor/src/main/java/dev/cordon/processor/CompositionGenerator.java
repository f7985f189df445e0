package dev.cordon.processor;

import static dev.cordon.processor.GeneratedCode.TENSOR_ARRAYS;
import static dev.cordon.processor.GeneratedCode.arrayType;
import static dev.cordon.processor.GeneratedCode.backedMember;
import static dev.cordon.processor.GeneratedCode.builderFactory;
import static dev.cordon.processor.GeneratedCode.hasArrayForm;
import static dev.cordon.processor.GeneratedCode.operandField;
import static dev.cordon.processor.GeneratedCode.shapeArguments;
import static dev.cordon.processor.GeneratedCode.suppliedArguments;
import static java.util.stream.Collectors.joining;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.NameAllocator;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.cordon.processor.CompositionDescriptor.Member;
import dev.cordon.processor.CompositionDescriptor.Port;
import dev.cordon.processor.CompositionDescriptor.Wire;
import dev.cordon.processor.GeneratedCode.OutputGetter;
import dev.cordon.processor.ModelDescriptor.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code CordonFoo} for an {@code @Isolated} composition from its {@link
 * CompositionDescriptor}: a pure function. The constructor drives {@code CompositionBuild} the
 * way {@code CompositionTest} does by hand: each member in build order, then the composition's
 * labels and loss, then {@code finish()}.
 */
final class CompositionGenerator {

  private static final String RUNTIME = GeneratedCode.RUNTIME;
  private static final String INTERNAL = GeneratedCode.INTERNAL_COMPOSITION;
  private static final ClassName SPEC = ClassName.get(INTERNAL, "CompositionSpec");
  private static final ClassName BUILDER = ClassName.get(RUNTIME, "CompositionBuilder");
  private static final ClassName ASSEMBLY = ClassName.get(INTERNAL, "CompositionAssembly");
  private static final ClassName ENGINE = ClassName.get(INTERNAL, "CompositionEngine");
  private static final ClassName INSPECTION = ClassName.get(RUNTIME, "CompositionInspection");
  private static final ClassName CORDON_COMPOSITION = ClassName.get(RUNTIME, "CordonComposition");
  private static final ClassName ISOLATION = ClassName.get("dev.cordon", "Isolation");

  private final Optional<ClassName> generatedAnnotation;

  CompositionGenerator(Optional<ClassName> generatedAnnotation) {
    this.generatedAnnotation = generatedAnnotation;
  }

  TypeSpec generate(CompositionDescriptor c) {
    ClassName outputsClass = c.generatedClass().nestedClass("Outputs");
    TypeSpec.Builder type =
        GeneratedCode.generatedClass(
            c.generatedClass(),
            c.compositionClass(),
            c.isPublic(),
            c.isInterface(),
            CORDON_COMPOSITION,
            "The generated implementation of the composition {@link $T}.\n",
            generatedAnnotation);

    String spec = GeneratedCode.freeName(memberNames(c), "SPEC", "CORDON_SPEC");
    type.addField(specField(c, spec));
    for (Member m : c.members()) {
      type.addField(m.generatedClass(), m.methodName(), Modifier.PRIVATE, Modifier.FINAL);
    }
    c.labels().forEach(l -> type.addField(operandField(l.methodName(), l.type(), true)));
    c.loss().ifPresent(l -> type.addField(operandField(l.methodName(), l.type(), false)));
    String engine = engineField(c);
    type.addField(ENGINE, engine, Modifier.PRIVATE, Modifier.FINAL);

    type.addMethod(constructor(c, engine));
    type.addMethod(builderFactory(c.generatedClass().nestedClass("Builder"), "composition"));
    for (Member m : c.members()) {
      MethodSpec.Builder accessor =
          MethodSpec.methodBuilder(m.methodName())
              .addJavadoc("Member $L, with its full generated API.\n", m.methodName())
              .addAnnotation(Override.class)
              .returns(m.generatedClass())
              .addStatement("return $N", m.methodName());
      m.access().ifPresent(accessor::addModifiers);
      type.addMethod(accessor.build());
    }
    c.labels().forEach(l -> type.addMethod(backedMember(l.methodName(), l.type(), l.access())));
    c.loss()
        .ifPresent(
            l ->
                type.addMethod(
                    GeneratedCode.memoizedMember(c.compositionClass(), c.isInterface(), l)));
    for (Port output : c.outputs()) {
      type.addMethod(prediction(c, output, engine));
      if (hasArrayPrediction(c, output)) {
        type.addMethod(arrayPrediction(c, output, engine));
      }
    }
    if (!c.outputs().isEmpty()) {
      type.addMethod(run(c, outputsClass, engine));
    }
    if (c.loss().isPresent()) {
      type.addMethod(trainStep(c, engine));
      if (hasArrayTrainStep(c)) {
        type.addMethod(arrayTrainStep(c, engine));
      }
      type.addMethods(fitting(c, engine));
    }
    type.addMethod(
        MethodSpec.methodBuilder("inspect")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(INSPECTION)
            .addStatement("return $N.inspection()", engine)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("exportSavedModel")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(ClassName.get("java.nio.file", "Path"), "dir")
            .addStatement("$N.exportSavedModel(dir)", engine)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("close")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addStatement("$N.close()", engine)
            .build());
    type.addType(builderType(c, spec));
    if (!c.outputs().isEmpty()) {
      type.addType(
          GeneratedCode.outputsType(
              outputsClass,
              GeneratedCode.OUTPUT_TENSORS,
              c.outputs().stream()
                  .map(o -> new OutputGetter(o.name(), o.name(), o.type()))
                  .toList()));
    }
    return type.build();
  }

  private static FieldSpec specField(CompositionDescriptor c, String name) {
    CodeBlock.Builder spec =
        CodeBlock.builder().add("$T.builder($S, $S)", SPEC, c.name(), c.scope()).indent().indent();
    for (Member m : c.members()) {
      spec.add("\n.member($S, $T.$L, $S)", m.methodName(), ISOLATION, m.level(), m.scope());
    }
    for (Wire w : c.wires()) {
      spec.add("\n.wire($S, $S)", w.from(), w.to());
    }
    for (Port in : c.inputs()) {
      spec.add("\n.input($S, $S)", in.name(), in.memberPort());
    }
    for (Port out : c.outputs()) {
      spec.add("\n.output($S, $S)", out.name(), out.memberPort());
    }
    for (Input label : c.labels()) {
      spec.add(
          "\n.label($S, $T.class$L)",
          label.graphName(),
          label.type().className(),
          shapeArguments(label.shape()));
    }
    if (c.loss().isPresent()) {
      spec.add(
          "\n.loss()\n.trainInputs($L)",
          c.trainInputs().stream().map(n -> CodeBlock.of("$S", n)).collect(CodeBlock.joining(", ")));
    }
    spec.add("\n.build()").unindent().unindent();
    return FieldSpec.builder(SPEC, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(spec.build())
        .build();
  }

  /** The engine field's name: {@code engine}, unless a member, label or loss already has it. */
  private static String engineField(CompositionDescriptor c) {
    return GeneratedCode.freeName(memberNames(c), "engine", "cordonEngine");
  }

  /** The fields named after the composition's members, labels and loss. */
  private static java.util.Set<String> memberNames(CompositionDescriptor c) {
    java.util.Set<String> taken = new java.util.HashSet<>();
    c.members().forEach(m -> taken.add(m.methodName()));
    c.labels().forEach(l -> taken.add(l.methodName()));
    c.loss().ifPresent(l -> taken.add(l.methodName()));
    return taken;
  }

  private static MethodSpec constructor(CompositionDescriptor c, String engine) {
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("try");
    for (Member m : c.members()) {
      body.addStatement(
          "this.$N = assembly.member($S, $T.builder()).build()",
          m.methodName(),
          m.methodName(),
          m.generatedClass());
    }
    for (Input label : c.labels()) {
      body.addStatement(
          "this.$N = assembly.label($S, $T.class)",
          label.methodName(),
          label.graphName(),
          label.type().className());
    }
    c.loss()
        .ifPresent(
            l -> body.addStatement("assembly.loss($N($L))", l.methodName(), suppliedArguments(l)));
    body.addStatement("this.$N = assembly.finish()", engine)
        .nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
        .addStatement("assembly.abort()")
        .addStatement("throw e")
        .endControlFlow();
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(ASSEMBLY, "assembly")
        .addCode(body.build())
        .build();
  }

  // Predictions.

  private static List<Port> needs(CompositionDescriptor c, Port output) {
    return output.needs().stream().map(c::input).toList();
  }

  private static MethodSpec prediction(CompositionDescriptor c, Port output, String engine) {
    List<Port> inputs = needs(c, output);
    return MethodSpec.methodBuilder(output.name())
        .addJavadoc(
            "Returns $L ($L) for the given inputs; the caller owns (and must close) the returned"
                + " tensor.\n",
            output.name(),
            output.memberPort())
        .addModifiers(Modifier.PUBLIC)
        .returns(output.type().className())
        .addParameters(tensorParameters(inputs))
        // The output's index in SPEC picks the plan resolved for it when the composition was built.
        .addStatement(
            "return $N.predict($L$L)",
            engine,
            c.outputs().indexOf(output),
            inputs.stream().map(i -> ", " + i.name()).collect(joining()))
        .build();
  }

  private static boolean hasArrayPrediction(CompositionDescriptor c, Port output) {
    List<Port> inputs = needs(c, output);
    return !inputs.isEmpty()
        && inputs.stream().allMatch(i -> hasArrayForm(i.type(), i.shape()))
        && hasArrayForm(output.type(), output.shape());
  }

  private static MethodSpec arrayPrediction(CompositionDescriptor c, Port output, String engine) {
    List<Port> inputs = needs(c, output);
    NameAllocator locals = locals(inputs);
    List<String> tensors = new ArrayList<>();
    List<CodeBlock> resources = tensorResources(engine, output.name(), inputs, locals, tensors);
    return GeneratedCode.arrayPrediction(
        output.name(),
        output.name(),
        output.type(),
        output.shape().size(),
        arrayParameters(inputs),
        resources,
        tensors,
        locals.newName("result"));
  }


  private static MethodSpec run(CompositionDescriptor c, ClassName outputsClass, String engine) {
    return MethodSpec.methodBuilder("run")
        .addJavadoc("Runs every output at once; closing the returned holder frees them.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(outputsClass)
        .addParameters(tensorParameters(c.inputs()))
        .addStatement(
            "return new $T($N.run($L))",
            outputsClass,
            engine,
            c.inputs().stream().map(Port::name).collect(joining(", ")))
        .build();
  }

  // Training.

  /** The composition inputs the loss needs, then its labels, as ports. */
  private static List<Port> trainInputs(CompositionDescriptor c) {
    List<Port> all = new ArrayList<>();
    c.trainInputs().forEach(name -> all.add(c.input(name)));
    for (Input label : c.labels()) {
      all.add(new Port(label.methodName(), label.graphName(), label.type(), label.shape(), List.of()));
    }
    return all;
  }

  private static MethodSpec trainStep(CompositionDescriptor c, String engine) {
    List<Port> inputs = trainInputs(c);
    return MethodSpec.methodBuilder("trainStep")
        .addJavadoc(
            "One optimizer step on the composition's loss, updating its SCOPE members only;"
                + " returns the loss before the step.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.FLOAT)
        .addParameters(tensorParameters(inputs))
        .addStatement(
            "return $N.trainStep($L)",
            engine,
            inputs.stream().map(Port::name).collect(joining(", ")))
        .build();
  }

  /** {@code fit} on a dataset and on arrays, and {@code evaluate}: thin calls into the runtime's loop. */
  private static List<MethodSpec> fitting(CompositionDescriptor c, String engine) {
    ClassName history = ClassName.get(RUNTIME + ".train", "History");
    ClassName fit = ClassName.get(RUNTIME + ".train", "Fit");
    ClassName dataset = ClassName.get(RUNTIME + ".data", "Dataset");
    ClassName metric = ClassName.get(RUNTIME + ".metrics", "Metric");
    List<Port> inputs = trainInputs(c);
    String order = inputs.stream().map(Port::name).collect(joining(", "));
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(
        MethodSpec.methodBuilder("fit")
            .addJavadoc(
                "Trains the SCOPE members on the composition's loss over {@code data}, whose inputs"
                    + " are $L in this order; returns the history.\n",
                order)
            .addModifiers(Modifier.PUBLIC)
            .returns(history)
            .addParameter(dataset, "data")
            .addParameter(fit, "fit")
            .addStatement("return $N.fit(data, fit)", engine)
            .build());
    if (hasArrayTrainStep(c)) {
      methods.add(
          MethodSpec.methodBuilder("fit")
              .addJavadoc("Trains on Java arrays, batched and shuffled as {@code fit} says.\n")
              .addModifiers(Modifier.PUBLIC)
              .returns(history)
              .addParameters(arrayParameters(inputs))
              .addParameter(fit, "fit")
              .addStatement("return $N.fit(fit, $L)", engine, order)
              .build());
    }
    methods.add(
        MethodSpec.methodBuilder("evaluate")
            .addJavadoc("The mean loss and each metric over {@code data} (inputs $L).\n", order)
            .addModifiers(Modifier.PUBLIC)
            .varargs()
            .returns(ParameterizedTypeName.get(ClassName.get(java.util.Map.class), ClassName.get(String.class),
                ClassName.get(Double.class)))
            .addParameter(dataset, "data")
            .addParameter(ArrayTypeName.of(metric), "metrics")
            .addStatement("return $N.evaluate(data, metrics)", engine)
            .build());
    return methods;
  }

  private static boolean hasArrayTrainStep(CompositionDescriptor c) {
    List<Port> inputs = trainInputs(c);
    return !inputs.isEmpty() && inputs.stream().allMatch(i -> hasArrayForm(i.type(), i.shape()));
  }

  private static MethodSpec arrayTrainStep(CompositionDescriptor c, String engine) {
    List<Port> inputs = trainInputs(c);
    NameAllocator locals = locals(inputs);
    List<String> tensors = new ArrayList<>();
    List<CodeBlock> resources = tensorResources(engine, "trainStep", inputs, locals, tensors);
    return GeneratedCode.arrayTrainStep(arrayParameters(inputs), resources, tensors);
  }

  /** Local names for an array overload: its parameters and the engine field are taken. */
  private static NameAllocator locals(List<Port> inputs) {
    NameAllocator locals = new NameAllocator();
    inputs.forEach(i -> locals.newName(i.name(), i));
    locals.newName("engine");
    locals.newName("cordonEngine");
    return locals;
  }


  /**
   * {@code TFloat32 xTensor = TensorArrays.of(engine.checkArray("out", "x", x))}, one per input (the
   * engine refuses a null, ragged or wrongly sized array, naming the row); adds the tensor names to
   * {@code tensors}.
   */
  private static List<CodeBlock> tensorResources(
      String engine, String method, List<Port> inputs, NameAllocator locals, List<String> tensors) {
    List<CodeBlock> resources = new ArrayList<>();
    for (Port input : inputs) {
      String tensor = locals.newName(input.name() + "Tensor");
      tensors.add(tensor);
      if (input.shape().isEmpty() && input.type().primitive()) {
        resources.add(
            CodeBlock.of(
                "$T $N = $T.$N($N)",
                input.type().className(),
                tensor,
                TENSOR_ARRAYS,
                input.type().factory(),
                input.name()));
        continue;
      }
      resources.add(
          CodeBlock.of(
              "$T $N = $T.$N($N.checkArray($S, $S, $N))",
              input.type().className(),
              tensor,
              TENSOR_ARRAYS,
              input.type().factory(),
              engine,
              method,
              input.name(),
              input.name()));
    }
    return resources;
  }


  private static List<ParameterSpec> tensorParameters(List<Port> inputs) {
    return inputs.stream()
        .map(i -> ParameterSpec.builder(i.type().className(), i.name()).build())
        .toList();
  }

  private static List<ParameterSpec> arrayParameters(List<Port> inputs) {
    return inputs.stream()
        .map(i -> ParameterSpec.builder(arrayType(i.type(), i.shape().size()), i.name()).build())
        .toList();
  }

  // The builder.

  private static TypeSpec builderType(CompositionDescriptor c, String spec) {
    ClassName builderClass = c.generatedClass().nestedClass("Builder");
    List<MethodSpec> scopes = new ArrayList<>();
    for (Member m : c.members()) {
      scopes.add(
          MethodSpec.methodBuilder(m.methodName() + "Scope")
              .addJavadoc(
                  "Overrides the scope of member $L (default $S).\n", m.methodName(), m.scope())
              .addModifiers(Modifier.PUBLIC)
              .returns(builderClass)
              .addParameter(String.class, "scope")
              .addStatement("return memberScope($S, scope)", m.methodName())
              .build());
    }
    return GeneratedCode.builderType(c.generatedClass(), BUILDER, spec, "composition", scopes);
  }
}
