package dev.cordon.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** A SavedModel folder on the classpath, as a directory: itself, or a temporary copy out of a jar. */
final class SavedModelResources {

  private SavedModelResources() {}

  /** The folder as a directory; {@link #close()} deletes it if it is a temporary copy. */
  record Folder(Path dir, boolean temporary) implements AutoCloseable {
    @Override
    public void close() {
      if (!temporary) {
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: a temporary copy left behind is harmless
      }
    }
  }

  static Folder open(String modelName, ClassLoader loader, String folder) {
    URL pb = loader.getResource(folder + "/saved_model.pb");
    if (pb == null) {
      throw new ModelBuildException(modelName + ": no SavedModel on the classpath at '" + folder
          + "' (resource '" + folder + "/saved_model.pb' not found)");
    }
    try {
      switch (pb.getProtocol()) {
        case "file":
          return new Folder(Path.of(pb.toURI()).getParent(), false);
        case "jar":
          return copyOutOfJar(modelName, pb, folder);
        default:
          throw new ModelBuildException(modelName + ": cannot read SavedModel resource " + pb
              + ": only file: and jar: class path entries are supported; pass a file-system path instead");
      }
    } catch (IOException | URISyntaxException e) {
      throw new ModelBuildException(modelName + ": cannot read SavedModel resource " + pb + ": " + e.getMessage(), e);
    }
  }

  private static Folder copyOutOfJar(String modelName, URL pb, String folder) throws IOException {
    JarURLConnection connection = (JarURLConnection) pb.openConnection();
    connection.setUseCaches(false);
    Path temp = Files.createTempDirectory("cordon-savedmodel-");
    Folder copy = new Folder(temp, true);
    try (JarFile jar = connection.getJarFile()) {
      String prefix = folder + "/";
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
          continue;
        }
        Path target = temp.resolve(entry.getName().substring(prefix.length())).normalize();
        if (!target.startsWith(temp)) {
          throw new ModelBuildException(modelName + ": jar entry '" + entry.getName() + "' escapes its folder");
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return copy;
    } catch (IOException | RuntimeException e) {
      copy.close();
      throw e;
    }
  }
}
