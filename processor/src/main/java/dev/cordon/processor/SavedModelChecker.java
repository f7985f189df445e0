package dev.cordon.processor;

import dev.cordon.processor.ModelDescriptor.SavedModelRef;
import dev.cordon.processor.SavedModelSignatures.MetaGraph;
import dev.cordon.processor.SavedModelSignatures.Signature;
import dev.cordon.processor.SavedModelSignatures.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * Checks a {@code @SavedModel} model against its SavedModel's signature while compiling, when the
 * SavedModel can be found then: under {@code -Acordon.savedModels=<dir>}, as a file-system path,
 * or as a resource on the class path or source path. Each declared input and output whose key,
 * dtype or shape the signature contradicts is one error on its method; a tag set or signature the
 * SavedModel lacks is one error on the {@code @SavedModel} annotation. A SavedModel that cannot
 * be found is a note: the runtime checks the same things when the model is built.
 *
 * <p>{@code @SuppressWarnings("cordon:SavedModelSignature")} on the model type skips the check, on
 * a member skips that member: for a model that declares a mismatch on purpose, e.g. to test the
 * runtime's own check.
 */
final class SavedModelChecker {

  private final Annotations annotations;
  private final Filer filer;
  private final Messager messager;
  private final Optional<String> savedModelsOption;

  SavedModelChecker(
      Annotations annotations, Filer filer, Messager messager, Optional<String> savedModelsOption) {
    this.annotations = annotations;
    this.filer = filer;
    this.messager = messager;
    this.savedModelsOption = savedModelsOption;
  }

  /** Reports every mismatch, or a note when the SavedModel is not found or not readable. */
  void check(TypeElement type, SavedModelRef ref) {
    if (suppressed(type)) {
      return;
    }
    AnnotationMirror mirror = Annotations.find(type, TypeNames.SAVED_MODEL).orElseThrow();
    String typeName = ElementFormatter.type(type);
    Optional<byte[]> bytes = find(ref.path());
    if (bytes.isEmpty()) {
      messager.printMessage(
          Diagnostic.Kind.NOTE, Messages.savedModelNotFound(typeName, ref.path()), type, mirror);
      return;
    }
    List<MetaGraph> graphs;
    try {
      graphs = SavedModelSignatures.read(bytes.get());
    } catch (IOException | RuntimeException e) {
      messager.printMessage(
          Diagnostic.Kind.NOTE,
          Messages.savedModelUnreadable(typeName, ref.path(), String.valueOf(e.getMessage())),
          type,
          mirror);
      return;
    }
    Optional<MetaGraph> graph =
        graphs.stream().filter(g -> g.tags().equals(new HashSet<>(ref.tags()))).findFirst();
    if (graph.isEmpty()) {
      error(
          Messages.savedModelTags(
              typeName, ref.path(), ref.tags(), graphs.stream().map(g -> List.copyOf(g.tags())).toList()),
          type,
          mirror,
          "tags");
      return;
    }
    Signature signature = graph.get().signatures().get(ref.signature());
    if (signature == null) {
      List<String> keys = List.copyOf(graph.get().signatures().keySet());
      error(
          Messages.savedModelSignatureMissing(
              typeName,
              ref.path(),
              ref.signature(),
              ref.tags(),
              DidYouMean.hint(ref.signature(), keys, "signatures")),
          type,
          mirror,
          "signature");
      return;
    }
    for (ModelMember member : ModelMember.allOf(type)) {
      switch (member.kind()) {
        case INPUT -> checkMember(member, "input", signature.inputs(), ref);
        case OUTPUT -> checkMember(member, "output", signature.outputs(), ref);
        default -> {}
      }
    }
  }

