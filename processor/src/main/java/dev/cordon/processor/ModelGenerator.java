package dev.cordon.processor;

import static dev.cordon.processor.GeneratedCode.TENSOR_ARRAYS;
import static dev.cordon.processor.GeneratedCode.arrayType;
import static dev.cordon.processor.GeneratedCode.backedMember;
import static dev.cordon.processor.GeneratedCode.builderFactory;
import static dev.cordon.processor.GeneratedCode.hasArrayForm;
import static dev.cordon.processor.GeneratedCode.operand;
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
import dev.cordon.processor.GeneratedCode.OutputGetter;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Input;
import dev.cordon.processor.ModelDescriptor.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code CordonFoo} from a {@link ModelDescriptor}: a pure function, one method per kind
 * of generated member. The runtime and TensorFlow types are named here only, never loaded.
 */
final class ModelGenerator {

  private static final String RUNTIME = GeneratedCode.RUNTIME;
  private static final String INTERNAL = GeneratedCode.INTERNAL;
  private static final ClassName MODEL_SPEC = ClassName.get(INTERNAL, "ModelSpec");
  private static final ClassName MODEL_BUILDER = ClassName.get(RUNTIME, "ModelBuilder");
  private static final ClassName MODEL_ASSEMBLY = ClassName.get(INTERNAL, "ModelAssembly");
  private static final ClassName MODEL_ENGINE = ClassName.get(INTERNAL, "ModelEngine");
  private static final ClassName MODEL_VARIABLES = ClassName.get(RUNTIME, "ModelVariables");
  private static final ClassName CORDON_MODEL = ClassName.get(RUNTIME, "CordonModel");
  private static final ClassName INIT = ClassName.get("dev.cordon", "Init");
  private static final ClassName PATH = ClassName.get("java.nio.file", "Path");
  private static final ClassName HISTORY = ClassName.get(RUNTIME + ".train", "History");
  private static final ClassName FIT = ClassName.get(RUNTIME + ".train", "Fit");
  private static final ClassName DATASET = ClassName.get(RUNTIME + ".data", "Dataset");
  private static final ClassName METRIC = ClassName.get(RUNTIME + ".metrics", "Metric");

  private final Optional<ClassName> generatedAnnotation;

  /**
   * @param generatedAnnotation {@code javax.annotation.processing.Generated}, when the compilation
   *     has it
   */
  ModelGenerator(Optional<ClassName> generatedAnnotation) {
    this.generatedAnnotation = generatedAnnotation;
  }

  TypeSpec generate(ModelDescriptor model) {
    Names names = new Names(model);
    ClassName builderClass = model.generatedClass().nestedClass("Builder");
    ClassName outputsClass = model.generatedClass().nestedClass("Outputs");
    TypeSpec.Builder type =
        GeneratedCode.generatedClass(
            model.generatedClass(),
            model.modelClass(),
            model.isPublic(),
            model.isInterface(),
            CORDON_MODEL,
            "The generated implementation of {@link $T}.\n",
            generatedAnnotation);

    type.addField(specField(model, names));
    model.inputs().forEach(i -> type.addField(operandField(i.methodName(), i.type(), true)));
    model.variables().forEach(v -> type.addField(operandField(v.methodName(), v.type(), true)));
    model.outputs().forEach(o -> type.addField(operandField(o.methodName(), o.type(), false)));
    model.loss().ifPresent(l -> type.addField(operandField(l.methodName(), l.type(), false)));
    type.addField(MODEL_ENGINE, names.engine, Modifier.PRIVATE, Modifier.FINAL);

    type.addMethod(constructor(model, names));
    type.addMethod(builderFactory(builderClass, "model"));
    model.inputs().forEach(i -> type.addMethod(backedMember(i.methodName(), i.type(), i.access())));
    model.variables()
        .forEach(v -> type.addMethod(backedMember(v.methodName(), v.type(), v.access())));
    if (model.savedModel().isPresent()) {
      model.outputs()
          .forEach(o -> type.addMethod(backedMember(o.methodName(), o.type(), o.access())));
    } else {
      model.outputs().forEach(o -> type.addMethod(memoizedMember(model, o)));
    }
    model.loss().ifPresent(l -> type.addMethod(memoizedMember(model, l)));
    for (Computed output : model.outputs()) {
      type.addMethod(prediction(model, output, names));
      if (hasArrayPrediction(model, output)) {
        type.addMethod(arrayPrediction(model, output, names));
      }
      if (!model.predictionInputs().isEmpty()) {
        type.addMethod(batchedPrediction(output, names));
      }
    }
    if (!model.outputs().isEmpty()) {
      type.addMethod(run(model, outputsClass, names));
    }
    if (model.loss().isPresent()) {
      type.addMethod(trainStep(model, names));
      if (hasArrayTrainStep(model)) {
        type.addMethod(arrayTrainStep(model, names));
      }
      type.addMethods(fitting(model, names));
    }
    type.addMethod(
        MethodSpec.methodBuilder("summary")
            .addJavadoc("A table of the model's layers and variables with shapes and parameter counts.\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $N.summary()", names.engine)
            .build());
    type.addMethods(lifecycleMethods(names));
    type.addType(builderType(model, names));
    if (!model.outputs().isEmpty()) {
      type.addType(outputsType(model, outputsClass));
    }
    return type.build();
  }

