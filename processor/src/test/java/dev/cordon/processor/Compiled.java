package dev.cordon.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.opentest4j.AssertionFailedError;

/**
 * One compilation by {@link CordonCompiler}, and what it must show. Each assertion returns
 * {@code this}, so they chain. A Cordon diagnostic is named by its id and text: {@code
 * assertError("ScopeInvalid", "scope = \"\"", "M: @Model scope is empty.")} expects the message
 * {@code [Cordon/ScopeInvalid] M: @Model scope is empty....}. The line is the one line of the
 * file that contains the given fragment (as compile-testing's {@code onLineContaining}); columns
 * are not checked.
 */
final class Compiled {

  private final Compilation compilation;
  private final JavaFileObject subject;
  private final CordonCompiler.CurrentTest test;

  Compiled(Compilation compilation, JavaFileObject subject, CordonCompiler.CurrentTest test) {
    this.compilation = compilation;
    this.subject = subject;
    this.test = test;
  }

  Compilation compilation() {
    return compilation;
  }

  // Errors.

  /**
   * The compilation's only error is {@code [Cordon/<id>] <text>...} (its message starts so and
   * contains each of {@code alsoContaining}), in the subject, on the line containing {@code line}.
   */
  Compiled assertError(String id, String line, String text, String... alsoContaining) {
    return assertErrorIn(subject, id, line, text, alsoContaining);
  }

  /** As {@link #assertError}, with the error in {@code file}. */
  Compiled assertErrorIn(
      JavaFileObject file, String id, String line, String text, String... alsoContaining) {
    assertErrorCount(1);
    return hasError(file, id, line, text, alsoContaining);
  }

  /** Exactly {@code count} errors; name each with {@link #hasError}. */
  Compiled assertErrorCount(int count) {
    if (compilation.errors().size() != count) {
      throw failure("expected " + count + " error(s), got " + compilation.errors().size());
    }
    return this;
  }

  /** One of the errors is {@code [Cordon/<id>] <text>...}, in {@code file} on {@code line}. */
  Compiled hasError(
      JavaFileObject file, String id, String line, String text, String... alsoContaining) {
    return has(Diagnostic.Kind.ERROR, file, id, line, text, alsoContaining);
  }

  /**
   * The only error is javac's own: it contains {@code text}, is in the subject on the line
   * containing {@code line}, and no error comes from Cordon.
   */
  Compiled assertJavacError(String line, String text) {
    assertErrorCount(1);
    assertThat(compilation).hadErrorContaining(text).inFile(subject).onLineContaining(line);
    return assertOnlyJavacErrors();
  }

  /** The compilation failed, and no error names Cordon or an uncaught exception. */
  Compiled assertOnlyJavacErrors() {
    assertThat(compilation).failed();
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(null);
      if (message.contains("Cordon") || message.contains("uncaught exception")) {
        throw failure("expected only javac's errors, got: " + message);
      }
    }
    return this;
  }

  // Success, warnings, notes.

  /** No error. */
  Compiled assertSucceeded() {
    if (!compilation.errors().isEmpty()) {
      throw failure("expected no error");
    }
    return this;
  }

  /** No error, no warning, no Cordon note. */
  Compiled assertClean() {
    if (!compilation.errors().isEmpty()
        || !compilation.warnings().isEmpty()
        || !cordonNotes().isEmpty()) {
      throw failure("expected no error, no warning and no Cordon note");
    }
    return this;
  }

  /**
   * No error, and the only warning is {@code [Cordon/<id>] <text>...} in the subject on the line
   * containing {@code line}.
   */
  Compiled assertWarning(String id, String line, String text, String... alsoContaining) {
    assertSucceeded();
    if (compilation.warnings().size() != 1) {
      throw failure("expected 1 warning, got " + compilation.warnings().size());
    }
    return has(Diagnostic.Kind.WARNING, subject, id, line, text, alsoContaining);
  }

  /**
   * No error, and the only Cordon note is {@code [Cordon/<id>] <text>...} in the subject on the
   * line containing {@code line}.
   */
  Compiled assertNote(String id, String line, String text, String... alsoContaining) {
    assertSucceeded();
    if (cordonNotes().size() != 1) {
      throw failure("expected 1 Cordon note, got " + cordonNotes().size());
    }
    return has(Diagnostic.Kind.NOTE, subject, id, line, text, alsoContaining);
  }

  /** No error, and every warning's message starts with {@code prefix}. */
  Compiled assertEveryWarningStartsWith(String prefix) {
    assertSucceeded();
    for (Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
      if (!warning.getMessage(null).startsWith(prefix)) {
        throw failure("expected every warning to start with \"" + prefix + "\"");
      }
    }
    return this;
  }

  // Generated code.

  /** The text of the generated source {@code className}; fails if there is none. */
  String generated(String className) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(className)
            .orElseThrow(() -> failure("no generated source " + className));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each generated source in {@code classNames} equals its golden file {@code
   * golden/<TestClass>/<testMethod>/<className>.java}, or, with {@code
   * -Dcordon.updateGoldens=true}, is written there. See {@link CordonCompiler} and {@link Goldens}.
   */
  Compiled assertGolden(String... classNames) {
    for (String className : classNames) {
      Goldens.check(test.goldenDirectory().resolve(className + ".java"), generated(className));
    }
    return this;
  }

  // Helpers.

  private Compiled has(
      Diagnostic.Kind kind,
      JavaFileObject file,
      String id,
      String line,
      String text,
      String... alsoContaining) {
    String start = "[Cordon/" + id + "] " + text;
    List<Diagnostic<? extends JavaFileObject>> matching =
        compilation.diagnostics().stream()
            .filter(d -> d.getKind() == kind)
            .filter(d -> d.getMessage(null).startsWith(start))
            .filter(d -> Stream.of(alsoContaining).allMatch(d.getMessage(null)::contains))
            .collect(Collectors.toList());
    if (matching.isEmpty()) {
      String what =
          kind == Diagnostic.Kind.ERROR ? "an error" : "a " + kind.name().toLowerCase(Locale.ROOT);
      StringBuilder expected = new StringBuilder("expected " + what);
      expected.append(" starting \"").append(start).append('"');
      for (String more : alsoContaining) {
        expected.append(" and containing \"").append(more).append('"');
      }
      throw failure(expected.toString());
    }
    // compile-testing checks the file and that exactly one line contains the fragment.
    switch (kind) {
      case ERROR ->
          assertThat(compilation).hadErrorContaining(start).inFile(file).onLineContaining(line);
      case WARNING ->
          assertThat(compilation).hadWarningContaining(start).inFile(file).onLineContaining(line);
      default ->
          assertThat(compilation).hadNoteContaining(start).inFile(file).onLineContaining(line);
    }
    return this;
  }

  private List<Diagnostic<? extends JavaFileObject>> cordonNotes() {
    return compilation.notes().stream()
        .filter(d -> d.getMessage(null).contains("[Cordon/"))
        .collect(Collectors.toList());
  }

  private AssertionFailedError failure(String what) {
    String diagnostics =
        compilation.diagnostics().stream()
            .map(Compiled::format)
            .collect(Collectors.joining("\n  ", "\n  ", ""));
    String reported = compilation.diagnostics().isEmpty() ? " nothing" : diagnostics;
    return new AssertionFailedError(what + "; the compilation reported:" + reported);
  }

  private static String format(Diagnostic<? extends JavaFileObject> d) {
    String where =
        d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
    return d.getKind() + " " + where + d.getMessage(null);
  }
}
