package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cordon.it.runtime.CrashingFileOps.SimulatedCrash;
import dev.cordon.internal.FileOps;
import dev.cordon.internal.StagedDirectory;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.train.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import dev.cordon.runtime.CheckpointException;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.TensorArrays;

/**
 * Kills an export after each of its file-system steps, then looks at what is left three ways, on
 * three copies: plain TF's {@code SavedModelBundle.load}, Cordon's import, and a restore of
 * {@code variables/} into a fresh model. Cordon must see the old or the new export at every step;
 * plain TF the same, except in the one documented window (target renamed aside, new one not yet
 * in), where the path is missing and the complete old export waits under {@code .<name>.cordon-old}.
 */
class SavedModelExportCrashTest {

  private static final float[][] X = {{1, 2}, {3, 4}, {-1, 0.5f}};
  private static final float[][] TARGET = {{1}, {2}, {0}};

  private static CordonLinear old;
  private static CordonLinear newer;
  private static CordonLinear next;

  @TempDir Path dir;

  @BeforeAll
  static void models() {
    old = trained(1);
    newer = trained(2);
    next = trained(3);
  }

  @AfterAll
  static void close() {
    old.close();
    newer.close();
    next.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyCrashPointLeavesTheOldOrTheNewExport(boolean hadOne) throws IOException {
    CrashingFileOps dry = new CrashingFileOps(CrashingFileOps.NEVER, false);
    Path probe = prepare(dir.resolve("probe"), hadOne);
    FileOps.withOps(dry, () -> newer.exportSavedModel(probe));
    List<String> steps = dry.done();
    assertTrue(steps.size() >= (hadOne ? 9 : 5), steps.toString());

    List<String> table = new ArrayList<>();
    int plainTfMissing = 0;
    for (int k = 0; k <= steps.size(); k++) {
      String where = k == steps.size() ? "no crash" : "before step " + k + " (" + steps.get(k) + ")";
      Path root = dir.resolve("k" + k);
      Path target = prepare(root, hadOne);
      CrashingFileOps crash = new CrashingFileOps(k, false);
      if (k < steps.size()) {
        assertThrows(SimulatedCrash.class,
            () -> FileOps.withOps(crash, () -> newer.exportSavedModel(target)), where);
      } else {
        FileOps.withOps(crash, () -> newer.exportSavedModel(target));
      }
      Path tfCopy = dir.resolve("tf" + k);
      Path importCopy = dir.resolve("import" + k);
      Path restoreCopy = dir.resolve("restore" + k);
      CrashingFileOps.copyTree(root, tfCopy);
      CrashingFileOps.copyTree(root, importCopy);
      CrashingFileOps.copyTree(root, restoreCopy);

      String tf = plainTf(tfCopy.resolve("export"), where);
      if (tf.equals("missing") && hadOne) {
        int aside = indexOf(steps, "rename probe/export -> probe/.export.cordon-old");
        int in = indexOf(steps, " -> probe/export");
        assertTrue(k > aside && k <= in, where + ": plain TF misses the export only between the two renames");
        plainTfMissing++;
        assertTrue(Files.isRegularFile(StagedDirectory.aside(tfCopy.resolve("export")).resolve("saved_model.pb")),
            where + ": the old export waits aside, whole");
      }
      String imported = cordonImport(importCopy.resolve("export"), where, hadOne);
      String restored = restore(restoreCopy.resolve("export").resolve("variables"), where, hadOne);
      assertEquals(imported, restored, where + ": import and restore agree");
      if (!tf.equals("missing")) {
        assertEquals(imported, tf, where + ": plain TF sees what Cordon sees");
      }
      table.add(where + " -> Cordon: " + imported + ", plain TF: " + tf);

      // the next export succeeds and leaves nothing beside the target
      next.exportSavedModel(target);
      assertEquals(List.of("export"), CrashingFileOps.list(root), where);
      assertArrayEquals(next.y(X), importY(target), where);
    }
    assertTrue(table.get(0).contains("Cordon: old"), table.toString());
    assertTrue(table.get(table.size() - 1).contains("Cordon: new, plain TF: new"), table.toString());
    // plain TF misses the export exactly after the old one is renamed aside, until the new one is in
    int aside = indexOf(steps, "rename probe/export -> probe/.export.cordon-old");
    int in = indexOf(steps, " -> probe/export");
    assertEquals(hadOne ? in - aside : 0, plainTfMissing, table.toString());
    System.out.println("export " + (hadOne ? "over an earlier one" : "to a new path") + ":\n  "
        + String.join("\n  ", table));
  }

  @Test
  void aTargetCutByACrashIsPutBackByTheNextExport() throws IOException {
    Path root = dir.resolve("repair");
    Path target = prepare(root, true);
    Files.move(target, StagedDirectory.aside(target)); // a kill between the two renames
    Files.createDirectories(root.resolve(".export.cordon-staging-123")); // and a staging one
    Files.createDirectories(root.resolve(".other.cordon-old")); // another target's: untouched
    CrashingFileOps ops = new CrashingFileOps(CrashingFileOps.NEVER, false);
    FileOps.withOps(ops, () -> newer.exportSavedModel(target));
    assertEquals("rename repair/.export.cordon-old -> repair/export", ops.done().get(1), ops.done().toString());
    assertEquals(List.of(".other.cordon-old", "export"), CrashingFileOps.list(root));
    assertArrayEquals(newer.y(X), importY(target));
  }

  private static int indexOf(List<String> steps, String part) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).startsWith("rename ") && steps.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  private static Path prepare(Path root, boolean hadOne) throws IOException {
    Files.createDirectories(root);
    Path target = root.resolve("export");
    if (hadOne) {
      old.exportSavedModel(target);
    }
    return target;
  }

