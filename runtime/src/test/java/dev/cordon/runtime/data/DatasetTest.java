package dev.cordon.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.TensorArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class DatasetTest {

  /** x[i] = {i, i + 0.5}, y[i] = i. */
  private static Dataset numbers(int n) {
    float[][] x = new float[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = new float[] {i, i + 0.5f};
      y[i] = i;
    }
    return Dataset.fromArrays(x, y);
  }

  /** The label of every example of the epoch, batch by batch, checking x against y. */
  private static List<int[]> labels(BatchIterator it) {
    List<int[]> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          int[] y = TensorArrays.ints1d((TInt32) b.get(1));
          float[][] x = TensorArrays.floats2d((TFloat32) b.get(0));
          assertEquals(b.size(), y.length);
          for (int i = 0; i < y.length; i++) {
            assertArrayEquals(new float[] {y[i], y[i] + 0.5f}, x[i], 0f);
          }
          out.add(y);
        }
      }
    }
    return out;
  }

  private static int[] flat(List<int[]> batches) {
    return batches.stream().flatMapToInt(Arrays::stream).toArray();
  }

  @Test
  void batchesKeepOrShedTheRemainder() {
    Dataset d = numbers(10).batch(4);
    assertEquals(OptionalLong.of(10), d.size());
    assertEquals(OptionalLong.of(3), d.batchesPerEpoch());
    List<int[]> batches = labels(d.epoch(0));
    assertEquals(3, batches.size());
    assertArrayEquals(new int[] {8, 9}, batches.get(2));
    assertArrayEquals(IntStream.range(0, 10).toArray(), flat(batches));
    Dataset dropped = numbers(10).batch(4, true);
    assertEquals(OptionalLong.of(2), dropped.batchesPerEpoch());
    assertEquals(2, labels(dropped.epoch(0)).size());
    assertEquals(TFloat32.class, d.tensorType(0));
    assertEquals(Shape.of(2), d.exampleShape(0));
    assertEquals(Shape.scalar(), d.exampleShape(1));
  }

  @Test
  void shuffleIsSeededPerEpochAndCoversEveryExampleOnce() {
    Dataset d = numbers(50).batch(8).shuffle(42);
    int[] e0 = flat(labels(d.epoch(0)));
    int[] e0again = flat(labels(numbers(50).batch(8).shuffle(42).epoch(0)));
    int[] e1 = flat(labels(d.epoch(1)));
    assertArrayEquals(e0, e0again, "same seed and epoch: same order");
    assertFalse(Arrays.equals(e0, e1), "another epoch: another order");
    assertFalse(Arrays.equals(e0, flat(labels(numbers(50).batch(8).shuffle(43).epoch(0)))));
    assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(e0).sorted().toArray());
    assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(e1).sorted().toArray());
  }

  @Test
  void aResumedEpochSeesTheBatchesTheUninterruptedOneSaw() {
    for (Dataset d : new Dataset[] {numbers(30).batch(7).shuffle(5), streaming(30).batch(7).shuffle(5, 8)}) {
      List<int[]> all = labels(d.epoch(3));
      try (BatchIterator it = d.epoch(3, 2)) {
        assertEquals(2, it.position());
        List<int[]> rest = labels(it);
        assertEquals(all.size() - 2, rest.size());
        for (int i = 0; i < rest.size(); i++) {
          assertArrayEquals(all.get(i + 2), rest.get(i));
        }
      }
    }
  }

  @Test
  void prefetchingChangesNothingButTheThread() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Dataset d = Dataset.fromIterable(IntStream.range(0, 20).boxed().toList(),
        Feature.<Integer>floats(i -> {
          threads.add(Thread.currentThread().getName());
          return new float[] {i, i + 0.5f};
        }, 2),
        Feature.intValue(i -> i)).batch(3).shuffle(9, 5);
    int[] prefetched = flat(labels(d.epoch(0)));
    assertTrue(threads.stream().allMatch(t -> t.startsWith("cordon-prefetch-")), threads.toString());
    threads.clear();
    int[] direct = flat(labels(d.prefetch(false).epoch(0)));
    assertEquals(Set.of(Thread.currentThread().getName()), threads);
    assertArrayEquals(prefetched, direct);
  }

  @Test
  void closingAnEpochEarlyFreesItsBatchesAndClosesTheStream() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Dataset d = Dataset.fromStream(() -> {
      opened.incrementAndGet();
      return IntStream.range(0, 100).boxed().onClose(closed::incrementAndGet);
    }, Feature.<Integer>floats(i -> new float[] {i, i + 0.5f}, 2), Feature.intValue(i -> i)).batch(10);
    try (BatchIterator it = d.epoch(0)) {
      it.next().close();
    }
    assertEquals(1, opened.get());
    assertEquals(1, closed.get());
    assertEquals(10, labels(d.epoch(1)).size());
    assertEquals(2, closed.get());
  }

  @Test
  void streamingShuffleUsesItsBufferAndIsReproducible() {
    Dataset d = streaming(40).batch(6).shuffle(3, 10);
    int[] a = flat(labels(d.epoch(0)));
    assertArrayEquals(a, flat(labels(streaming(40).batch(6).shuffle(3, 10).epoch(0))));
    assertNotEquals(Arrays.toString(a), Arrays.toString(flat(labels(d.epoch(1)))));
    assertArrayEquals(IntStream.range(0, 40).toArray(), Arrays.stream(a).sorted().toArray());
    for (int i = 0; i < a.length; i++) {
      assertTrue(a[i] < i + 10, "with a buffer of 10, record " + a[i] + " cannot come out at " + i);
    }
    assertEquals(OptionalLong.empty(), d.size());
  }

  private static Dataset streaming(int n) {
    return Dataset.fromIterable(IntStream.range(0, n).boxed().toList(),
        Feature.<Integer>floats(i -> new float[] {i, i + 0.5f}, 2), Feature.intValue(i -> i));
  }

  @Test
  void validationSplitHoldsOutTheLastExamplesBeforeShuffling() {
    Dataset.Split split = numbers(10).batch(3).shuffle(1).split(0.2);
    assertEquals(OptionalLong.of(8), split.training().size());
    assertArrayEquals(new int[] {8, 9}, flat(labels(split.validation().epoch(0))));
    assertArrayEquals(IntStream.range(0, 8).toArray(),
        Arrays.stream(flat(labels(split.training().epoch(0)))).sorted().toArray());
    assertEquals(OptionalLong.of(1L), split.training().shuffleSeed());
    assertThrows(UnsupportedOperationException.class, () -> streaming(10).split(0.2));
    assertThrows(IllegalArgumentException.class, () -> numbers(2).split(0.1));
  }

  @Test
  void tensorsAreCopiedIntoTheDataset() {
    Dataset d;
    try (TFloat32 x = TensorArrays.of(new float[][] {{0, 0.5f}, {1, 1.5f}, {2, 2.5f}});
        TInt32 y = TensorArrays.of(new int[] {0, 1, 2})) {
      d = Dataset.fromTensors(x, y).batch(2);
    }
    assertArrayEquals(new int[] {0, 1, 2}, flat(labels(d.epoch(0))));
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.fromArrays(new float[][] {{1, 2}, {3, 4}, {5}}, new int[] {0, 1, 2}));
    assertEquals("array 0: ragged array: row [2] has 1 values, but row [0] has 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.fromArrays(new float[][] {{1, 2}, {3, 4}}, new int[] {0, 1, 2}));
    assertEquals("input 1 has 3 examples, but input 0 has 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> numbers(4).batch(0));
    assertEquals("batch size must be > 0, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromArrays(new String[] {"a"}));
    assertTrue(e.getMessage().contains("needs an array of float, double, int, long or boolean"), e.getMessage());
    Dataset badRecord = Dataset.fromIterable(List.of(1, 2, 3),
        Feature.<Integer>floats(i -> i == 3 ? new float[1] : new float[2], 2)).batch(2).prefetch(false);
    try (BatchIterator it = badRecord.epoch(0)) {
      it.next().close();
      e = assertThrows(IllegalArgumentException.class, it::next);
      assertEquals("feature 0 of record 2 has 1 values, expected 2 for shape [2]", e.getMessage());
    }
    Dataset badPrefetched = Dataset.fromIterable(List.of(1, 2, 3),
        Feature.<Integer>floats(i -> i == 3 ? null : new float[2], 2)).batch(2);
    try (BatchIterator it = badPrefetched.epoch(0)) {
      it.next().close();
      e = assertThrows(IllegalArgumentException.class, it::hasNext);
      assertEquals("feature 0 of record 2 is null", e.getMessage());
    }
    assertFalse(Dataset.fromArrays(new float[0][2]).epoch(0).hasNext(), "an empty dataset has no batches");
  }
}
