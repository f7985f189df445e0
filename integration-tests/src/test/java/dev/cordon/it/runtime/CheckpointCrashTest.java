package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cordon.it.runtime.CrashingFileOps.SimulatedCrash;
import dev.cordon.internal.Checkpoints;
import dev.cordon.internal.FileOps;
import dev.cordon.runtime.train.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.cordon.runtime.CheckpointException;

/**
 * Kills a checkpoint save after each of its file-system steps (and tears each file write in
 * half), then checks that a fresh model restores the old or the new weights, bit for bit, and
 * that the next save succeeds and leaves nothing behind but the pointer and the kept versions.
 */
class CheckpointCrashTest {

  private static final float[][] X = {{1, 2}, {3, 4}};
  private static final float[][] TARGET = {{1}, {2}};

  /** What the folder held before the save that is killed. */
  enum Before { NOTHING, VERSIONS, FLAT }

  private static CordonLinear old;
  private static CordonLinear newer;
  private static CordonLinear next;

  @TempDir Path dir;

  @BeforeAll
  static void models() {
    old = trained(1);
    newer = trained(2);
    next = trained(3);
    assertFalse(Arrays.equals(weights(old), weights(newer)));
    assertFalse(Arrays.equals(weights(newer), weights(next)));
  }

  @AfterAll
  static void close() {
    old.close();
    newer.close();
    next.close();
  }

  @ParameterizedTest
  @EnumSource(Before.class)
  void everyCrashPointRestoresTheOldOrTheNewWeights(Before before) throws IOException {
    CrashingFileOps dry = new CrashingFileOps(CrashingFileOps.NEVER, false);
    Path probe = prepare(dir.resolve("probe"), before);
    FileOps.withOps(dry, () -> newer.save(probe));
    List<String> steps = dry.done();
    assertTrue(steps.size() >= 6, steps.toString());

    List<String> table = new ArrayList<>();
    boolean sawNew = false;
    for (int k = 0; k <= steps.size(); k++) {
      for (boolean torn : CrashingFileOps.isFileWrite(steps, k) ? new boolean[] {false, true} : new boolean[] {false}) {
        String where = k == steps.size() ? "no crash" : "before step " + k + " (" + steps.get(k) + ")"
            + (torn ? ", torn" : "");
        Path target = prepare(dir.resolve("k" + k + (torn ? "t" : "")), before);
        CrashingFileOps crash = new CrashingFileOps(k, torn);
        if (k < steps.size()) {
          assertThrows(SimulatedCrash.class, () -> FileOps.withOps(crash, () -> newer.save(target)), where);
        } else {
          FileOps.withOps(crash, () -> newer.save(target));
        }
        String seen = restored(target, where, before);
        table.add(where + " -> " + seen);
        if (!torn) {
          assertFalse(sawNew && seen.startsWith("old"), "went back to old after new: " + table);
          sawNew |= seen.equals("new");
        }

        // the next save succeeds and cleans up
        next.save(target);
        try (CordonLinear fresh = CordonLinear.builder().build()) {
          fresh.restore(target);
          assertArrayEquals(weights(next), weights(fresh), where);
        }
        assertClean(target, where);
      }
    }
    assertTrue(sawNew, table.toString());
    assertTrue(table.get(0).contains("-> old"), table.toString());
    System.out.println("checkpoint save over " + before + ":\n  " + String.join("\n  ", table));
  }

  @org.junit.jupiter.api.Test
  void filesOfASaveKilledInsideTensorFlowAreIgnoredAndThenDeleted() throws IOException {
    Path target = prepare(dir.resolve("torn"), Before.VERSIONS);
    // what a SaveV2 killed before its final renames leaves, and a half-written pointer
    Files.write(target.resolve("ckpt-3.data-00000-of-00001.tempstate123"), new byte[] {1, 2, 3});
    Files.write(target.resolve("ckpt-3.index.tempstate456"), new byte[] {4});
    Files.writeString(target.resolve(Checkpoints.POINTER_TMP), "model_checkpoint_path: \"ck");
    assertEquals("old", restored(target, "torn SaveV2", Before.VERSIONS));
    newer.save(target);
    assertEquals(List.of("ckpt-2", "ckpt-4"), Checkpoints.versions(target));
    assertEquals("new", restored(target, "after the next save", Before.VERSIONS));
    assertClean(target, "after the next save");
  }

