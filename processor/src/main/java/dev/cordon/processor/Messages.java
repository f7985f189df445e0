package dev.cordon.processor;

/**
 * Every message the processor prints. Each starts with a stable id, names the element at fault
 * and says how to fix it. Tests match on these texts, so change them with care.
 */
final class Messages {

  private static final String TF_TYPES =
      "TFloat16, TBfloat16, TFloat32, TFloat64, TInt32, TInt64, TUint8, TUint16, TBool or TString";

  private Messages() {}

  // The model type.

  static String modelKind(String annotation, String type, String kind) {
    String id = annotation.equals("@Model") ? "ModelKind" : "CompositionKind";
    return "[Cordon/" + id + "] " + type + ": " + annotation + " goes on an abstract class or an"
        + " interface, not on " + kind + ". Declare " + type + " as an abstract class or an"
        + " interface.";
  }

  static String modelSealed(String annotation, String type) {
    return "[Cordon/ModelFinal] " + type + ": a " + annotation + " type must not be sealed,"
        + " because Cordon generates its subclass, which its permits clause cannot name. Remove"
        + " 'sealed' and its permits clause.";
  }

  static String modelFinal(String annotation, String type) {
    return "[Cordon/ModelFinal] " + type + ": a " + annotation + " class must not be final,"
        + " because Cordon generates its subclass. Remove 'final' and make the class abstract.";
  }

  static String modelPrivate(String annotation, String type, String privateType) {
    return "[Cordon/ModelPrivate] " + type + ": "
        + (type.equals(privateType) ? "a " + annotation + " type" : "its enclosing type " + privateType)
        + " is private, so the generated class cannot extend it. Make " + privateType
        + " package-private, protected or public.";
  }

  static String modelInnerClass(String annotation, String type) {
    return "[Cordon/ModelInnerClass] " + type + ": a nested " + annotation + " class must be"
        + " static, because the generated class is a top-level class. Add 'static'.";
  }

  static String modelGeneric(String annotation, String type) {
    return "[Cordon/ModelGeneric] " + type + ": a " + annotation + " type must not have type"
        + " parameters. Remove them and use concrete TensorFlow types.";
  }

  static String modelConstructor(String type) {
    return "[Cordon/ModelConstructor] " + type + ": the generated subclass needs a no-argument"
        + " constructor that is not private. Add one, or remove the other constructors.";
  }

  static String scopeInvalid(String type, String scope, String segment) {
    return scope.isEmpty()
        ? "[Cordon/ScopeInvalid] " + type + ": @Model scope is empty. Give the model a name"
            + " scope such as \"classifier\"."
        : "[Cordon/ScopeInvalid] " + type + ": @Model scope \"" + scope + "\" is not a valid"
            + " TensorFlow name scope: segment \"" + segment + "\" does not match "
            + GraphNames.SEGMENT.pattern() + ". Use letters, digits, '.', '_' and '-', not"
            + " starting with '_' or '-', in each '/'-separated segment.";
  }

  static String modelReference(String member, String otherModel) {
    return "[Cordon/ModelReference] " + member + " references the @Model type " + otherModel
        + ", which reaches into another model's variables; composition comes through @Isolated."
        + " Remove the reference to " + otherModel + ".";
  }

  static String unannotatedAbstractMethod(String method) {
    return "[Cordon/UnannotatedAbstractMethod] " + method + " is abstract but has no @Input,"
        + " @Variable, @Output or @Loss, so the generated class cannot implement it. Annotate it"
        + " or give it a body.";
  }

  static String inheritedAbstractMethod(String type, String method) {
    return "[Cordon/UnannotatedAbstractMethod] " + type + " inherits the abstract method "
        + method + ", which the generated class cannot implement. Implement it in " + type
        + ".";
  }

  // @SavedModel.

  static String savedModelMember(String method, String annotation) {
    return "[Cordon/SavedModelMember] " + method + ": a @SavedModel model is computed by its"
        + " SavedModel, so it declares no " + annotation + ". Remove " + annotation + " or the"
        + " @SavedModel annotation.";
  }

  static String savedModelOutput(String method, String problem) {
    return "[Cordon/SavedModelMember] " + method + ": an @Output of a @SavedModel model names a"
        + " tensor of the signature, so it must " + problem + ".";
  }

  static String savedModelNotFound(String type, String path) {
    return "[Cordon/SavedModelNotFound] " + type + ": the SavedModel '" + path + "' is not on the"
        + " compile class path nor under -Acordon.savedModels, so its inputs and outputs are"
        + " checked only when the model is built.";
  }

  static String savedModelUnreadable(String type, String path, String problem) {
    return "[Cordon/SavedModelUnreadable] " + type + ": the SavedModel '" + path + "' was found"
        + " but its saved_model.pb could not be read (" + problem + "), so its inputs and outputs"
        + " are checked only when the model is built.";
  }

