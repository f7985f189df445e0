package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.it.Engines;
import dev.cordon.internal.Endpoint;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionGraph;
import dev.cordon.internal.ExecutionRule;
import dev.cordon.internal.NativeRun;
import dev.cordon.runtime.Execution;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The call path of {@link NativeRun}, against real TensorFlow. */
class FastPathTest {

  /**
   * Fails loudly when the fast path is off: after a TF Java upgrade that renamed a package-private
   * member, every call would otherwise go through Session.Runner without anyone noticing.
   */
  @Test
  void fastPathIsActive() {
    assertTrue(NativeRun.fastPathActive(),
        "the TF_SessionRun fast path is OFF, every call falls back to Session.Runner: " + NativeRun.fallbackReason()
            + ". A TF Java upgrade probably changed Session.nativeHandle or RawTensor.{nativeHandle,fromHandle,"
            + "asTypedTensor}; update dev.cordon.internal.NativeRun.");
  }

  @Test
  void predictionsAreIdenticalToSessionRunner() {
    try (CordonMlp m = CordonMlp.builder().seed(7).build(); TFloat32 x = TensorArrays.of(random(64, 4, 1))) {
      for (int i = 0; i < 3; i++) {
        try (TFloat32 fast = Engines.of(m).predict("logits", TFloat32.class, x);
            Result slow = runner(Engines.of(m).handle().session(), null)
                .feed(Engines.of(m).inputOperand("pixels"), x).fetch(Engines.of(m).outputOperand("logits")).run();
            Result pool = runner(Engines.of(m).handle().session(), RunOptions.getDefaultInstance())
                .feed(Engines.of(m).inputOperand("pixels"), x).fetch(Engines.of(m).outputOperand("logits")).run()) {
          float[][] expected = TensorArrays.floats2d((TFloat32) slow.get(0));
          assertArrayEquals(expected, TensorArrays.floats2d(fast)); // bit for bit
          assertArrayEquals(expected, TensorArrays.floats2d((TFloat32) pool.get(0)));
        }
      }
    }
  }

  @Test
  void trainingStepsAreIdenticalToSessionRunner() {
    float[][] x = random(32, 4, 2);
    int[] labels = new int[32];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    try (CordonMlp fast = CordonMlp.builder().seed(3).optimizer(Optimizer.sgd(0.1f)).build();
        CordonMlp slow = CordonMlp.builder().seed(3).optimizer(Optimizer.sgd(0.1f)).build();
        TFloat32 in = TensorArrays.of(x); TInt32 t = TensorArrays.of(labels)) {
      for (int step = 0; step < 5; step++) {
        float a = Engines.of(fast).trainStep(in, t);
        float b;
        try (Result r = Engines.of(slow).handle().session().runner()
            .feed(Engines.of(slow).inputOperand("pixels"), in).feed(Engines.of(slow).inputOperand("digit"), t)
            .fetch(Engines.of(slow).lossOperand()).addTarget(Engines.of(slow).trainOp()).run()) {
          b = ((TFloat32) r.get(0)).getFloat();
        }
        assertEquals(b, a, 0f, "step " + step);
      }
      assertArrayEquals(slow.logits(x), fast.logits(x));
    }
  }