  /** Generated names that must not collide with the model's own member names. */
  private static final class Names {
    final String engine;
    final String spec;

    Names(ModelDescriptor model) {
      List<String> taken = model.memberMethodNames();
      this.engine = GeneratedCode.freeName(taken, "engine", "cordonEngine");
      this.spec = GeneratedCode.freeName(taken, "SPEC", "CORDON_SPEC");
    }
  }

  // Fields.

  private static FieldSpec specField(ModelDescriptor model, Names names) {
    CodeBlock.Builder spec =
        CodeBlock.builder()
            .add("$T.builder($S, $S)", MODEL_SPEC, model.modelName(), model.scope())
            .indent()
            .indent();
    for (Input input : model.inputs()) {
      spec.add(
          "\n.$L($S, $T.class$L)",
          input.label() ? "label" : "input",
          input.graphName(),
          input.type().className(),
          shapeArguments(input.shape()));
    }
    for (Variable variable : model.variables()) {
      spec.add(
          "\n.variable($S, $T.class, $T.$L$L)",
          variable.graphName(),
          variable.type().className(),
          INIT,
          variable.init(),
          shapeArguments(variable.shape()));
    }
    for (Computed output : model.outputs()) {
      spec.add(
          "\n.output($S, $T.class$L)",
          output.graphName(),
          output.type().className(),
          shapeArguments(output.shape()));
    }
    if (model.loss().isPresent()) {
      spec.add("\n.loss()");
    }
    model.savedModel().ifPresent(s -> {
      spec.add("\n.savedModel($S, $S", s.path(), s.signature());
      s.tags().forEach(t -> spec.add(", $S", t));
      spec.add(")");
    });
    spec.add("\n.build()").unindent().unindent();
    return FieldSpec.builder(MODEL_SPEC, names.spec, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(spec.build())
        .build();
  }

  // Construction.

  private static MethodSpec constructor(ModelDescriptor model, Names names) {
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("try");
    for (Input input : model.inputs()) {
      body.addStatement(
          "this.$N = assembly.input($S, $T.class)",
          input.methodName(),
          input.graphName(),
          input.type().className());
    }
    for (Variable variable : model.variables()) {
      body.addStatement(
          "this.$N = assembly.variable($S, $T.class)",
          variable.methodName(),
          variable.graphName(),
          variable.type().className());
    }
    for (Computed output : model.outputs()) {
      if (model.savedModel().isPresent()) {
        body.addStatement(
            "this.$N = assembly.output($S, assembly.importedOutput($S, $T.class))",
            output.methodName(),
            output.graphName(),
            output.graphName(),
            output.type().className());
        continue;
      }
      body.addStatement(
          "assembly.output($S, $N($L))",
          output.graphName(),
          output.methodName(),
          suppliedArguments(output));
    }
    model.loss()
        .ifPresent(l -> body.addStatement("assembly.loss($N($L))", l.methodName(), suppliedArguments(l)));
    body.addStatement("this.$N = assembly.finish()", names.engine)
        .nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
        .addStatement("assembly.abort()")
        .addStatement("throw e")
        .endControlFlow();
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(MODEL_ASSEMBLY, "assembly")
        .addCode(body.build())
        .build();
  }

  // Members.

  /** An output or the loss: computed once, when the model is built. */
  private static MethodSpec memoizedMember(ModelDescriptor model, Computed computed) {
    return GeneratedCode.memoizedMember(model.modelClass(), model.isInterface(), computed);
  }

  // Predictions.

  /**
   * The name of the typed prediction: the output's method name, or {@code <output>Tensor} where
   * that would repeat the user's own output method (no parameters on either, as for every output
   * of a {@code @SavedModel} model whose signature takes no input).
   */
  static String predictionName(ModelDescriptor model, Computed output) {
    boolean clashes = output.parameters().isEmpty() && model.predictionInputs().isEmpty();
    return clashes ? output.methodName() + "Tensor" : output.methodName();
  }

  /**
   * The name of the prediction returning Java arrays: the output's method name, or {@code
   * <output>Value} when it takes no input, since it would then differ from the tensor one only
   * by its return type.
   */
  static String arrayPredictionName(ModelDescriptor model, Computed output) {
    return model.predictionInputs().isEmpty() ? output.methodName() + "Value" : output.methodName();
  }

  private static MethodSpec prediction(ModelDescriptor model, Computed output, Names names) {
    List<Input> inputs = model.predictionInputs();
    return MethodSpec.methodBuilder(predictionName(model, output))
        .addJavadoc(
            inputs.isEmpty()
                ? "Returns $L, which takes no input; the caller owns (and must close) the returned"
                    + " tensor.\n"
                : "Returns $L for the given inputs; the caller owns (and must close) the returned"
                    + " tensor.\n",
            output.methodName())
        .addModifiers(Modifier.PUBLIC)
        .returns(output.type().className())
        .addParameters(tensorParameters(inputs))
        // The output's index in SPEC picks the endpoint resolved for it when the model was built.
        .addStatement(
            "return $N.predict($L$L)",
            names.engine,
            model.outputs().indexOf(output),
            inputs.stream().map(i -> ", " + i.methodName()).collect(joining()))
        .build();
  }

  private static boolean hasArrayPrediction(ModelDescriptor model, Computed output) {
    return model.predictionInputs().stream().allMatch(i -> hasArrayForm(i.type(), i.shape()))
        && hasArrayForm(output.type(), output.shape());
  }

  private static MethodSpec arrayPrediction(ModelDescriptor model, Computed output, Names names) {
    List<Input> inputs = model.predictionInputs();
    NameAllocator locals = locals(inputs, names);
    List<String> tensors = new ArrayList<>();
    List<CodeBlock> resources = tensorResources(output.methodName(), inputs, locals, names, tensors);
    return GeneratedCode.arrayPrediction(
        arrayPredictionName(model, output),
        predictionName(model, output),
        output.type(),
        output.shape().size(),
        arrayParameters(inputs),
        resources,
        tensors,
        locals.newName("result"));
  }


  private static MethodSpec run(ModelDescriptor model, ClassName outputsClass, Names names) {
    List<Input> inputs = model.predictionInputs();
    return MethodSpec.methodBuilder("run")
        .addJavadoc("Runs every output at once; closing the returned holder frees them.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(outputsClass)
        .addParameters(tensorParameters(inputs))
        .addStatement(
            "return new $T($N.run($L))",
            outputsClass,
            names.engine,
            inputs.stream().map(Input::methodName).collect(joining(", ")))
        .build();
  }

  // Training.

  private static MethodSpec trainStep(ModelDescriptor model, Names names) {
    return MethodSpec.methodBuilder("trainStep")
        .addJavadoc(
            "One optimizer step on this model's own variables; returns the loss before the"
                + " step.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.FLOAT)
        .addParameters(tensorParameters(model.inputs()))
        .addStatement(
            "return $N.trainStep($L)",
            names.engine,
            model.inputs().stream().map(Input::methodName).collect(joining(", ")))
        .build();
  }

  /** {@code fit} on a dataset and on arrays, and {@code evaluate}: thin calls into the runtime's loop. */
  private static List<MethodSpec> fitting(ModelDescriptor model, Names names) {
    String order = model.inputs().stream().map(Input::methodName).collect(joining(", "));
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(
        MethodSpec.methodBuilder("fit")
            .addJavadoc(
                "Trains on {@code data}, whose inputs are $L (labels included) in this order;"
                    + " returns the history.\n",
                order)
            .addModifiers(Modifier.PUBLIC)
            .returns(HISTORY)
            .addParameter(DATASET, "data")
            .addParameter(FIT, "fit")
            .addStatement("return $N.fit(data, fit)", names.engine)
            .build());
    if (hasArrayTrainStep(model)) {
      methods.add(
          MethodSpec.methodBuilder("fit")
              .addJavadoc(
                  "Trains on Java arrays, batched and shuffled as {@code fit} says; returns the"
                      + " history.\n")
              .addModifiers(Modifier.PUBLIC)
              .returns(HISTORY)
              .addParameters(arrayParameters(model.inputs()))
              .addParameter(FIT, "fit")
              .addStatement("return $N.fit(fit, $L)", names.engine, order)
              .build());
    }
    methods.add(
        MethodSpec.methodBuilder("evaluate")
            .addJavadoc(
                "The mean loss ({@code loss}) and each metric over {@code data} (inputs $L), in"
                    + " inference mode.\n",
                order)
            .addModifiers(Modifier.PUBLIC)
            .varargs()
            .returns(ParameterizedTypeName.get(ClassName.get(java.util.Map.class), ClassName.get(String.class),
                ClassName.get(Double.class)))
            .addParameter(DATASET, "data")
            .addParameter(ArrayTypeName.of(METRIC), "metrics")
            .addStatement("return $N.evaluate(data, metrics)", names.engine)
            .build());
    return methods;
  }

  private static MethodSpec batchedPrediction(Computed output, Names names) {
    return MethodSpec.methodBuilder(output.methodName())
        .addJavadoc(
            "Returns $L for every example of {@code inputs} (the prediction inputs), computed batch"
                + " by batch; the caller owns (and must close) the returned tensor.\n",
            output.methodName())
        .addModifiers(Modifier.PUBLIC)
        .returns(output.type().className())
        .addParameter(DATASET, "inputs")
        .addStatement(
            "return ($T) $N.predict($S, inputs)", output.type().className(), names.engine, output.graphName())
        .build();
  }

  private static boolean hasArrayTrainStep(ModelDescriptor model) {
    return !model.inputs().isEmpty()
        && model.inputs().stream().allMatch(i -> hasArrayForm(i.type(), i.shape()));
  }

  private static MethodSpec arrayTrainStep(ModelDescriptor model, Names names) {
    NameAllocator locals = locals(model.inputs(), names);
    List<String> tensors = new ArrayList<>();
    List<CodeBlock> resources = tensorResources("trainStep", model.inputs(), locals, names, tensors);
    return GeneratedCode.arrayTrainStep(arrayParameters(model.inputs()), resources, tensors);
  }

  /** Local names for an array overload: its parameters and the engine field are taken. */
  private static NameAllocator locals(List<Input> inputs, Names names) {
    NameAllocator locals = new NameAllocator();
    inputs.forEach(i -> locals.newName(i.methodName(), i));
    locals.newName(names.engine, names);
    return locals;
  }

  /** One {@code <Type> xTensor = TensorArrays.of(...)} per input; adds the names to {@code tensors}. */
  private static List<CodeBlock> tensorResources(
      String method, List<Input> inputs, NameAllocator locals, Names names, List<String> tensors) {
    List<CodeBlock> resources = new ArrayList<>();
    for (Input input : inputs) {
      String tensor = locals.newName(input.methodName() + "Tensor");
      tensors.add(tensor);
      resources.add(tensorResource(method, input, tensor, names));
    }
    return resources;
  }


  // CordonModel.

  private static List<MethodSpec> lifecycleMethods(Names names) {
    return List.of(
        delegating("scope", ClassName.get(String.class), null, "return $N.scope()", names),
        delegating("variables", MODEL_VARIABLES, null, "return $N.variables()", names),
        delegating("save", TypeName.VOID, "checkpoint", "$N.save(checkpoint)", names),
        delegating("restore", TypeName.VOID, "checkpoint", "$N.restore(checkpoint)", names),
        delegating("exportSavedModel", TypeName.VOID, "dir", "$N.exportSavedModel(dir)", names),
        delegating("close", TypeName.VOID, null, "$N.close()", names));
  }

  private static MethodSpec delegating(
      String name, TypeName returns, String pathParameter, String statement, Names names) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(returns);
    if (pathParameter != null) {
      method.addParameter(PATH, pathParameter);
    }
    return method.addStatement(statement, names.engine).build();
  }

  // Nested types.

  private static TypeSpec builderType(ModelDescriptor model, Names names) {
    List<MethodSpec> extra = new ArrayList<>();
    if (model.savedModel().isPresent()) {
      ClassName builderClass = model.generatedClass().nestedClass("Builder");
      extra.add(
          MethodSpec.methodBuilder("savedModelPath")
              .addJavadoc(
                  "Imports the SavedModel directory {@code dir} instead of the one declared by"
                      + " {@code @SavedModel(path)}.\n")
              .addModifiers(Modifier.PUBLIC)
              .returns(builderClass)
              .addParameter(PATH, "dir")
              .addStatement("return overrideSavedModelPath(dir)")
              .build());
      extra.add(
          MethodSpec.methodBuilder("allowOps")
              .addJavadoc(
                  "Also accepts these op types, which the import refuses by default (file, network"
                      + " or Python ops); only for a SavedModel you trust.\n")
              .addModifiers(Modifier.PUBLIC)
              .varargs()
              .returns(builderClass)
              .addParameter(String[].class, "opTypes")
              .addStatement("return allowSavedModelOps(opTypes)")
              .build());
    }
    return GeneratedCode.builderType(
        model.generatedClass(), MODEL_BUILDER, names.spec, "model", extra);
  }

  private static TypeSpec outputsType(ModelDescriptor model, ClassName outputsClass) {
    return GeneratedCode.outputsType(
        outputsClass,
        GeneratedCode.OUTPUT_TENSORS,
        model.outputs().stream()
            .map(o -> new OutputGetter(o.methodName(), o.graphName(), o.type()))
            .toList());
  }

  // Helpers.

  private static List<ParameterSpec> tensorParameters(List<Input> inputs) {
    return inputs.stream()
        .map(i -> ParameterSpec.builder(i.type().className(), i.methodName()).build())
        .toList();
  }

  private static List<ParameterSpec> arrayParameters(List<Input> inputs) {
    return inputs.stream()
        .map(
            i ->
                ParameterSpec.builder(
                        arrayType(i.type(), i.shape().size()), i.methodName())
                    .build())
        .toList();
  }

  /**
   * {@code TFloat32 pixelsTensor = TensorArrays.of(engine.checkArray("logits", "pixels", pixels))}:
   * the engine refuses a null, ragged or wrongly sized array, naming the row, before it becomes a
   * tensor. A scalar primitive cannot be null and needs no check.
   */
  private static CodeBlock tensorResource(String method, Input input, String tensor, Names names) {
    if (input.shape().isEmpty() && input.type().primitive()) {
      return CodeBlock.of(
          "$T $N = $T.$N($N)",
          input.type().className(),
          tensor,
          TENSOR_ARRAYS,
          input.type().factory(),
          input.methodName());
    }
    return CodeBlock.of(
        "$T $N = $T.$N($N.checkArray($S, $S, $N))",
        input.type().className(),
        tensor,
        TENSOR_ARRAYS,
        input.type().factory(),
        names.engine,
        method,
        input.graphName(),
        input.methodName());
  }
}
