package dev.cordon.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every file-system step that changes a checkpoint or an export goes through this interface, so
 * that a test can stop the protocol after any step as a killed process would ({@link #withOps}).
 * {@link #REAL} performs them, with {@code fsync} of files and folders: what a power loss keeps
 * is what was forced before the rename that makes it visible.
 */
public interface FileOps {

  /** An I/O step that only Cordon's caller knows how to do (e.g. TensorFlow's {@code SaveV2}). */
  @FunctionalInterface
  interface Step {
    void run() throws IOException;
  }

  /** Creates {@code dir} and its missing parents; forces each created one into its parent. */
  void createDirectories(Path dir) throws IOException;

  /** Creates the directory {@code dir}, which must not exist, and forces it into its parent. */
  void createDirectory(Path dir) throws IOException;

  /** Writes {@code bytes} to {@code file} (created or truncated) and forces them to disk. */
  void writeFile(Path file, byte[] bytes) throws IOException;

  /** Runs a step that writes files (their forcing is a separate step). */
  void write(String what, Step step) throws IOException;

  /** Forces a file's contents to disk. */
  void force(Path file) throws IOException;

  /** Forces every file and folder under {@code dir} (itself included) to disk. */
  void forceTree(Path dir) throws IOException;

  /** Forces a folder's entries (names) to disk, where the platform allows it. */
  void forceDirectory(Path dir);

  /** Renames atomically, replacing a file (or an empty directory) at {@code to}. */
  void rename(Path from, Path to) throws IOException;

  /** Deletes a file or a whole directory tree, if it exists. */
  void delete(Path path) throws IOException;

  /** The operations of the current thread: {@link #REAL} unless a test installed others. */
  static FileOps current() {
    FileOps ops = Holder.OVERRIDE.get();
    return ops != null ? ops : REAL;
  }

  /** Runs {@code body} with {@code ops} as this thread's operations (tests only). */
  static void withOps(FileOps ops, Runnable body) {
    FileOps before = Holder.OVERRIDE.get();
    Holder.OVERRIDE.set(ops);
    try {
      body.run();
    } finally {
      Holder.OVERRIDE.set(before);
    }
  }

  /**
   * The lock for writes to (and repairs of) {@code target} within this JVM: one writer at a time
   * per path. Striped, so the set of locks stays bounded.
   */
  static ReentrantLock lockFor(Path target) {
    return Holder.LOCKS[Math.floorMod(target.hashCode(), Holder.LOCKS.length)];
  }

  /** Deletes quietly: a leftover is removed by the next save or export. */
  static void deleteQuietly(FileOps ops, Path path) {
    try {
      ops.delete(path);
    } catch (IOException | RuntimeException ignored) {
      // Best effort.
    }
  }

  FileOps REAL = new FileOps() {
    @Override
    public void createDirectories(Path dir) throws IOException {
      if (Files.isDirectory(dir)) {
        return;
      }
      Path missing = dir;
      while (missing.getParent() != null && !Files.exists(missing.getParent())) {
        missing = missing.getParent();
      }
      Files.createDirectories(dir);
      for (Path p = dir; p != null && p.startsWith(missing); p = p.getParent()) {
        if (p.getParent() != null) {
          forceDirectory(p.getParent());
        }
      }
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
      Files.createDirectory(dir);
      forceDirectory(dir.getParent());
    }

    @Override
    public void writeFile(Path file, byte[] bytes) throws IOException {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
    }

    @Override
    public void write(String what, Step step) throws IOException {
      step.run();
    }

    @Override
    public void force(Path file) throws IOException {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }

    @Override
    public void forceTree(Path dir) throws IOException {
      List<Path> all;
      try (Stream<Path> walk = Files.walk(dir)) {
        all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
      }
      for (Path p : all) {
        if (Files.isDirectory(p)) {
          forceDirectory(p);
        } else {
          force(p);
        }
      }
    }

    @Override
    public void forceDirectory(Path dir) {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException | RuntimeException unsupported) {
        // Windows cannot open a directory as a channel; there the rename itself is what is kept.
      }
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(Path path) throws IOException {
      if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      List<Path> all;
      try (Stream<Path> walk = Files.walk(path)) {
        all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
      }
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  };

  /** State behind the static methods (interfaces cannot hold private fields). */
  final class Holder {
    static final ThreadLocal<FileOps> OVERRIDE = new ThreadLocal<>();
    static final ReentrantLock[] LOCKS = new ReentrantLock[64];

    static {
      for (int i = 0; i < LOCKS.length; i++) {
        LOCKS[i] = new ReentrantLock();
      }
    }

    private Holder() {}
  }
}