  static String savedModelTags(
      String type, String path, java.util.List<String> tags, java.util.List<java.util.List<String>> tagSets) {
    return "[Cordon/SavedModelSignature] " + type + ": the SavedModel '" + path + "' has no"
        + " MetaGraph tagged " + tags + "; its tag sets are: "
        + (tagSets.isEmpty() ? "none" : tagSets.stream().map(Object::toString)
            .collect(java.util.stream.Collectors.joining(", ")))
        + ". Set @SavedModel(tags) to one of them.";
  }

  static String savedModelSignatureMissing(
      String type, String path, String signature, java.util.List<String> tags, String hint) {
    return "[Cordon/SavedModelSignature] " + type + ": the SavedModel '" + path + "' has no"
        + " signature \"" + signature + "\" in its MetaGraph tagged " + tags + ". " + hint;
  }

  static String savedModelKeyMissing(
      String method, String annotation, String key, String what, String signature, String path,
      String hint) {
    return "[Cordon/SavedModelSignature] " + method + ": the " + annotation + " \"" + key
        + "\" is not an " + what + " of signature \"" + signature + "\" of the SavedModel '"
        + path + "'. " + hint + " Rename the method or set " + annotation + "(name).";
  }

  static String savedModelTensorMismatch(
      String method, String annotation, String key, String declaredType, String declaredShape,
      String what, String signature, String path, String realType, String realShape, String fix) {
    return "[Cordon/SavedModelSignature] " + method + ": the " + annotation + " \"" + key
        + "\" is declared Operand<" + declaredType + "> with shape " + declaredShape + ", but the "
        + what + " \"" + key + "\" of signature \"" + signature + "\" of the SavedModel '" + path
        + "' is " + realType + " with shape " + realShape + ". " + fix;
  }

  // Members.

  static String conflictingAnnotations(String method, String first, String second) {
    return "[Cordon/ConflictingAnnotations] " + method + " is annotated with both " + first
        + " and " + second + ". Keep one of them.";
  }

  static String memberNotAbstract(MemberKind kind, String method) {
    String id = kind == MemberKind.INPUT ? "InputNotAbstract" : "VariableNotAbstract";
    return "[Cordon/" + id + "] " + method + ": an " + kind.display() + " method must be"
        + " abstract, because the generated class backs it with a "
        + (kind == MemberKind.INPUT ? "placeholder" : "variable")
        + ". Remove the body and declare it abstract.";
  }

  static String memberHasParameters(MemberKind kind, String method) {
    return "[Cordon/MemberHasParameters] " + method + ": an " + kind.display() + " method takes"
        + " no parameters. Remove them.";
  }

  static String memberType(MemberKind kind, String method, String actual) {
    return "[Cordon/MemberType] " + method + ": " + kind.display() + " returns " + actual
        + ", but must return Operand<T> with T one of " + TF_TYPES + ".";
  }

  static String memberNotOverridable(MemberKind kind, String method, String modifier) {
    return "[Cordon/MemberNotOverridable] " + method + ": an " + kind.display() + " method must"
        + " not be " + modifier + ", because the generated class overrides it to build it once."
        + " Remove '" + modifier + "'.";
  }

  static String variableShape(String method, long[] shape) {
    boolean unknown = java.util.Arrays.stream(shape).anyMatch(d -> d == -1);
    return "[Cordon/VariableShape] " + method + ": @Variable shape " + ElementFormatter.shape(shape)
        + (unknown ? " has an unknown dimension" : " has a negative dimension")
        + "; variables need a fully known shape. Give every dimension a size >= 0.";
  }

  static String inputShape(MemberKind kind, String method, long[] shape) {
    return "[Cordon/InputShape] " + method + ": " + kind.display() + " shape "
        + ElementFormatter.shape(shape) + " has a dimension below -1. Use a size >= 0, or -1"
        + " for a dimension known only at run time.";
  }

  static String outputAbstract(MemberKind kind, String method) {
    return "[Cordon/OutputAbstract] " + method + ": an " + kind.display() + " method computes its"
        + " result, so it must have a body"
        + " (in an interface: a default method). Implement it from the model's inputs and"
        + " variables.";
  }

  static String outputParameter(MemberKind kind, String method, String parameter, String type) {
    return "[Cordon/OutputParameter] " + method + ": parameter " + parameter + " of type " + type
        + " cannot be supplied; an " + kind.display() + " method takes only org.tensorflow.op.Ops"
        + " and dev.cordon.runtime.Layers, each at most once. Remove the parameter.";
  }

  static String outputType(String method, String actual) {
    return "[Cordon/OutputType] " + method + ": @Output returns " + actual + ", but must return"
        + " Operand<T> with T one of " + TF_TYPES + ".";
  }

