package dev.cordon.flink;

import org.apache.flink.util.FlinkUserCodeClassLoader;
import org.slf4j.Logger;

/**
 * TensorFlow's native library and Flink's class loaders.
 *
 * <p>JavaCPP, which TF Java uses, loads the native library through {@code System.load}, and the
 * JVM binds a native library to the first class loader that loads it. When TF Java's jars are in
 * a job jar, each job (and each restart of a job, which gets a new user-code class loader) loads
 * TF Java's classes again; a second loading of the library from another class loader is refused
 * by the JVM. A deployment puts TF Java's jars (tensorflow-core-api, tensorflow-core-native and
 * javacpp, with their platform jars) in Flink's {@code lib/} folder and keeps them parent-first:
 *
 * <pre>
 * classloader.parent-first-patterns.additional: org.tensorflow;org.bytedeco;com.google.protobuf
 * </pre>
 */
final class NativeLibraries {

  private static final String[] CLASSES = {"org.tensorflow.TensorFlow", "org.bytedeco.javacpp.Loader"};

  private NativeLibraries() {}

  /** Logs a warning when TF Java's classes come from a job's own class loader. */
  static void warnIfLoadedByUserCode(Logger log, ClassLoader userCode) {
    for (String name : CLASSES) {
      ClassLoader loader = loaderOf(name, userCode);
      if (loader instanceof FlinkUserCodeClassLoader) {
        log.warn("{} is loaded by the job's class loader ({}): TensorFlow's native library cannot"
            + " be loaded again after a restart or by a second job in this TaskManager. Put TF"
            + " Java's jars in Flink's lib/ folder and set classloader.parent-first-patterns"
            + ".additional: org.tensorflow;org.bytedeco;com.google.protobuf", name, loader);
      }
    }
  }

  /** The class loader that defines {@code name} as seen from {@code from}, or null if absent. */
  static ClassLoader loaderOf(String name, ClassLoader from) {
    try {
      return Class.forName(name, false, from).getClassLoader();
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
