package dev.cordon.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a directory atomically, as checkpoints and SavedModel exports are written: the contents
 * go into a fresh hidden sibling directory, which is then swapped in with atomic renames (an
 * earlier directory at the target is moved aside first and put back if the swap fails). A failure
 * while writing deletes the staging directory and leaves the target as it was.
 */
public final class StagedDirectory {

  /** Fills the staging directory. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path staging) throws IOException;
  }

  private StagedDirectory() {}

  /**
   * Only an absent path, an empty directory or a directory holding {@code marker} (a file Cordon
   * wrote there earlier) may be replaced, never a user's folder.
   */
  public static boolean isReplaceable(Path target, String marker) throws IOException {
    if (!Files.exists(target)) {
      return true;
    }
    if (!Files.isDirectory(target)) {
      return false;
    }
    if (Files.isRegularFile(target.resolve(marker))) {
      return true;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      return !entries.iterator().hasNext();
    }
  }

  /**
   * Writes {@code contents} aside and moves them to {@code target} (absolute, normalised, with a
   * parent). Runtime exceptions of {@code contents} propagate unchanged, after the cleanup.
   */
  public static void write(Path target, Contents contents) throws IOException {
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, ".cordon-saving-");
    try {
      contents.writeTo(staging);
      swapIn(staging, target);
      staging = null;
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  /** Moves the new directory into place; the old one is moved aside first and put back on failure. */
  private static void swapIn(Path staging, Path target) throws IOException {
    if (!Files.exists(target)) {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Path old = Files.createTempDirectory(target.getParent(), ".cordon-replaced-");
    Files.delete(old);
    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      throw e;
    }
    deleteQuietly(old);
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // Best effort: a leftover hidden staging directory is harmless.
    }
  }
}