  /** What plain TF loads: "old", "new" or "missing" (never anything else). */
  private static String plainTf(Path export, String where) {
    if (!Files.exists(export)) {
      return "missing";
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 x = TensorArrays.of(X);
        Result r = bundle.call(Map.of("x", x))) {
      return which(TensorArrays.floats2d((TFloat32) r.get("y").get()), where);
    }
  }

  private static String cordonImport(Path export, String where, boolean hadOne) {
    if (!hadOne && !Files.exists(export)) {
      ModelBuildException e = assertThrows(ModelBuildException.class, () -> importY(export), where);
      assertTrue(e.getMessage().contains("no SavedModel"), e.getMessage());
      return "old (none)";
    }
    return which(importY(export), where);
  }

  private static String restore(Path variables, String where, boolean hadOne) {
    try (CordonLinear fresh = CordonLinear.builder().build()) {
      if (!hadOne && !Files.exists(variables.getParent())) {
        assertThrows(CheckpointException.class, () -> fresh.restore(variables), where);
        return "old (none)";
      }
      fresh.restore(variables);
      return which(fresh.y(X), where);
    }
  }

  private static float[][] importY(Path export) {
    try (ImportedSavedModel imported = SavedModelImport.from(export).importAlone("imported");
        TFloat32 x = TensorArrays.of(X);
        var out = imported.run("y", Map.of("x", x))) {
      return TensorArrays.floats2d(out.get("y", TFloat32.class));
    }
  }

  private static String which(float[][] y, String where) {
    if (Arrays.deepEquals(y, old.y(X))) {
      return "old";
    }
    if (Arrays.deepEquals(y, newer.y(X))) {
      return "new";
    }
    fail(where + ": neither the old nor the new export: " + Arrays.deepToString(y));
    return null;
  }

  private static CordonLinear trained(int steps) {
    CordonLinear m = CordonLinear.builder().optimizer(Optimizer.sgd(0.05f)).build();
    for (int i = 0; i < steps; i++) {
      m.trainStep(X, TARGET);
    }
    assertFalse(steps > 0 && m.y(X)[0][0] == 3f);
    return m;
  }
}