  static String lossType(String method, String actual) {
    return "[Cordon/LossType] " + method + ": @Loss returns " + actual + ", but a loss is a"
        + " floating-point scalar. Return Operand<TFloat32> or Operand<TFloat64>.";
  }

  static String multipleLosses(String method, String first) {
    return "[Cordon/MultipleLosses] " + method + ": a model has at most one @Loss, and "
        + first + " is already one. Combine them into a single @Loss method.";
  }

  // Names.

  static String nameInvalid(MemberKind kind, String method, String name, boolean fromAttribute) {
    return "[Cordon/NameInvalid] " + method + ": " + kind.display() + " name \"" + name + "\""
        + (fromAttribute ? "" : " (the method name)") + " is not a valid TensorFlow name; it"
        + " must match " + GraphNames.SEGMENT.pattern() + ". "
        + (fromAttribute ? "Change the name." : "Rename the method or set name = \"...\".");
  }

  static String duplicateName(String method, String name, String first) {
    return "[Cordon/DuplicateName] " + method + ": the name \"" + name + "\" is already used by "
        + first + "; inputs, variables and outputs share one namespace. Rename one of them or"
        + " set name = \"...\".";
  }

  static String duplicateMethodName(String method, String first) {
    return "[Cordon/DuplicateName] " + method + " overloads the member " + first + "; the"
        + " generated class needs one method name per member. Rename one of them.";
  }

  static String memberThrows(MemberKind kind, String method) {
    return "[Cordon/MemberThrows] " + method + ": an " + kind.display() + " method must not"
        + " declare checked exceptions, because the generated class calls it while building the"
        + " model. Remove the throws clause.";
  }

  static String reservedName(String method, String problem) {
    return "[Cordon/ReservedName] " + method + " clashes with a method of the generated class: "
        + problem + ". Rename it; set name = \"...\" to keep the graph name.";
  }

  // Compositions (@Isolated).

  static String isolatedMember(String method) {
    return "[Cordon/IsolatedMember] " + method + ": @Isolated on a method only applies to members"
        + " of a composition (a type annotated with @Isolated). Remove it, or annotate the"
        + " enclosing type with @Isolated.";
  }

  static String isolatedScopeInvalid(String where, String scope, String segment) {
    return scope.isEmpty()
        ? "[Cordon/ScopeInvalid] " + where + ": @Isolated scope is empty."
        : "[Cordon/ScopeInvalid] " + where + ": @Isolated scope \"" + scope + "\" is not a"
            + " valid TensorFlow name scope: segment \"" + segment + "\" does not match "
            + GraphNames.SEGMENT.pattern() + ". Use letters, digits, '.', '_' and '-', not"
            + " starting with '_' or '-', in each '/'-separated segment.";
  }

  static String notAModel(String method, String returned) {
    return "[Cordon/NotAModel] " + method + " is an abstract member of a composition, but returns "
        + returned + ", which is neither a @Model nor an @Isolated type. Return a @Model or an"
        + " @Isolated type, or give the method a body.";
  }

  static String nestedCompositionCycle(String method, String composition, String chain) {
    return "[Cordon/NestedComposition] " + method + " returns the composition " + composition
        + ", which contains this composition again: " + chain + ". A composition cannot nest"
        + " itself, directly or through other compositions. Remove one member of this chain.";
  }

  static String memberSignature(String method, String problem) {
    return "[Cordon/MemberSignature] " + method + ": a composition member " + problem + ". Declare"
        + " it as an abstract method without parameters, e.g. Encoder encoder();";
  }

  static String compositionInput(String method) {
    return "[Cordon/CompositionInput] " + method + ": a composition takes its inputs from its"
        + " members; its own @Input methods are labels of its @Loss. Add label = true, or move"
        + " the input into a member model.";
  }

  static String compositionOwnMember(String method, String annotation) {
    return "[Cordon/CompositionInput] " + method + ": a composition declares only labels"
        + " (@Input(label = true)) and a @Loss of its own, not " + annotation + ". Move it into"
        + " a member model.";
  }

  static String scopeConflict(
      String composition, String member, String scope, String other, String otherScope,
      String suggestion) {
    String same =
        scope.equals(otherScope)
            ? "both use the scope \"" + scope + "\""
            : "scope \"" + scope + "\" and scope \"" + otherScope + "\" nest in one another";
    return "[Cordon/ScopeConflict] " + composition + ": " + member + " and " + other + " are"
        + " built into one graph, and " + same + ", so their variables would collide. Give "
        + member + " a scope of its own, e.g. @Isolated(scope = \"" + suggestion + "\").";
  }

  static String wireSyntax(String composition, String attribute, String value) {
    return "[Cordon/WireSyntax] " + composition + ": @Wire(" + attribute + " = \"" + value
        + "\") must name \"member.port\": the member method's name, a dot and the name of"
        + " the member's " + (attribute.equals("from") ? "@Output" : "@Input")
        + ", e.g. \"encoder.embedding\".";
  }

