package dev.cordon.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Builds test sources: a model class from a few lines, plus the imports every model uses. */
final class TestSources {

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

  /** {@code com.acme.<name>} with the usual imports and the given lines. */
  static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceString(
        "com.acme." + name, "package com.acme;\n" + IMPORTS + String.join("\n", lines) + "\n");
  }

  /** A source from {@code src/test/resources/models}. */
  static JavaFileObject resource(String path) {
    return JavaFileObjects.forResource("models/" + path);
  }

  /**
   * {@code sources} as a list. The real runtime is a test dependency, so models and generated code
   * compile against it; this is the one place to add shared test sources.
   */
  static List<JavaFileObject> withRuntime(JavaFileObject... sources) {
    return new ArrayList<>(List.of(sources));
  }
}
