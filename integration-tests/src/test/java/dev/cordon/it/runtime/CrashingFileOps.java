package dev.cordon.it.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.cordon.internal.FileOps;

/**
 * The real file operations, until step {@code crashAt}: that step does not happen (or, for a
 * file write with {@code torn}, only half of its bytes reach the file, unforced), and from then on
 * every operation throws {@link SimulatedCrash}, cleanup included, as in a process killed there.
 * {@link SimulatedCrash} is an {@link Error}, which Cordon's failure handling does not catch.
 */
public final class CrashingFileOps implements FileOps {

  /** The kill. */
  public static final class SimulatedCrash extends Error {
    SimulatedCrash(String where) {
      super("simulated crash at: " + where, null, false, false);
    }
  }

  public static final int NEVER = Integer.MAX_VALUE;

  private final int crashAt;
  private final boolean torn;
  private final List<String> done = new ArrayList<>();
  private boolean dead;

  public CrashingFileOps(int crashAt, boolean torn) {
    this.crashAt = crashAt;
    this.torn = torn;
  }

  /** The steps that happened, in order. */
  public List<String> done() {
    return List.copyOf(done);
  }

  /** True once the process is "dead". */
  public boolean crashed() {
    return dead;
  }

  private boolean crashesHere(String step) {
    if (dead) {
      throw new SimulatedCrash("(already dead) " + step);
    }
    if (done.size() == crashAt) {
      dead = true;
      return true;
    }
    done.add(step);
    return false;
  }

  private void step(String step) {
    if (crashesHere(step)) {
      throw new SimulatedCrash(step);
    }
  }

  private static String name(Path p) {
    Path parent = p.getParent();
    return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + p.getFileName();
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    step("createDirectories " + name(dir));
    REAL.createDirectories(dir);
  }

  @Override
  public void createDirectory(Path dir) throws IOException {
    step("createDirectory " + name(dir));
    REAL.createDirectory(dir);
  }

  @Override
  public void writeFile(Path file, byte[] bytes) throws IOException {
    String step = "writeFile " + name(file);
    if (crashesHere(step)) {
      if (torn) {
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      }
      throw new SimulatedCrash(step + (torn ? " (torn: half written)" : ""));
    }
    REAL.writeFile(file, bytes);
  }

  @Override
  public void write(String what, Step action) throws IOException {
    step("write " + what);
    REAL.write(what, action);
  }

  @Override
  public void force(Path file) throws IOException {
    step("force " + name(file));
    REAL.force(file);
  }

  @Override
  public void forceTree(Path dir) throws IOException {
    step("forceTree " + name(dir));
    REAL.forceTree(dir);
  }

  @Override
  public void forceDirectory(Path dir) {
    step("forceDirectory " + name(dir));
    REAL.forceDirectory(dir);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    step("rename " + name(from) + " -> " + name(to));
    REAL.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    step("delete " + name(path));
    REAL.delete(path);
  }

  /** Whether step {@code k} of {@code steps} is a file write (where a torn write can happen). */
  public static boolean isFileWrite(List<String> steps, int k) {
    return k < steps.size() && steps.get(k).startsWith("writeFile ");
  }

  /** Copies a directory tree (to look at one crash state in several ways). */
  public static void copyTree(Path from, Path to) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(from)) {
      all = walk.collect(Collectors.toList());
    }
    for (Path p : all) {
      Path q = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(q);
      } else {
        Files.copy(p, q);
      }
    }
  }

  /** The names in a folder, sorted. */
  public static List<String> list(Path dir) {
    String[] names = dir.toFile().list();
    List<String> sorted = new ArrayList<>(names == null ? List.of() : Arrays.asList(names));
    sorted.sort(null);
    return sorted;
  }
}
