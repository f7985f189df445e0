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
import dev.cordon.processor.CompositionDescriptor.Member;
import dev.cordon.processor.CompositionDescriptor.Port;
import dev.cordon.processor.CompositionDescriptor.Wire;
import dev.cordon.processor.EngineMethods.Param;
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
    EngineMethods calls =
        new EngineMethods(GeneratedCode.freeName(memberNames(c), "engine", "cordonEngine"));
    type.addField(specField(c, spec));
    for (Member m : c.members()) {
      type.addField(m.generatedClass(), m.methodName(), Modifier.PRIVATE, Modifier.FINAL);
    }
    c.labels().forEach(l -> type.addField(operandField(l.methodName(), l.type(), true)));
    c.loss().ifPresent(l -> type.addField(operandField(l.methodName(), l.type(), false)));
    type.addField(ENGINE, calls.engine(), Modifier.PRIVATE, Modifier.FINAL);

    type.addMethod(calls.constructor(ASSEMBLY, build(c)));
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
      List<Param> inputs = params(output.needs().stream().map(c::input).toList());
      int index = c.outputs().indexOf(output);
      type.addMethod(
          calls.prediction(
              output.name(), output.type(), index, inputs,
              CodeBlock.of(
                  "Returns $L ($L) for the given inputs; the caller owns (and must close) the"
                      + " returned tensor.\n",
                  output.name(),
                  output.memberPort())));
      Param result = new Param(output.name(), output.type(), output.shape());
      if (!inputs.isEmpty() && EngineMethods.hasArrayPrediction(inputs, result)) {
        type.addMethod(calls.arrayPrediction(output.name(), output.name(), result, index, inputs));
      }
    }
    if (!c.outputs().isEmpty()) {
      type.addMethod(calls.run(outputsClass, params(c.inputs())));
    }
    if (c.loss().isPresent()) {
      List<Param> inputs = trainInputs(c);
      type.addMethods(
          calls.trainSteps(
              inputs,
              "One optimizer step on the composition's loss, updating its SCOPE members only;"
                  + " returns the loss before the step.\n"));
      type.addMethods(calls.fitting(inputs, FIT_DOCS));
    }
    type.addMethod(calls.delegating("inspect", INSPECTION, "inspection"));
    type.addMethod(calls.delegatingPath("exportSavedModel", "dir"));
    type.addMethod(calls.delegating("close", TypeName.VOID, "close"));
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

  private static final EngineMethods.FitDocs FIT_DOCS =
      new EngineMethods.FitDocs(
          "Trains the SCOPE members on the composition's loss over {@code data}, whose inputs are"
              + " $L in this order; returns the history.\n",
          "Trains on Java arrays, batched and shuffled as {@code fit} says.\n",
          "The mean loss and each metric over {@code data} (inputs $L).\n");

  private static List<Param> params(List<Port> ports) {
    return ports.stream().map(p -> new Param(p.name(), p.type(), p.shape())).toList();
  }

  private static FieldSpec specField(CompositionDescriptor c, String name) {
    CodeBlock.Builder spec = CodeBlock.builder();
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
    return EngineMethods.specField(
        SPEC, name, CodeBlock.of("$T.builder($S, $S)", SPEC, c.name(), c.scope()), spec.build());
  }

  /** The fields named after the composition's members, labels and loss. */
  private static java.util.Set<String> memberNames(CompositionDescriptor c) {
    java.util.Set<String> taken = new java.util.HashSet<>();
    c.members().forEach(m -> taken.add(m.methodName()));
    c.labels().forEach(l -> taken.add(l.methodName()));
    c.loss().ifPresent(l -> taken.add(l.methodName()));
    return taken;
  }

  /** The constructor's build: each member in build order, then the labels and the loss. */
  private static CodeBlock build(CompositionDescriptor c) {
    CodeBlock.Builder body = CodeBlock.builder();
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
    return body.build();
  }

  /** The composition inputs the loss needs, then its labels. */
  private static List<Param> trainInputs(CompositionDescriptor c) {
    List<Param> all = new ArrayList<>(params(c.trainInputs().stream().map(c::input).toList()));
    for (Input label : c.labels()) {
      all.add(new Param(label.methodName(), label.type(), label.shape()));
    }
    return all;
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