  @Test
  void eightThreadsAtOnceAllGetTheirOwnResults() throws Exception {
    try (CordonLinear m = CordonLinear.builder().build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 500; i++) {
              float a = thread * 1000 + i;
              // w = ones, b = zeros: y = x1 + x2.
              assertArrayEquals(new float[][] {{2 * a + 1}, {a}}, m.y(new float[][] {{a, a + 1}, {a, 0}}));
            }
            return thread;
          }));
        }
        start.countDown();
        for (Future<Integer> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closeDuringCallsEndsEveryCallerWithIllegalStateException() throws Exception {
    CordonLinear m = CordonLinear.builder().build();
    AtomicBoolean wrong = new AtomicBoolean();
    closeDuringCalls(() -> {
      if (m.y(new float[][] {{1, 2}})[0][0] != 3f) {
        wrong.set(true);
      }
    }, m::close);
    assertFalse(wrong.get());
    assertThrows(IllegalStateException.class, () -> m.y(new float[][] {{1, 2}}));
  }

  /**
   * Four threads call {@code call} in a loop; {@code close} runs while they do; each must end with
   * an IllegalStateException saying "closed".
   */
  private static void closeDuringCalls(Runnable call, Runnable close) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch running = new CountDownLatch(4);
    List<Future<Throwable>> ends = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        ends.add(pool.submit(() -> {
          running.countDown();
          try {
            while (true) {
              call.run();
            }
          } catch (Throwable e) {
            return e;
          }
        }));
      }
      running.await();
      Thread.sleep(50);
      close.run();
      for (Future<Throwable> f : ends) {
        Throwable e = f.get();
        assertTrue(e instanceof IllegalStateException, "ended with " + e);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedTensorIsRefusedBeforeNativeCode() {
    try (CordonLinear m = CordonLinear.builder().build()) {
      TFloat32 x = TensorArrays.of(new float[][] {{1, 2}});
      x.close();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Engines.of(m).predict("y", TFloat32.class, x));
      assertEquals("Linear.y: input 'x' is a closed tensor; expected TFloat32 of shape [-1, 2]", e.getMessage());
      assertArrayEquals(new float[][] {{3}}, m.y(new float[][] {{1, 2}})); // still usable
    }
  }

  @Test
  void fetchedTensorsAreTheCallersAndFreedWhenClosed() {
    try (CordonLinear m = CordonLinear.builder().build(); TFloat32 x = TensorArrays.of(new float[][] {{1, 2}})) {
      TFloat32 first = Engines.of(m).predict("y", TFloat32.class, x);
      try (TFloat32 x2 = TensorArrays.of(new float[][] {{10, 20}});
          TFloat32 second = Engines.of(m).predict("y", TFloat32.class, x2)) {
        assertEquals(3f, first.getFloat(0, 0)); // not overwritten by the later call
        assertEquals(30f, second.getFloat(0, 0));
      }
      first.close(); // the caller's to free (manyCallsDoNotLeakNativeMemory checks that it is freed)
      first.close(); // idempotent
    }
  }

  @Test
  void manyCallsDoNotLeakNativeMemory() {
    // Each call fetches 1 MiB (256 x 1024 floats through an identity-like product): 1,500 leaked
    // results would be 1.5 GB; closed ones must leave RSS flat.
    try (SharedGraph g = SharedGraph.create(); CordonLinear m = CordonLinear.builder().graph(g).build();
        TFloat32 x = TensorArrays.of(random(128 * 1024, 2, 5))) {
      for (int i = 0; i < 200; i++) {
        Engines.of(m).predict("y", TFloat32.class, x).close();
      }
      System.gc();
      long before = Pointer.physicalBytes();
      for (int i = 0; i < 1500; i++) {
        Engines.of(m).predict("y", TFloat32.class, x).close();
      }
      System.gc();
      long grown = Pointer.physicalBytes() - before;
      assertTrue(grown < 200L << 20, "RSS grew by " + (grown >> 20) + " MB over 1,500 calls");
    }
  }

  /** The engine of the member at {@code path} of a composition. */
  private static ModelEngine member(CompositionEngine c, String path) {
    for (CompositionGraph.Member m : c.resolved().members()) {
      if (m.path().equals(path)) {
        return m.engine();
      }
    }
    throw new AssertionError("no member " + path);
  }

  @Test
  void graphHandOffsAreIdenticalToSessionRunnerAndFreed() {
    // The encoder has its own graph and session: its embedding crosses to the head as a native
    // tensor the plan never wraps for Java (NativeRun.Prepared.handOff), freed after the head's run.
    try (CordonPipelineGRAPH p = CordonPipelineGRAPH.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build();
        TFloat32 in = TensorArrays.of(random(256, 4, 3))) {
      CompositionEngine c = Engines.of(p);
      ModelEngine encoder = member(c, "encoder");
      ModelEngine head = member(c, "head");
      float[][] expected;
      try (Result e = encoder.handle().session().runner().feed(encoder.inputOperand("pixels"), in)
              .fetch(encoder.outputOperand("embedding")).run();
          Result s = head.handle().session().runner().feed(head.inputOperand("embedding"), e.get(0))
              .fetch(head.outputOperand("score")).run()) {
        expected = TensorArrays.floats2d((TFloat32) s.get(0));
      }
      try (TFloat32 got = c.predict("headScore", TFloat32.class, in)) {
        assertArrayEquals(expected, TensorArrays.floats2d(got));
      }
      try (OutputTensors all = c.run(in)) { // a slot both handed on and returned: wrapped once
        assertArrayEquals(expected, TensorArrays.floats2d(all.get("headScore", TFloat32.class)));
      }
      // 768 KiB cross per call: 1,500 hand-offs left unfreed would be over 1 GB.
      try (TFloat32 big = TensorArrays.of(random(64 * 1024, 4, 4))) {
        for (int i = 0; i < 100; i++) {
          c.predict("headScore", TFloat32.class, big).close();
        }
        System.gc();
        long before = Pointer.physicalBytes();
        for (int i = 0; i < 1500; i++) {
          c.predict("headScore", TFloat32.class, big).close();
        }
        System.gc();
        long grown = Pointer.physicalBytes() - before;
        assertTrue(grown < 200L << 20, "RSS grew by " + (grown >> 20) + " MB over 1,500 GRAPH hand-offs");
      }
    }
  }

  @Test
  void closingACompositionDuringGraphHandOffsEndsEveryCallerCleanly() throws Exception {
    CordonPipelineGRAPH p = CordonPipelineGRAPH.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build();
    CompositionEngine c = Engines.of(p);
    try (TFloat32 in = TensorArrays.of(random(8, 4, 6))) {
      closeDuringCalls(() -> c.predict("headScore", TFloat32.class, in).close(), p::close);
    }
  }

  @Test
  void callerThreadUnlessALargeGraphOnManyCores() {
    assertTrue(ExecutionRule.callerThread(Execution.AUTO, 100_000, 2));
    assertTrue(ExecutionRule.callerThread(Execution.AUTO, 10, 64));
    assertFalse(ExecutionRule.callerThread(Execution.AUTO, 500, 4));
    assertTrue(ExecutionRule.callerThread(Execution.CALLER_THREAD, 100_000, 64));
    assertFalse(ExecutionRule.callerThread(Execution.INTER_OP_POOL, 1, 1));
  }

  @Test
  void theBuilderOverridesTheRule() {
    try (CordonLinear auto = CordonLinear.builder().build();
        CordonLinear pooled = CordonLinear.builder().execution(Execution.INTER_OP_POOL).build()) {
      boolean manyCores = Runtime.getRuntime().availableProcessors() >= ExecutionRule.POOL_MIN_PROCESSORS;
      for (Endpoint<?> e : Engines.of(auto).endpoints()) {
        assertEquals(true, e.callerThread() || manyCores, e.call()); // a tiny graph: caller thread
      }
      for (Endpoint<?> e : Engines.of(pooled).endpoints()) {
        assertFalse(e.callerThread(), e.call());
      }
      assertArrayEquals(auto.y(new float[][] {{1, 2}}), pooled.y(new float[][] {{1, 2}}));
      assertNotNull(Engines.of(pooled).execution());
    }
  }

  private static Session.Runner runner(Session s, RunOptions options) {
    Session.Runner r = s.runner();
    return options == null ? r : r.setOptions(options);
  }

  private static float[][] random(int rows, int cols, long seed) {
    Random r = new Random(seed);
    float[][] a = new float[rows][cols];
    for (float[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextFloat();
      }
    }
    return a;
  }

}
