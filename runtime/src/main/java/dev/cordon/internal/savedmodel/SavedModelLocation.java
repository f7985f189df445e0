package dev.cordon.internal.savedmodel;

import dev.cordon.internal.StagedDirectory;
import dev.cordon.runtime.ModelBuildException;
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

/**
 * Where a SavedModel lives: a directory of the file system, or a folder on a class path, which
 * {@link #open} gives as a directory (itself, or a temporary copy out of a jar: the checkpoint
 * reader needs files).
 */
public final class SavedModelLocation {

  private final Path path; // a file-system SavedModel, or null for a classpath resource
  private final String resource;
  private final ClassLoader loader;

  private SavedModelLocation(Path path, String resource, ClassLoader loader) {
    this.path = path;
    this.resource = resource;
    this.loader = loader;
  }

  /** A SavedModel directory on the file system (holding {@code saved_model.pb}). */
  public static SavedModelLocation directory(Path dir) {
    if (dir == null) {
      throw new IllegalArgumentException("the SavedModel directory must not be null");
    }
    return new SavedModelLocation(dir, null, null);
  }

  /** A SavedModel folder on the classpath of {@code loader}; leading and trailing {@code /} are ignored. */
  public static SavedModelLocation resource(String folder, ClassLoader loader) {
    if (folder == null || folder.isBlank() || loader == null) {
      throw new IllegalArgumentException("give a resource folder and a class loader");
    }
    return new SavedModelLocation(null, clean(folder), loader);
  }

  /** {@code /models/h3/} -> {@code models/h3}. */
  public static String clean(String folder) {
    return folder.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  /** The directory's or the folder's last name, the default name of an import. */
  public String lastName() {
    if (path != null) {
      return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  /** The path, or {@code classpath:<folder>}, for messages. */
  @Override
  public String toString() {
    return path != null ? path.toString() : "classpath:" + resource;
  }

  /** The SavedModel as a directory; {@link Folder#close()} deletes it if it is a temporary copy. */
  Folder open(String modelName) {
    if (path != null) {
      StagedDirectory.recoverIfMissing(path); // a Cordon export cut by a crash: its old copy back
      return new Folder(path, false);
    }
    URL pb = loader.getResource(resource + "/saved_model.pb");
    if (pb == null) {
      throw new ModelBuildException(modelName + ": no SavedModel on the classpath at '" + resource
          + "' (resource '" + resource + "/saved_model.pb' not found)");
    }
    try {
      switch (pb.getProtocol()) {
        case "file":
          return new Folder(Path.of(pb.toURI()).getParent(), false);
        case "jar":
          return copyOutOfJar(modelName, pb, resource);
        default:
          throw new ModelBuildException(modelName + ": cannot read SavedModel resource " + pb
              + ": only file: and jar: class path entries are supported; pass a file-system path instead");
      }
    } catch (IOException | URISyntaxException e) {
      throw new ModelBuildException(modelName + ": cannot read SavedModel resource " + pb + ": " + e.getMessage(), e);
    }
  }

  /** A SavedModel as a directory: the original, or a temporary copy that {@link #close()} deletes. */
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