  static String unknownMember(
      String composition, String attribute, String value, String member, String hint) {
    return "[Cordon/UnknownMember] " + composition + ": @Wire(" + attribute + " = \"" + value
        + "\") names the member \"" + member + "\", which " + composition + " does not"
        + " declare. " + hint;
  }

  static String unknownPort(
      String composition, String attribute, String value, String member, String model,
      String port, String hint) {
    String kind = attribute.equals("from") ? "output" : "input";
    return "[Cordon/UnknownPort] " + composition + ": @Wire(" + attribute + " = \"" + value
        + "\"): member " + member + " (" + model + ") has no " + kind + " \"" + port + "\". "
        + hint;
  }

  static String wireDirection(
      String composition, String attribute, String value, String model, String port) {
    return attribute.equals("from")
        ? "[Cordon/WireDirection] " + composition + ": @Wire(from = \"" + value + "\") names"
            + " the input \"" + port + "\" of " + model + "; a wire goes from a member's"
            + " @Output to another member's @Input. Swap from and to, or name an output."
        : "[Cordon/WireDirection] " + composition + ": @Wire(to = \"" + value + "\") names"
            + " the output \"" + port + "\" of " + model + "; a wire goes from a member's"
            + " @Output to another member's @Input. Swap from and to, or name an input.";
  }

  static String wireType(
      String composition, String from, String fromType, String fromModel, String to,
      String toType, String toModel) {
    return "[Cordon/WireType] " + composition + ": " + from + " is " + fromType + " (output of "
        + fromModel + ") but " + to + " expects " + toType + " (input of " + toModel + ")."
        + " Wire an output of type " + toType + ", or change one of the declarations.";
  }

  static String wireShape(
      String composition, String from, String fromShape, String fromModel, String to,
      String toShape, String toModel) {
    return "[Cordon/WireShape] " + composition + ": " + from + " has shape " + fromShape
        + " but " + to + " expects " + toShape + " (" + from + " is an output of " + fromModel
        + ", " + to + " an input of " + toModel + "). Make the shapes agree (-1 matches any"
        + " size).";
  }

  static String selfWire(String composition, String from, String to) {
    return "[Cordon/SelfWire] " + composition + ": @Wire(from = \"" + from + "\", to = \""
        + to + "\") feeds a member from itself. Compute it inside the model instead, or wire"
        + " another member's output.";
  }

  static String inputFedTwice(String composition, String to, String firstFrom) {
    return "[Cordon/InputFedTwice] " + composition + ": " + to + " is already fed by the wire"
        + " from " + firstFrom + "; an input takes one wire. Remove one of the two @Wires.";
  }

  static String wireCycle(String composition, String cycle) {
    return "[Cordon/WireCycle] " + composition + ": the wires form a cycle, so no member can be"
        + " built first:\n    " + cycle + "\nRemove one of these wires.";
  }

  static String nameClash(String composition, String name, String what, String other) {
    return "[Cordon/NameClash] " + composition + ": the generated method " + name + " (" + what
        + ") clashes with " + other + ". Rename one of the members or ports.";
  }

  static String nestedTypeHides(String type, String nested, String simpleName, String what) {
    return "[Cordon/NameClash] " + type + ": the nested type " + nested + " hides " + what + " "
        + simpleName + " inside the generated class, which inherits it. Rename the nested type.";
  }

  static String fieldClash(String composition, String name, String what, String other) {
    return "[Cordon/NameClash] " + composition + ": the generated field " + name + " (" + what
        + ") clashes with " + other + ", which the generated class keeps in a field of the same"
        + " name. Rename one of them.";
  }

  static String untrainableLoss(String method, String cuts) {
    return "[Cordon/UntrainableLoss] " + method + ": no member of the composition is at level"
        + " SCOPE, so its training step can change no variable"
        + (cuts.isEmpty() ? "" : "; gradients stop at " + cuts) + ". Add @Isolated(level ="
        + " Isolation.SCOPE) to the members this loss should train.";
  }

  static String untrainableNestedLoss(String method, String members) {
    return "[Cordon/UntrainableLoss] " + method + ": its SCOPE members " + members + " are"
        + " compositions with no model at level SCOPE inside, so its training step can change no"
        + " variable. Add @Isolated(level = Isolation.SCOPE) to the models inside them that this"
        + " loss should train.";
  }

  // Processor failures.

  static String internalError(String type, String stackTrace) {
    return "[Cordon/InternalError] Cordon failed on " + type + ". Please report this bug,"
        + " with this stack trace:\n" + stackTrace;
  }

  static String cannotWrite(String generated, String reason) {
    return "[Cordon/CannotWrite] Could not write " + generated + ": " + reason;
  }
}
