package dev.cordon.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tensorflow.types.TFloat32;

/**
 * The ratio of {@link ClassifierBenchmarks}, measured so that background load cannot bias it:
 * each invocation calls the generated and the hand-written model once each, alternating which
 * goes first, and times each call separately. Both models thus see the same machine at the same
 * moments, and the ratio {@code generatedNanos / handWrittenNanos} of an iteration compares them
 * call for call. The primary score (the time of one pair) is of no interest.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class PairedBenchmarks {

  /** Nanoseconds spent in each model's calls during one iteration, and the number of pairs. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Nanos {
    public long generatedNanos;
    public long handWrittenNanos;
    public long pairs;

    @Setup(Level.Iteration)
    public void reset() {
      generatedNanos = 0;
      handWrittenNanos = 0;
      pairs = 0;
    }
  }

  @Benchmark
  public void predictBatch1(
      ClassifierBenchmarks.Generated g, ClassifierBenchmarks.HandWritten h, ClassifierBenchmarks.Data d,
      Nanos n, Blackhole bh) {
    predict(g, h, d.one, n, bh);
  }

  @Benchmark
  public void predictBatch256(
      ClassifierBenchmarks.Generated g, ClassifierBenchmarks.HandWritten h, ClassifierBenchmarks.Data d,
      Nanos n, Blackhole bh) {
    predict(g, h, d.batch, n, bh);
  }

  @Benchmark
  public void trainStepBatch256(
      ClassifierBenchmarks.Generated g, ClassifierBenchmarks.HandWritten h, ClassifierBenchmarks.Data d,
      Nanos n, Blackhole bh) {
    boolean generatedFirst = (n.pairs++ & 1) == 0;
    if (generatedFirst) {
      long t0 = System.nanoTime();
      bh.consume(g.model.trainStep(d.batch, d.labels));
      long t1 = System.nanoTime();
      bh.consume(h.model.trainStep(d.batch, d.labels));
      long t2 = System.nanoTime();
      n.generatedNanos += t1 - t0;
      n.handWrittenNanos += t2 - t1;
    } else {
      long t0 = System.nanoTime();
      bh.consume(h.model.trainStep(d.batch, d.labels));
      long t1 = System.nanoTime();
      bh.consume(g.model.trainStep(d.batch, d.labels));
      long t2 = System.nanoTime();
      n.handWrittenNanos += t1 - t0;
      n.generatedNanos += t2 - t1;
    }
  }

  private static void predict(
      ClassifierBenchmarks.Generated g, ClassifierBenchmarks.HandWritten h, TFloat32 x, Nanos n,
      Blackhole bh) {
    boolean generatedFirst = (n.pairs++ & 1) == 0;
    if (generatedFirst) {
      long t0 = System.nanoTime();
      predictGenerated(g, x, bh);
      long t1 = System.nanoTime();
      predictHandWritten(h, x, bh);
      long t2 = System.nanoTime();
      n.generatedNanos += t1 - t0;
      n.handWrittenNanos += t2 - t1;
    } else {
      long t0 = System.nanoTime();
      predictHandWritten(h, x, bh);
      long t1 = System.nanoTime();
      predictGenerated(g, x, bh);
      long t2 = System.nanoTime();
      n.handWrittenNanos += t1 - t0;
      n.generatedNanos += t2 - t1;
    }
  }

  private static void predictGenerated(ClassifierBenchmarks.Generated g, TFloat32 x, Blackhole bh) {
    try (TFloat32 logits = g.model.logits(x)) {
      bh.consume(logits);
    }
  }

  private static void predictHandWritten(ClassifierBenchmarks.HandWritten h, TFloat32 x, Blackhole bh) {
    try (TFloat32 logits = h.model.logits(x)) {
      bh.consume(logits);
    }
  }
}