  @org.junit.jupiter.api.Test
  void aDamagedPointerIsReportedAndNeverOverwrittenBlindly() throws IOException {
    Path target = prepare(dir.resolve("damaged"), Before.VERSIONS);
    Files.writeString(target.resolve(Checkpoints.POINTER_FILE), "model_checkpoint_path: \"../../etc\"\n");
    try (CordonLinear fresh = CordonLinear.builder().build()) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> fresh.restore(target));
      assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
      assertTrue(e.getMessage().endsWith("The weights are unchanged."), e.getMessage());
    }
    CheckpointException e = assertThrows(CheckpointException.class, () -> newer.save(target));
    assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    assertTrue(Files.isRegularFile(target.resolve("ckpt-1.index")));
  }

  @org.junit.jupiter.api.Test
  void aUsersFilesBesideTheCheckpointAreNeverDeleted() throws IOException {
    Path target = prepare(dir.resolve("mixed"), Before.VERSIONS);
    Files.writeString(target.resolve("notes.txt"), "mine");
    newer.save(target);
    next.save(target);
    assertEquals("mine", Files.readString(target.resolve("notes.txt")));
    assertEquals(List.of("ckpt-3", "ckpt-4"), Checkpoints.versions(target));
  }

  @org.junit.jupiter.api.Test
  void savingIntoASavedModelsVariablesIsRefused() throws IOException {
    Path export = dir.resolve("export");
    old.exportSavedModel(export);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> newer.save(export.resolve("variables")));
    assertTrue(e.getMessage().contains("is the variables/ folder of a SavedModel"), e.getMessage());
    assertEquals("old", restored(export.resolve("variables"), "export", Before.VERSIONS));
  }

  /** "old" or "new": what a fresh model restores (bit-identical to one of them, or it fails). */
  private static String restored(Path target, String where, Before before) {
    try (CordonLinear fresh = CordonLinear.builder().build()) {
      float[] initial = weights(fresh);
      try {
        fresh.restore(target);
      } catch (CheckpointException e) {
        if (before != Before.NOTHING || !e.getMessage().contains("no checkpoint at")) {
          throw e;
        }
        assertArrayEquals(initial, weights(fresh), where);
        return "old (none)";
      }
      float[] w = weights(fresh);
      if (Arrays.equals(w, weights(old))) {
        return "old";
      }
      if (Arrays.equals(w, weights(newer))) {
        return "new";
      }
      fail(where + ": restored neither the old nor the new weights: " + Arrays.toString(w));
      return null;
    }
  }

  /** Only the pointer and the versions it lists (at most KEEP), each with its index. */
  private static void assertClean(Path target, String where) throws IOException {
    List<String> versions = Checkpoints.versions(target);
    assertTrue(versions.size() <= Checkpoints.KEEP, where + ": " + versions);
    Set<String> allowed = new TreeSet<>(Set.of(Checkpoints.POINTER_FILE));
    for (String v : versions) {
      assertTrue(Files.isRegularFile(target.resolve(v + ".index")), where + ": " + v);
      allowed.add(v + ".index");
      allowed.add(v + ".data-00000-of-00001");
    }
    for (String f : CrashingFileOps.list(target)) {
      assertTrue(allowed.contains(f), where + ": leftover " + f + " in " + CrashingFileOps.list(target));
    }
    assertEquals(List.of(target.getFileName().toString()), CrashingFileOps.list(target.getParent()), where);
  }

  private static Path prepare(Path root, Before before) throws IOException {
    Path target = root.resolve("ckpt");
    switch (before) {
      case NOTHING:
        Files.createDirectories(root);
        break;
      case VERSIONS:
        old.save(target);
        old.save(target);
        assertEquals(List.of("ckpt-1", "ckpt-2"), Checkpoints.versions(target));
        break;
      case FLAT: // as an earlier Cordon wrote it
        old.save(target);
        Files.move(target.resolve("ckpt-1.index"), target.resolve("variables.index"));
        Files.move(target.resolve("ckpt-1.data-00000-of-00001"), target.resolve("variables.data-00000-of-00001"));
        Files.delete(target.resolve(Checkpoints.POINTER_FILE));
        break;
      default:
        throw new AssertionError(before);
    }
    return target;
  }

  private static CordonLinear trained(int steps) {
    CordonLinear m = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build();
    for (int i = 0; i < steps; i++) {
      m.trainStep(X, TARGET);
    }
    return m;
  }

  private static float[] weights(CordonLinear m) {
    float[] w = m.variables().readFloats("w");
    float[] b = m.variables().readFloats("b");
    float[] all = Arrays.copyOf(w, w.length + b.length);
    System.arraycopy(b, 0, all, w.length, b.length);
    return all;
  }
}
