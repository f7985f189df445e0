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
          "import org.tensorflow.Output;",
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

  /** Stand-ins for the runtime API, used while the real runtime is not on the classpath. */
  private static final List<String> RUNTIME_STUBS =
      List.of(
          "CordonModel", "Layers", "ModelBuild", "ModelBuilder", "ModelOutputs", "ModelRuntime",
          "ModelSpec", "ModelVariables", "TensorArrays");

  /** True when the real runtime is on the test classpath (else the stubs stand in for it). */
  static boolean hasRealRuntime() {
    return onClasspath("dev.cordon.runtime.ModelBuild");
  }

  /**
   * {@code sources} plus, while the real runtime is missing from the test classpath, stand-ins for
   * the runtime classes that models and generated code mention ({@code src/test/resources/stubs}).
   */
  static List<JavaFileObject> withRuntime(JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(List.of(sources));
    if (!hasRealRuntime()) {
      for (String stub : RUNTIME_STUBS) {
        all.add(JavaFileObjects.forResource("stubs/dev/cordon/runtime/" + stub + ".java"));
      }
    }
    return all;
  }

  static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, TestSources.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