  private void checkMember(
      ModelMember member, String what, Map<String, Tensor> tensors, SavedModelRef ref) {
    if (suppressed(member.method())) {
      return;
    }
    String graphName = MemberNameValidator.graphName(annotations, member);
    String method = ElementFormatter.method(member.method());
    String annotation = member.kind() == MemberKind.INPUT ? "@Input" : "@Output";
    Tensor tensor = tensors.get(graphName);
    if (tensor == null) {
      messager.printMessage(
          Diagnostic.Kind.ERROR,
          Messages.savedModelKeyMissing(
              method,
              annotation,
              graphName,
              what,
              ref.signature(),
              ref.path(),
              DidYouMean.hint(graphName, List.copyOf(tensors.keySet()), what + "s")),
          member.method());
      return;
    }
    TensorType declaredType = TypeNames.operandType(member.method().getReturnType()).orElseThrow();
    long[] declaredShape = annotations.longs(member.annotation(), "shape");
    Optional<TensorType> realType = SavedModelSignatures.tensorType(tensor.dtype());
    boolean typeOk = realType.isPresent() && realType.get() == declaredType;
    boolean shapeOk =
        tensor.shape().isEmpty()
            || compatible(Arrays.stream(declaredShape).boxed().toList(), tensor.shape().get());
    if (typeOk && shapeOk) {
      return;
    }
    String realShape = tensor.shape().map(SavedModelChecker::braces).orElse("of unknown rank");
    String fix =
        realType.isEmpty()
            ? "Cordon has no tensor type for " + SavedModelSignatures.dtypeName(tensor.dtype())
                + ", so this " + what + " cannot be declared."
            : "Declare "
                + annotation
                + (tensor.shape().isPresent() && !shapeOk
                    ? "(shape = " + braces(tensor.shape().get()) + ")"
                    : "")
                + " Operand<"
                + realType.get().simpleName()
                + ">.";
    messager.printMessage(
        Diagnostic.Kind.ERROR,
        Messages.savedModelTensorMismatch(
            method,
            annotation,
            graphName,
            declaredType.simpleName(),
            ElementFormatter.shape(declaredShape),
            what,
            ref.signature(),
            ref.path(),
            SavedModelSignatures.dtypeName(tensor.dtype())
                + realType.map(t -> " (" + t.simpleName() + ")").orElse(""),
            realShape,
            fix),
        member.method());
  }

  /** Same rank, and known (non-negative) dimensions equal: the runtime's rule. */
  static boolean compatible(List<Long> declared, List<Long> actual) {
    if (declared.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < declared.size(); i++) {
      long d = declared.get(i);
      long a = actual.get(i);
      if (d >= 0 && a >= 0 && d != a) {
        return false;
      }
    }
    return true;
  }

  static final String SUPPRESS = "cordon:SavedModelSignature";

  private static boolean suppressed(Element element) {
    SuppressWarnings suppress = element.getAnnotation(SuppressWarnings.class);
    return suppress != null && Arrays.asList(suppress.value()).contains(SUPPRESS);
  }

  private void error(String message, TypeElement type, AnnotationMirror mirror, String attribute) {
    AnnotationValue value = Annotations.explicitValue(mirror, attribute);
    if (value != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, type, mirror, value);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, type, mirror);
    }
  }

  private static String braces(List<Long> shape) {
    List<String> dims = new ArrayList<>();
    shape.forEach(d -> dims.add(String.valueOf(d)));
    return "{" + String.join(", ", dims) + "}";
  }

  /**
   * The bytes of {@code <path>/saved_model.pb}: under the option's directory, then as a
   * file-system path, then as a class-path or source-path resource.
   */
  private Optional<byte[]> find(String path) {
    String clean = path.replaceAll("^/+", "").replaceAll("/+$", "");
    List<Path> candidates = new ArrayList<>();
    try {
      savedModelsOption.ifPresent(dir -> candidates.add(Path.of(dir).resolve(clean)));
      candidates.add(Path.of(path));
    } catch (InvalidPathException e) {
      // not a file-system path
    }
    for (Path dir : candidates) {
      Path pb = dir.resolve("saved_model.pb");
      if (Files.isRegularFile(pb)) {
        try {
          return Optional.of(Files.readAllBytes(pb));
        } catch (IOException e) {
          // unreadable: try the next place
        }
      }
    }
    for (JavaFileManager.Location location :
        List.of(StandardLocation.CLASS_PATH, StandardLocation.SOURCE_PATH)) {
      try (InputStream in = filer.getResource(location, "", clean + "/saved_model.pb").openInputStream()) {
        return Optional.of(in.readAllBytes());
      } catch (IOException | RuntimeException e) {
        // Filer throws for a missing resource, and some compilers do not support the location.
      }
    }
    return Optional.empty();
  }
}
