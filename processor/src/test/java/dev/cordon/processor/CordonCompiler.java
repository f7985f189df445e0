package dev.cordon.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processor tests' one compiler fixture: javac with a fresh {@link CordonProcessor}, the
 * test class path (annotations, runtime, TensorFlow's API) and {@code -Xlint:all,-processing}.
 * Each test class registers one; {@code with...} returns a copy configured further:
 *
 * <pre>{@code
 * @RegisterExtension final CordonCompiler cordon = new CordonCompiler();
 * private final CordonCompiler withMembers = cordon.with(fixture("Encoder"), fixture("Ranker"));
 *
 * withMembers.compile(src).assertError("ScopeConflict", "Ranker audit();", "P: P.audit() and");
 * cordon.compile(src).assertClean().assertGolden("com.acme.CordonM");
 * }</pre>
 *
 * <p>What a compilation must show is asserted on the {@link Compiled} it returns: {@link
 * Compiled#assertError the only error} (its {@code [Cordon/Id]}, text, file and line), {@link
 * Compiled#assertWarning the only warning}, {@link Compiled#assertNote the only Cordon note},
 * {@link Compiled#assertClean no diagnostics}, {@link Compiled#assertGolden generated text}.
 *
 * <p><b>Golden files.</b> {@link Compiled#assertGolden(String...)} compares a generated class
 * with {@code src/test/resources/golden/<TestClass>/<testMethod>/<qualified.Name>.java}, read
 * from the module directory (the working directory of Maven's test run). Run the tests with
 * {@code -Dcordon.updateGoldens=true} to write the generated text into those files instead of
 * comparing (also creating missing ones), e.g. {@code mvn -B -pl processor -am verify
 * -Dcordon.updateGoldens=true}, then review {@code git diff}. A mismatch reports the first
 * differing line with context; see {@link Goldens}.
 */
final class CordonCompiler implements BeforeEachCallback {

  /** The lint of every compilation unless {@link #withLint} says otherwise. */
  static final String LINT = "-Xlint:all,-processing";

  /** The test now running, shared by every copy made from the registered fixture. */
  static final class CurrentTest {
    private String className;
    private String methodName;

    Path goldenDirectory() {
      if (className == null) {
        throw new IllegalStateException(
            "golden files need the test's name: register the fixture with @RegisterExtension");
      }
      return Path.of(className, methodName);
    }
  }

  private final CurrentTest test;
  private final List<JavaFileObject> context;
  private final String lint;
  private final List<String> options;
  private final List<Supplier<Processor>> before;
  private final List<File> classpath;

  CordonCompiler() {
    this(new CurrentTest(), List.of(), LINT, List.of(), List.of(), null);
  }

  private CordonCompiler(
      CurrentTest test,
      List<JavaFileObject> context,
      String lint,
      List<String> options,
      List<Supplier<Processor>> before,
      List<File> classpath) {
    this.test = test;
    this.context = context;
    this.lint = lint;
    this.options = options;
    this.before = before;
    this.classpath = classpath;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    test.className = context.getRequiredTestClass().getSimpleName();
    test.methodName = context.getRequiredTestMethod().getName();
  }

  /** A copy that also compiles {@code sources}, before the ones given to {@link #compile}. */
  CordonCompiler with(JavaFileObject... sources) {
    List<JavaFileObject> more = concat(context, List.of(sources));
    return new CordonCompiler(test, more, lint, options, before, classpath);
  }

  /** A copy with these javac options (e.g. {@code -Acordon.savedModels=...}) added. */
  CordonCompiler withOptions(String... more) {
    List<String> all = concat(options, List.of(more));
    return new CordonCompiler(test, context, lint, all, before, classpath);
  }

  /** A copy whose lint option is {@code lint} instead of {@link #LINT}. */
  CordonCompiler withLint(String lint) {
    return new CordonCompiler(test, context, lint, options, before, classpath);
  }

  /** A copy that runs a fresh processor from {@code processor} before Cordon's, each compile. */
  CordonCompiler withProcessorBefore(Supplier<Processor> processor) {
    List<Supplier<Processor>> all = concat(before, List.of(processor));
    return new CordonCompiler(test, context, lint, options, all, classpath);
  }

  /** A copy whose class path is {@code library}'s classes, then the test class path. */
  CordonCompiler withLibrary(Path library) {
    List<File> path = new ArrayList<>();
    path.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      path.add(new File(entry));
    }
    return new CordonCompiler(test, context, lint, options, before, List.copyOf(path));
  }

  /**
   * Compiles the fixture's sources, then {@code subject}, then {@code more}. {@link
   * Compiled#assertError} looks for the error in {@code subject}.
   */
  Compiled compile(JavaFileObject subject, JavaFileObject... more) {
    List<JavaFileObject> sources = new ArrayList<>(context);
    sources.add(subject);
    sources.addAll(List.of(more));
    List<Processor> processors = new ArrayList<>();
    before.forEach(p -> processors.add(p.get()));
    processors.add(new CordonProcessor());
    List<String> all = new ArrayList<>();
    all.add(lint);
    all.addAll(options);
    Compiler compiler = javac().withProcessors(processors).withOptions(all);
    if (classpath != null) {
      compiler = compiler.withClasspath(classpath);
    }
    Compilation compilation = compiler.compile(sources);
    return new Compiled(compilation, subject, test);
  }

  /**
   * Compiles {@code sources} as a library: asserts they compile cleanly and writes their classes
   * (the generated ones included) under {@code directory}, for {@link #withLibrary}.
   */
  Path compileLibrary(Path directory, JavaFileObject first, JavaFileObject... more) {
    Compiled library = compile(first, more).assertClean();
    try {
      for (JavaFileObject file : library.compilation().generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "");
          Path target = directory.resolve(path);
          Files.createDirectories(target.getParent());
          try (InputStream in = file.openInputStream()) {
            Files.write(target, in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return directory;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
