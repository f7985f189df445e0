package dev.cordon.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Positions diagnostics on one of several repeated annotations, such as the second {@code @Wire}.
 *
 * <p>javac gives a type with repeated {@code @Wire}s a synthesized {@code @Wires} container, which
 * has no tree of its own: {@code Messager.printMessage(kind, msg, element, nestedWire, value)}
 * then falls back to the type's declaration line. Here the n-th nested mirror is matched to the
 * n-th {@code @Wire} written in source (javac keeps source order) and the message printed on that
 * annotation, or on its {@code from}/{@code to} argument, through the Trees API. On compilers
 * without it (or for elements from class files) {@link #print} returns false and the caller
 * falls back to the Messager.
 */
final class RepeatedAnnotationPositions {

  private final Trees trees;

  private RepeatedAnnotationPositions(Trees trees) {
    this.trees = trees;
  }

  static RepeatedAnnotationPositions create(ProcessingEnvironment env) {
    Trees trees;
    try {
      trees = Trees.instance(env);
    } catch (RuntimeException | LinkageError e) {
      trees = null; // not javac (e.g. ecj): positions fall back to the declaration
    }
    return new RepeatedAnnotationPositions(trees);
  }

  /** Prints {@code item} if its annotation sits inside a container; false if not handled. */
  boolean print(ValidationReport.Item item) {
    if (trees == null || item.annotation() == null || item.element() == null) {
      return false;
    }
    Element element = item.element();
    if (element.getAnnotationMirrors().contains(item.annotation())) {
      return false; // a direct annotation: the Messager positions it itself
    }
    int index = nestedIndex(element, item.annotation());
    if (index < 0) {
      return false;
    }
    TreePath path = trees.getPath(element);
    if (path == null) {
      return false;
    }
    ModifiersTree modifiers =
        path.getLeaf() instanceof ClassTree c
            ? c.getModifiers()
            : path.getLeaf() instanceof MethodTree m ? m.getModifiers() : null;
    if (modifiers == null) {
      return false;
    }
    String annotationType =
        ((TypeElement) item.annotation().getAnnotationType().asElement()).getQualifiedName().toString();
    List<AnnotationTree> sameType = new ArrayList<>();
    for (AnnotationTree tree : modifiers.getAnnotations()) {
      Element type = trees.getElement(new TreePath(new TreePath(path, modifiers), tree.getAnnotationType()));
      if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(annotationType)) {
        sameType.add(tree);
      }
    }
    if (index >= sameType.size()) {
      return false;
    }
    AnnotationTree annotation = sameType.get(index);
    Tree target = annotation;
    String attribute = attributeOf(item.annotation(), item.value());
    if (attribute != null) {
      for (ExpressionTree argument : annotation.getArguments()) {
        if (argument instanceof AssignmentTree assignment
            && assignment.getVariable() instanceof IdentifierTree name
            && name.getName().contentEquals(attribute)) {
          target = assignment.getExpression();
        }
      }
    }
    trees.printMessage(item.kind(), item.message(), target, path.getCompilationUnit());
    return true;
  }

  /** The position of {@code nested} among the annotations of its type inside a container. */
  private static int nestedIndex(Element element, AnnotationMirror nested) {
    for (AnnotationMirror container : element.getAnnotationMirrors()) {
      for (AnnotationValue value : container.getElementValues().values()) {
        if (value.getValue() instanceof List<?> list) {
          int index = 0;
          for (Object o : list) {
            if (o instanceof AnnotationValue v && v.getValue() instanceof AnnotationMirror m) {
              if (m.equals(nested)) {
                return index;
              }
              index++;
            }
          }
        }
      }
    }
    return -1;
  }

  private static String attributeOf(AnnotationMirror annotation, AnnotationValue value) {
    if (value == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        annotation.getElementValues().entrySet()) {
      if (e.getValue().equals(value)) {
        return e.getKey().getSimpleName().toString();
      }
    }
    return null;
  }
}
