package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.Init;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.runtime.train.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class CheckpointTest {

  private static final float[][] X = {{1, 2}, {3, 4}};
  private static final float[][] TARGET = {{1}, {2}};

  @TempDir Path dir;

  @Test
  void restoresIntoTheSameModelBuiltUnderAnotherScope() {
    Path ckpt = dir.resolve("linear");
    float[] trained;
    try (LinearModel a = LinearModel.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      trained = a.w();
      a.runtime.save(ckpt);
    }
    assertTrue(Files.isRegularFile(ckpt.resolve("cordon-checkpoint")));
    assertTrue(Files.isRegularFile(ckpt.resolve("ckpt-1.index")));
    try (SharedGraph shared = SharedGraph.create();
        LinearModel other = LinearModel.builder().graph(shared).build();
        LinearModel b = LinearModel.builder().graph(shared).scope("elsewhere/linear").build()) {
      b.runtime.restore(ckpt);
      assertArrayEquals(trained, b.w(), 0f);
      assertArrayEquals(new float[] {1, 1}, other.w(), 0f);
    }
  }

  @Test
  void saveReplacesAnEarlierCheckpoint() {
    Path ckpt = dir.resolve("ckpt");
    try (LinearModel a = LinearModel.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.runtime.save(ckpt);
      a.trainStep(X, TARGET);
      float[] trained = a.w();
      a.runtime.save(ckpt);
      try (LinearModel b = LinearModel.builder().build()) {
        b.runtime.restore(ckpt);
        assertArrayEquals(trained, b.w(), 0f);
      }
    }
    try (var entries = java.util.stream.Stream.of(dir.toFile().list())) {
      assertEquals(1, entries.count(), "no staging or old directories are left behind");
    }
  }

  @Test
  void missingCheckpointFailsClearlyAndKeepsTheWeights() {
    try (LinearModel a = LinearModel.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      float[] trained = a.w();
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.runtime.restore(dir.resolve("none")));
      assertTrue(e.getMessage().startsWith("Linear: no checkpoint at "), e.getMessage());
      assertTrue(e.getMessage().endsWith("The weights are unchanged."), e.getMessage());
      assertArrayEquals(trained, a.w(), 0f);
    }
  }

  @Test
  void mismatchingCheckpointFailsClearlyAndKeepsTheWeights() {
    Path wide = dir.resolve("wide");
    ModelSpec wideSpec = ModelSpec.builder("dev.cordon.runtime.Wide", "wide")
        .variable("w", TFloat32.class, Init.ONES, 3, 1)
        .variable("b", TFloat32.class, Init.ZEROS, 1)
        .build();
    try (VariablesOnly other = new VariablesOnly(wideSpec)) {
      other.runtime.save(wide);
    }
    try (LinearModel a = LinearModel.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      float[] trained = a.w();
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.runtime.restore(wide));
      assertTrue(e.getMessage().contains("'w' is [3, 1] in the checkpoint but [2, 1] in the model"), e.getMessage());
      assertArrayEquals(trained, a.w(), 0f);
    }
    Path partial = dir.resolve("partial");
    ModelSpec onlyB = ModelSpec.builder("dev.cordon.runtime.OnlyB", "onlyb")
        .variable("b", TFloat32.class, Init.ZEROS, 1)
        .build();
    try (VariablesOnly other = new VariablesOnly(onlyB)) {
      other.runtime.save(partial);
    }
    try (LinearModel a = LinearModel.builder().build()) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.runtime.restore(partial));
      assertTrue(e.getMessage().contains("does not match the model"), e.getMessage());
      assertTrue(e.getMessage().contains("w"), e.getMessage());
      assertArrayEquals(new float[] {1, 1}, a.w(), 0f);
    }
  }

  @Test
  void refusesToReplaceAFolderThatIsNotACheckpoint() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(folder.resolve("holiday.jpg"), "precious");
    try (LinearModel a = LinearModel.builder().build()) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.runtime.save(folder));
      assertTrue(e.getMessage().contains("is not a Cordon checkpoint"), e.getMessage());
    }
    assertEquals("precious", Files.readString(folder.resolve("holiday.jpg")));
  }

  @Test
  void failedSaveKeepsTheEarlierCheckpoint() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    try (SharedGraph shared = SharedGraph.create();
        LinearModel a = LinearModel.builder().graph(shared).optimizer(Optimizer.sgd(0.01f)).build()) {
      a.runtime.save(ckpt);
      byte[] before = Files.readAllBytes(ckpt.resolve("ckpt-1.data-00000-of-00001"));
      String pointer = Files.readString(ckpt.resolve("cordon-checkpoint"));
      a.trainStep(X, TARGET);
      // Make the native save fail: destroy the resource behind variable 'w' from outside the model.
      Ops vandal = Ops.create(shared.graph()).withSubScope("vandal");
      var destroy = vandal.destroyResourceOp(shared.graph().operation("linear/w").output(0));
      try (var r = shared.handle.session().runner().addTarget(destroy).run()) {
        // destroyed
      }
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.runtime.save(ckpt));
      assertTrue(e.getMessage().contains("an earlier checkpoint there, if any, is intact"), e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(ckpt.resolve("ckpt-1.data-00000-of-00001")));
      assertEquals(pointer, Files.readString(ckpt.resolve("cordon-checkpoint")));
      assertEquals(Set.of("cordon-checkpoint", "ckpt-1.index", "ckpt-1.data-00000-of-00001"),
          Set.of(ckpt.toFile().list()), "the failed save's files are removed");
      try (LinearModel b = LinearModel.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
        b.trainStep(X, TARGET);
        b.runtime.restore(ckpt);
        assertArrayEquals(new float[] {1, 1}, b.w(), 0f);
      }
    }
    try (var entries = java.util.stream.Stream.of(dir.toFile().list())) {
      assertEquals(1, entries.count(), "the failed save left no staging directory");
    }
  }

  /** A model of variables only, to write checkpoints of other shapes. */
  private static final class VariablesOnly implements AutoCloseable {
    final ModelEngine runtime;

    VariablesOnly(ModelSpec spec) {
      ModelAssembly build = ModelAssembly.start(spec, spec.scope(), 0, Optimizer.sgd(0.1f), null);
      for (ModelSpec.VariableSpec v : spec.variables()) {
        build.variable(v.name(), TFloat32.class);
      }
      runtime = build.finish();
    }

    @Override
    public void close() {
      runtime.close();
    }
  }
}
