package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the jars that are published, as the reactor built them: run by failsafe in
 * {@code integration-test}, after every upstream module's {@code package}, so the class path holds
 * the jars themselves (the shaded processor jar, not {@code processor/target/classes}).
 */
class ReleaseArtifactsIT {

  private static final String PROCESSOR_CLASS = "dev/cordon/processor/CordonProcessor.class";

  @Test
  void everyPublicJarNamesItsModule() throws IOException {
    assertEquals("dev.cordon.annotations", moduleName(jarContaining("dev/cordon/Model.class")));
    assertEquals(
        "dev.cordon.runtime", moduleName(jarContaining("dev/cordon/runtime/CordonModel.class")));
    assertEquals("dev.cordon.processor", moduleName(jarContaining(PROCESSOR_CLASS)));
  }

  @Test
  void processorJarHoldsJavaPoetRelocatedOnly() throws IOException {
    try (JarFile jar = new JarFile(jarContaining(PROCESSOR_CLASS).toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
      assertTrue(
          names.contains("dev/cordon/processor/shaded/javapoet/JavaFile.class"),
          "JavaPoet is not shaded into the processor jar");
      List<String> unrelocated = names.stream().filter(n -> n.startsWith("com/squareup/")).toList();
      assertTrue(unrelocated.isEmpty(), "unrelocated JavaPoet in the processor jar: " + unrelocated);
      byte[] javapoet = "com/squareup/javapoet".getBytes(StandardCharsets.UTF_8);
      for (String name : names) {
        if (name.endsWith(".class")) {
          assertFalse(
              contains(read(jar, name), javapoet), name + " still refers to com.squareup.javapoet");
        }
      }
      assertEquals(
          List.of("dev.cordon.processor.CordonProcessor"),
          lines(read(jar, "META-INF/services/javax.annotation.processing.Processor")));
      assertEquals(
          List.of("dev.cordon.processor.CordonProcessor,aggregating"),
          lines(read(jar, "META-INF/gradle/incremental.annotation.processors")));
    }
  }

  /**
   * The processor runs with nothing but its own jar and the annotations on the processor path:
   * the published pom declares no other dependency, so a user's build gives it no more.
   */
  @Test
  void processorRunsFromItsJarAndTheAnnotationsAlone(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("src/com/example/Tripler.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package com.example;

        import dev.cordon.Input;
        import dev.cordon.Model;
        import dev.cordon.Output;
        import org.tensorflow.Operand;
        import org.tensorflow.op.Ops;
        import org.tensorflow.types.TFloat32;

        @Model(scope = "tripler")
        public interface Tripler {
          @Input(shape = {-1, 1})
          Operand<TFloat32> x();

          @Output(shape = {-1, 1})
          default Operand<TFloat32> y(Ops tf) {
            return tf.math.mul(x(), tf.constant(3f));
          }
        }
        """);
    Path generated = dir.resolve("generated");
    Files.createDirectories(generated);
    String processorPath =
        jarContaining(PROCESSOR_CLASS) + java.io.File.pathSeparator
            + jarContaining("dev/cordon/Model.class");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            null,
            err,
            "-proc:only",
            "-processorpath", processorPath,
            "-classpath", System.getProperty("java.class.path"),
            "-s", generated.toString(),
            "-d", dir.resolve("classes").toString(),
            source.toString());
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(
        Files.isRegularFile(generated.resolve("com/example/CordonTripler.java")),
        "no CordonTripler generated; javac said: " + err.toString(StandardCharsets.UTF_8));
  }

  /** The jar on the test class path that holds {@code resource}; fails if it is a directory. */
  private static Path jarContaining(String resource) {
    URL url = ReleaseArtifactsIT.class.getClassLoader().getResource(resource);
    assertNotNull(url, resource + " is not on the class path");
    if (!url.getProtocol().equals("jar")) {
      fail(resource + " comes from " + url + ", not from a jar: run this test through `verify`");
    }
    String path = url.getPath();
    try {
      return Path.of(new URL(path.substring(0, path.indexOf("!/"))).toURI());
    } catch (IOException | URISyntaxException e) {
      throw new AssertionError(url.toString(), e);
    }
  }

  private static String moduleName(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      assertNotNull(file.getManifest(), jar + " has no manifest");
      return file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    }
  }

  private static byte[] read(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertNotNull(entry, name + " is missing from " + jar.getName());
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  /** The non-blank lines, without {@code #} comments (the format of both service files). */
  private static List<String> lines(byte[] file) {
    return new String(file, StandardCharsets.UTF_8)
        .lines()
        .map(l -> l.replaceAll("#.*", "").trim())
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
