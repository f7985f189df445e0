package dev.cordon.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The errors found in one {@code @Model} type. Validators only add items; {@link CordonProcessor}
 * prints them, and generates code only when the report {@link #isClean() is clean}.
 */
final class ValidationReport {

  /**
   * One diagnostic, positioned as precisely as possible: the element, the annotation on it and
   * the annotation value at fault (the last two may be null).
   */
  record Item(
      Diagnostic.Kind kind,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Item> items;
  private final boolean abandoned;

  private ValidationReport(List<Item> items, boolean abandoned) {
    this.items = List.copyOf(items);
    this.abandoned = abandoned;
  }

  static Builder builder() {
    return new Builder();
  }

  List<Item> items() {
    return items;
  }

  /** True when no item is an error and nothing was abandoned, so the type may be generated. */
  boolean isClean() {
    return !abandoned && items.stream().noneMatch(i -> i.kind() == Diagnostic.Kind.ERROR);
  }

  void printTo(Messager messager) {
    printTo(messager, null);
  }

  /** Prints through {@code positions} the items on a repeated annotation, the rest as usual. */
  void printTo(Messager messager, RepeatedAnnotationPositions positions) {
    for (Item item : items) {
      if (positions != null && positions.print(item)) {
        continue;
      }
      messager.printMessage(
          item.kind(), item.message(), item.element(), item.annotation(), item.value());
    }
  }

  /** Collects items in the order the validators find them. */
  static final class Builder {
    private final List<Item> items = new ArrayList<>();
    private boolean abandoned;

    private Builder() {}

    Builder warning(
        String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
      items.add(new Item(Diagnostic.Kind.WARNING, message, element, annotation, value));
      return this;
    }

    /**
     * Marks the report unclean without a message of its own: the error is reported elsewhere
     * (on another element, or by javac), and repeating it here would be a follow-on error.
     */
    Builder abandon() {
      abandoned = true;
      return this;
    }

    Builder error(String message, Element element) {
      return error(message, element, null, null);
    }

    Builder error(String message, Element element, AnnotationMirror annotation) {
      return error(message, element, annotation, null);
    }

    Builder error(
        String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
      items.add(new Item(Diagnostic.Kind.ERROR, message, element, annotation, value));
      return this;
    }

    Builder addAll(ValidationReport other) {
      items.addAll(other.items);
      abandoned |= other.abandoned;
      return this;
    }

    /** True when nothing has been reported so far. */
    boolean isClean() {
      return !abandoned && items.stream().noneMatch(i -> i.kind() == Diagnostic.Kind.ERROR);
    }

    ValidationReport build() {
      return new ValidationReport(items, abandoned);
    }
  }
}
