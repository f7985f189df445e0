package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.train.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.Ops;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.runtime.CheckpointException;
import dev.cordon.runtime.SharedGraph;

class CheckpointTest {

  private static final float[][] X = {{1, 2}, {3, 4}};
  private static final float[][] TARGET = {{1}, {2}};

  @TempDir Path dir;

  @Test
  void restoresIntoTheSameModelBuiltUnderAnotherScope() {
    Path ckpt = dir.resolve("linear");
    float[] trained;
    try (CordonLinear a = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      trained = a.variables().readFloats("w");
      a.save(ckpt);
    }
    assertTrue(Files.isRegularFile(ckpt.resolve("cordon-checkpoint")));
    assertTrue(Files.isRegularFile(ckpt.resolve("ckpt-1.index")));
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear other = CordonLinear.builder().graph(shared).build();
        CordonLinear b = CordonLinear.builder().graph(shared).scope("elsewhere/linear").build()) {
      b.restore(ckpt);
      assertArrayEquals(trained, b.variables().readFloats("w"), 0f);
      assertArrayEquals(new float[] {1, 1}, other.variables().readFloats("w"), 0f);
    }
  }

  @Test
  void saveReplacesAnEarlierCheckpoint() {
    Path ckpt = dir.resolve("ckpt");
    try (CordonLinear a = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.save(ckpt);
      a.trainStep(X, TARGET);
      float[] trained = a.variables().readFloats("w");
      a.save(ckpt);
      try (CordonLinear b = CordonLinear.builder().build()) {
        b.restore(ckpt);
        assertArrayEquals(trained, b.variables().readFloats("w"), 0f);
      }
    }
    try (var entries = java.util.stream.Stream.of(dir.toFile().list())) {
      assertEquals(1, entries.count(), "no staging or old directories are left behind");
    }
  }

  @Test
  void missingCheckpointFailsClearlyAndKeepsTheWeights() {
    try (CordonLinear a = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      float[] trained = a.variables().readFloats("w");
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.restore(dir.resolve("none")));
      assertTrue(e.getMessage().startsWith("Linear: no checkpoint at "), e.getMessage());
      assertTrue(e.getMessage().endsWith("The weights are unchanged."), e.getMessage());
      assertArrayEquals(trained, a.variables().readFloats("w"), 0f);
    }
  }

  @Test
  void mismatchingCheckpointFailsClearlyAndKeepsTheWeights() {
    Path wide = dir.resolve("wide");
    try (CordonWide other = CordonWide.builder().build()) {
      other.save(wide);
    }
    try (CordonLinear a = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      float[] trained = a.variables().readFloats("w");
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.restore(wide));
      assertTrue(e.getMessage().contains("'w' is [3, 1] in the checkpoint but [2, 1] in the model"), e.getMessage());
      assertArrayEquals(trained, a.variables().readFloats("w"), 0f);
    }
    Path partial = dir.resolve("partial");
    try (CordonOnlyB other = CordonOnlyB.builder().build()) {
      other.save(partial);
    }
    try (CordonLinear a = CordonLinear.builder().build()) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.restore(partial));
      assertTrue(e.getMessage().contains("does not match the model"), e.getMessage());
      assertTrue(e.getMessage().contains("w"), e.getMessage());
      assertArrayEquals(new float[] {1, 1}, a.variables().readFloats("w"), 0f);
    }
  }

  @Test
  void refusesToReplaceAFolderThatIsNotACheckpoint() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(folder.resolve("holiday.jpg"), "precious");
    try (CordonLinear a = CordonLinear.builder().build()) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.save(folder));
      assertTrue(e.getMessage().contains("is not a Cordon checkpoint"), e.getMessage());
    }
    assertEquals("precious", Files.readString(folder.resolve("holiday.jpg")));
  }

  @Test
  void failedSaveKeepsTheEarlierCheckpoint() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).optimizer(Optimizer.sgd(0.01f)).build()) {
      a.save(ckpt);
      byte[] before = Files.readAllBytes(ckpt.resolve("ckpt-1.data-00000-of-00001"));
      String pointer = Files.readString(ckpt.resolve("cordon-checkpoint"));
      a.trainStep(X, TARGET);
      // Make the native save fail: destroy the resource behind variable 'w' from outside the model.
      Ops vandal = Ops.create(shared.graph()).withSubScope("vandal");
      var destroy = vandal.destroyResourceOp(shared.graph().operation("linear/w").output(0));
      try (var r = RuntimeAccess.get().handle(shared).session().runner().addTarget(destroy).run()) {
        // destroyed
      }
      CheckpointException e = assertThrows(CheckpointException.class, () -> a.save(ckpt));
      assertTrue(e.getMessage().contains("an earlier checkpoint there, if any, is intact"), e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(ckpt.resolve("ckpt-1.data-00000-of-00001")));
      assertEquals(pointer, Files.readString(ckpt.resolve("cordon-checkpoint")));
      assertEquals(Set.of("cordon-checkpoint", "ckpt-1.index", "ckpt-1.data-00000-of-00001"),
          Set.of(ckpt.toFile().list()), "the failed save's files are removed");
      try (CordonLinear b = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
        b.trainStep(X, TARGET);
        b.restore(ckpt);
        assertArrayEquals(new float[] {1, 1}, b.variables().readFloats("w"), 0f);
      }
    }
    try (var entries = java.util.stream.Stream.of(dir.toFile().list())) {
      assertEquals(1, entries.count(), "the failed save left no staging directory");
    }
  }
}
