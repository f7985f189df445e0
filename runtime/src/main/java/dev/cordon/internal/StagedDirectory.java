package dev.cordon.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Replaces a directory (a SavedModel export) so that a crash at any instant leaves, for Cordon,
 * the old or the new one at the target path. TensorFlow's loader needs {@code saved_model.pb} and
 * {@code variables/} at fixed places inside the target, so the target itself must be swapped.
 * The steps, for a target {@code <parent>/<name>}:
 *
 * <ol>
 *   <li>Repair (see {@link #recover}): a target left missing by a crash gets its aside copy back;
 *       leftovers of earlier attempts are deleted.
 *   <li>The contents are written into {@code .<name>.cordon-staging-<n>} and every file and folder
 *       of it is forced to disk.
 *   <li>If a target exists, it is renamed to {@code .<name>.cordon-old}; the parent is forced.
 *   <li>The staging directory is renamed to the target; the parent is forced. (If this rename
 *       fails, the old directory is renamed back.)
 *   <li>{@code .cordon-old} is renamed to {@code .<name>.cordon-deleting-<n>} and deleted.
 * </ol>
 *
 * <p>Only between steps 3 and 4 is the target missing. A crash there leaves the complete old
 * directory under the fixed name {@code .<name>.cordon-old}, and the next export, Cordon's import
 * of that path, or a {@code restore} of its {@code variables/} renames it back first (one atomic
 * rename). {@code .cordon-old} exists only while complete (it is renamed away before being
 * deleted), so putting it back never yields a partial export.
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

  /** Where the previous target waits while the new one is renamed in. */
  public static Path aside(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".cordon-old");
  }

  /**
   * Writes {@code contents} aside and moves them to {@code target} (absolute, normalised, with a
   * parent). Runtime exceptions of {@code contents} propagate unchanged, after the cleanup. An
   * {@link Error} (a crash, as far as this protocol is concerned) skips the cleanup: what it
   * leaves is repaired by the next call.
   */
  public static void write(Path target, Contents contents) throws IOException {
    FileOps ops = FileOps.current();
    Path parent = target.getParent();
    ReentrantLock lock = FileOps.lockFor(target);
    lock.lock();
    try {
      ops.createDirectories(parent);
      recover(ops, target, true);
      Path staging = parent.resolve(leftoverName(target, "staging"));
      ops.createDirectory(staging);
      try {
        ops.write("contents", () -> contents.writeTo(staging));
        ops.forceTree(staging);
      } catch (IOException | RuntimeException e) {
        FileOps.deleteQuietly(ops, staging);
        throw e;
      }
      swapIn(ops, staging, target);
    } finally {
      lock.unlock();
    }
  }

  private static void swapIn(FileOps ops, Path staging, Path target) throws IOException {
    Path parent = target.getParent();
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      moveIn(ops, staging, target);
      return;
    }
    Path old = aside(target);
    ops.rename(target, old);
    ops.forceDirectory(parent);
    try {
      moveIn(ops, staging, target);
    } catch (IOException e) {
      try {
        ops.rename(old, target);
        ops.forceDirectory(parent);
      } catch (IOException again) {
        e.addSuppressed(again); // .cordon-old stays; the next export or import puts it back
      }
      throw e;
    }
    Path trash = parent.resolve(leftoverName(target, "deleting"));
    ops.rename(old, trash);
    FileOps.deleteQuietly(ops, trash);
  }

  private static void moveIn(FileOps ops, Path staging, Path target) throws IOException {
    try {
      ops.rename(staging, target);
    } catch (IOException e) {
      FileOps.deleteQuietly(ops, staging);
      throw e;
    }
    ops.forceDirectory(target.getParent());
  }

  /**
   * Puts the aside copy back when a crash left {@code target} missing, as Cordon's import and
   * restore do before reading. Best effort: if the repair fails (a read-only folder, say), the
   * reader reports the target missing as it would anyway.
   */
  public static void recoverIfMissing(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (target.getParent() == null || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        || !Files.isDirectory(aside(target))) {
      return;
    }
    ReentrantLock lock = FileOps.lockFor(target);
    lock.lock();
    try {
      recover(FileOps.current(), target, false);
    } catch (IOException ignored) {
      // Reported by the caller as a missing target; .cordon-old is still there.
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts {@code .<name>.cordon-old} back if the target is missing. A writer (holding the lock and
   * about to replace the target) then deletes every leftover of earlier attempts: staging and
   * deleting directories, and an aside copy the target no longer needs. Readers delete nothing,
   * so that they never race another process's export.
   */
  private static void recover(FileOps ops, Path target, boolean writer) throws IOException {
    Path parent = target.getParent();
    Path old = aside(target);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
      ops.rename(old, target);
      ops.forceDirectory(parent);
    }
    if (!writer) {
      return;
    }
    for (Path leftover : leftovers(target)) {
      if (leftover.equals(old)) {
        // Never leave a partly deleted .cordon-old: it would be put back as if whole.
        Path trash = parent.resolve(leftoverName(target, "deleting"));
        ops.rename(old, trash);
        leftover = trash;
      }
      FileOps.deleteQuietly(ops, leftover);
    }
  }

  /** The leftovers of interrupted writes to {@code target}, by their exact names. */
  static List<Path> leftovers(Path target) throws IOException {
    Path parent = target.getParent();
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return found;
    }
    String name = target.getFileName().toString();
    Pattern own = Pattern.compile("\\." + Pattern.quote(name) + "\\.cordon-(?:old|(?:staging|deleting)-\\d+)");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path p : entries) {
        if (own.matcher(p.getFileName().toString()).matches()) {
          found.add(p);
        }
      }
    }
    return found;
  }

  private static String leftoverName(Path target, String kind) {
    return "." + target.getFileName() + ".cordon-" + kind + "-"
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong());
  }
}
