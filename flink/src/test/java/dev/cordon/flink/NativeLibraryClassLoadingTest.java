package dev.cordon.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.util.FlinkUserCodeClassLoaders;
import org.apache.flink.util.MutableURLClassLoader;
import org.junit.jupiter.api.Test;
import org.tensorflow.TensorFlow;

/**
 * TensorFlow's native library under Flink's user-code class loaders, built by Flink's own
 * {@link FlinkUserCodeClassLoaders#create} from a cluster configuration, over "job jars" that
 * bundle TF Java (the jars on this test's class path), the way a TaskManager loads each job and
 * each restart of a job.
 */
class NativeLibraryClassLoadingTest {

  /** TF Java's jars (API, natives, JavaCPP, protobuf): what a fat job jar would bundle. */
  static URL[] tensorflowJars() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.startsWith("tensorflow-") || name.startsWith("javacpp") || name.startsWith("protobuf")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    assertTrue(urls.size() >= 3, "TF Java jars on the test class path: " + urls);
    return urls.toArray(new URL[0]);
  }

  static MutableURLClassLoader jobClassLoader(Configuration cluster) throws Exception {
    URL[] tf = tensorflowJars();
    URL[] job = java.util.Arrays.copyOf(tf, tf.length + 1);
    // The job's own classes (TensorFlowProbe) from the test classes folder, child-first.
    job[tf.length] = TensorFlowProbe.class.getProtectionDomain().getCodeSource().getLocation();
    return FlinkUserCodeClassLoaders.create(job,
        NativeLibraryClassLoadingTest.class.getClassLoader(), cluster);
  }

  /** Runs a graph in a session with the TF Java that {@code loader} sees. */
  @SuppressWarnings("unchecked")
  static String runGraph(ClassLoader loader) throws Exception {
    Class<?> probe = Class.forName(TensorFlowProbe.class.getName(), true, loader);
    assertNotSame(TensorFlowProbe.class, probe, "the probe is the job's own class");
    return ((java.util.function.Supplier<String>) probe.getConstructor().newInstance()).get();
  }

  static long rssKb() throws Exception {
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Loads TF Java in {@code loader} and runs {@code TensorFlow.version()}, which needs the natives. */
  static String tensorflowVersion(ClassLoader loader) throws Throwable {
    try {
      return (String) Class.forName("org.tensorflow.TensorFlow", true, loader)
          .getMethod("version").invoke(null);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void withTfJavaParentFirstEveryJobAndRestartSharesTheOneNativeLibrary() throws Throwable {
    String version = TensorFlow.version(); // the TaskManager's own TF Java (Flink's lib/)
    Configuration cluster = new Configuration();
    cluster.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
        List.of("org.tensorflow", "org.bytedeco", "com.google.protobuf"));
    for (int job = 0; job < 3; job++) { // a job, its restart, a second job
      try (MutableURLClassLoader loader = jobClassLoader(cluster)) {
        assertEquals(version, tensorflowVersion(loader));
        assertSame(TensorFlow.class, Class.forName("org.tensorflow.TensorFlow", false, loader));
        assertEquals(null, loaderIfUserCode(loader));
        assertTrue(runGraph(loader).endsWith(" 5.0"));
      }
    }
  }

  @Test
  void withoutTheSettingAJobJarBundlingTfJavaLoadsItsOwnCopy() throws Throwable {
    TensorFlow.version();
    try (MutableURLClassLoader loader = jobClassLoader(new Configuration())) { // child-first
      Class<?> copy = Class.forName("org.tensorflow.TensorFlow", false, loader);
      assertNotSame(TensorFlow.class, copy);
      assertTrue(loaderIfUserCode(loader) != null, "the warning NativeLibraries logs applies");
    }
    // What each job (or restart) costs when it brings its own TF Java: reported, not asserted.
    for (int job = 0; job < 3; job++) {
      long before = rssKb();
      String result;
      try (MutableURLClassLoader loader = jobClassLoader(new Configuration())) {
        try {
          result = runGraph(loader);
        } catch (Throwable e) {
          result = e.toString();
        }
      }
      System.out.println("child-first job " + job + ": " + result + ", RSS +"
          + (rssKb() - before) / 1024 + " MB");
    }
  }

  private static ClassLoader loaderIfUserCode(ClassLoader loader) {
    ClassLoader tf = NativeLibraries.loaderOf("org.tensorflow.TensorFlow", loader);
    return tf instanceof org.apache.flink.util.FlinkUserCodeClassLoader ? tf : null;
  }
}
