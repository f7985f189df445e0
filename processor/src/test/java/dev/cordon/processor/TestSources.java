package dev.cordon.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/**
 * The sources the processor tests compile: a model written in a few lines, or one of the shared
 * models of {@code test-fixtures/models} (also compiled and run by {@code integration-tests}).
 */
final class TestSources {

  /** The imports every test source starts with. */
  static final String IMPORTS =
      String.join(
          "\n",
          "import dev.cordon.*;",
          "import dev.cordon.runtime.Layers;",
          "import java.util.List;",
          "import org.tensorflow.Operand;",
          "import org.tensorflow.op.Ops;",
          "import org.tensorflow.types.*;",
          "import org.tensorflow.types.family.TNumber;",
          "");

  private TestSources() {}

  /** {@code com.acme.<name>}: the package line, {@link #IMPORTS}, then {@code lines}. */
  static JavaFileObject source(String name, String... lines) {
    return sourceIn("com.acme", name, lines);
  }

  /** {@code <pkg>.<name>}: the package line, {@link #IMPORTS}, then {@code lines}. */
  static JavaFileObject sourceIn(String pkg, String name, String... lines) {
    return JavaFileObjects.forSourceString(
        pkg + "." + name,
        "package " + pkg + ";\n" + IMPORTS + String.join("\n", lines) + "\n");
  }

  /**
   * The shared model {@code com.acme.<name>} from {@code test-fixtures/models}, which the
   * processor's pom puts on the test class path under {@code models/}.
   */
  static JavaFileObject fixture(String name) {
    return JavaFileObjects.forResource("models/com/acme/" + name + ".java");
  }
}
