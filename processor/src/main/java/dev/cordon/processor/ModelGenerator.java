package dev.cordon.processor;

import static dev.cordon.processor.GeneratedCode.backedMember;
import static dev.cordon.processor.GeneratedCode.builderFactory;
import static dev.cordon.processor.GeneratedCode.operandField;
import static dev.cordon.processor.GeneratedCode.shapeArguments;
import static dev.cordon.processor.GeneratedCode.suppliedArguments;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.cordon.processor.EngineMethods.Param;
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
    EngineMethods calls = new EngineMethods(names.engine);
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

    type.addMethod(calls.constructor(MODEL_ASSEMBLY, build(model)));
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
    List<Param> predictionInputs = params(model.predictionInputs());
    for (Computed output : model.outputs()) {
      int index = model.outputs().indexOf(output);
      type.addMethod(
          calls.prediction(
              predictionName(model, output), output.type(), index, predictionInputs,
              CodeBlock.of(
                  predictionInputs.isEmpty()
                      ? "Returns $L, which takes no input; the caller owns (and must close) the"
                          + " returned tensor.\n"
                      : "Returns $L for the given inputs; the caller owns (and must close) the"
                          + " returned tensor.\n",
                  output.methodName())));
      Param result = new Param(output.methodName(), output.type(), output.shape());
      if (EngineMethods.hasArrayPrediction(predictionInputs, result)) {
        type.addMethod(
            calls.arrayPrediction(
                arrayPredictionName(model, output), predictionName(model, output), result, index,
                predictionInputs));
      }
      if (!predictionInputs.isEmpty()) {
        type.addMethod(batchedPrediction(output, names));
      }
    }
    if (!model.outputs().isEmpty()) {
      type.addMethod(calls.run(outputsClass, predictionInputs));
    }
    if (model.loss().isPresent()) {
      List<Param> inputs = params(model.inputs());
      type.addMethods(
          calls.trainSteps(
              inputs,
              "One optimizer step on this model's own variables; returns the loss before the"
                  + " step.\n"));
      type.addMethods(calls.fitting(inputs, FIT_DOCS));
    }
    type.addMethod(
        MethodSpec.methodBuilder("summary")
            .addJavadoc("A table of the model's layers and variables with shapes and parameter counts.\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $N.summary()", names.engine)
            .build());
    type.addMethod(calls.delegating("scope", ClassName.get(String.class), "scope"));
    type.addMethod(calls.delegating("variables", MODEL_VARIABLES, "variables"));
    type.addMethod(calls.delegatingPath("save", "checkpoint"));
    type.addMethod(calls.delegatingPath("restore", "checkpoint"));
    type.addMethod(calls.delegatingPath("exportSavedModel", "dir"));
    type.addMethod(calls.delegating("close", TypeName.VOID, "close"));
    type.addType(builderType(model, names));
    if (!model.outputs().isEmpty()) {
      type.addType(outputsType(model, outputsClass));
    }
    return type.build();
  }

  private static final EngineMethods.FitDocs FIT_DOCS =
      new EngineMethods.FitDocs(
          "Trains on {@code data}, whose inputs are $L (labels included) in this order; returns"
              + " the history.\n",
          "Trains on Java arrays, batched and shuffled as {@code fit} says; returns the history.\n",
          "The mean loss ({@code loss}) and each metric over {@code data} (inputs $L), in"
              + " inference mode.\n");

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

  private static List<Param> params(List<Input> inputs) {
    return inputs.stream().map(i -> new Param(i.methodName(), i.type(), i.shape())).toList();
  }

  // Fields.

  private static FieldSpec specField(ModelDescriptor model, Names names) {
    CodeBlock.Builder spec = CodeBlock.builder();
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
    return EngineMethods.specField(
        MODEL_SPEC,
        names.spec,
        CodeBlock.of("$T.builder($S, $S)", MODEL_SPEC, model.modelName(), model.scope()),
        spec.build());
  }

  // Construction.

  /** The constructor's build: each input, variable, output and the loss, in that order. */
  private static CodeBlock build(ModelDescriptor model) {
    CodeBlock.Builder body = CodeBlock.builder();
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
    return body.build();
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

  private static MethodSpec batchedPrediction(Computed output, Names names) {
    return MethodSpec.methodBuilder(output.methodName())
        .addJavadoc(
            "Returns $L for every example of {@code inputs} (the prediction inputs), computed batch"
                + " by batch; the caller owns (and must close) the returned tensor.\n",
            output.methodName())
        .addModifiers(Modifier.PUBLIC)
        .returns(output.type().className())
        .addParameter(EngineMethods.DATASET, "inputs")
        .addStatement(
            "return ($T) $N.predict($S, inputs)", output.type().className(), names.engine, output.graphName())
        .build();
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
              .addParameter(EngineMethods.PATH, "dir")
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
}
