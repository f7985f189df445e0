package dev.cordon.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Throughput of 2 threads calling one model against 1 thread, batch 1, for the generated model
 * and its hand-written twin ({@link HandWrittenClassifier}, plain {@code Session.runner()}). Rounds
 * are interleaved: each round runs generated x1, generated x2, hand-written x1, hand-written x2
 * for {@code seconds} each, in an order that rotates every round, so background load hits every
 * variant alike. Prints each round and the median ratio (2 threads / 1 thread) per model.
 *
 * <p>Arguments: {@code [rounds] [seconds per variant] [warm-up seconds] [model]} (default 10 1 5
 * mlp): {@code mlp} is {@link BenchClassifier} (784-128-10), {@code dense} is {@link BenchDense}
 * (issue 8's {@code [n, 784] x [784, 10] + bias}).
 */
public final class ThreadScaling {

  private ThreadScaling() {}

  interface Call {
    void predict(TFloat32 x);
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
    double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    boolean dense = args.length > 3 && args[3].equals("dense");
    Random random = new Random(7);
    try (AutoCloseable generated = dense
            ? CordonBenchDense.builder().seed(ClassifierBenchmarks.SEED).build()
            : ClassifierBenchmarks.generated();
        HandWrittenClassifier hand = dense
            ? HandWrittenClassifier.dense(ClassifierBenchmarks.SEED, ClassifierBenchmarks.LEARNING_RATE)
            : new HandWrittenClassifier(ClassifierBenchmarks.SEED, ClassifierBenchmarks.LEARNING_RATE);
        TFloat32 x = TFloat32.tensorOf(Shape.of(1, 784), d -> {
          for (long c = 0; c < 784; c++) {
            d.setFloat(random.nextFloat(), 0, c);
          }
        })) {
      Call gen = generated instanceof CordonBenchDense d
          ? in -> d.logits(in).close()
          : in -> ((CordonBenchClassifier) generated).logits(in).close();
      Call hw = in -> hand.logits(in).close();
      rate(gen, x, 1, warmup / 2);
      rate(hw, x, 1, warmup / 2);
      String[] names = {"generated x1", "generated x2", "hand-written x1", "hand-written x2"};
      Call[] calls = {gen, gen, hw, hw};
      int[] threads = {1, 2, 1, 2};
      List<Double> genRatios = new ArrayList<>();
      List<Double> handRatios = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        double[] perSecond = new double[4];
        for (int k = 0; k < 4; k++) {
          int v = (k + r) % 4;
          perSecond[v] = rate(calls[v], x, threads[v], seconds);
        }
        genRatios.add(perSecond[1] / perSecond[0]);
        handRatios.add(perSecond[3] / perSecond[2]);
        System.out.printf("round %d: %s %.0f/s, %s %.0f/s, %s %.0f/s, %s %.0f/s; ratios %.3f / %.3f%n", r + 1,
            names[0], perSecond[0], names[1], perSecond[1], names[2], perSecond[2], names[3], perSecond[3],
            genRatios.get(r), handRatios.get(r));
      }
      System.out.printf("median 2-thread / 1-thread throughput, batch 1, %s: generated %.3f, hand-written %.3f "
          + "(%d rounds of %.1f s; nproc %d)%n", dense ? "dense" : "mlp", median(genRatios), median(handRatios), rounds, seconds,
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** Calls per second of {@code threads} threads calling {@code call} for {@code seconds}. */
  static double rate(Call call, TFloat32 x, int threads, double seconds) throws InterruptedException {
    LongAdder count = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        while (!stop.get()) {
          call.predict(x);
          count.increment();
        }
      });
      w.start();
      workers.add(w);
    }
    long t0 = System.nanoTime();
    start.countDown();
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    return count.sum() / ((System.nanoTime() - t0) / 1e9);
  }

  static double median(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
