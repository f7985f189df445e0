package dev.cordon.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.tensorflow.types.TFloat32;

/**
 * The ratio of {@link ClassifierBenchmarks}, measured so that background load cannot bias it:
 * each invocation calls the generated and the hand-written model once each, alternating which
 * goes first, and times each call separately. Both models thus see the same machine at the same
 * moments, and the ratio {@code generatedNanos / handWrittenNanos} of an iteration compares them
 * call for call. The primary score (the time of one pair) is of no interest.
 */
public class PairedBenchmarks extends Paired {

  /** Nanoseconds spent in each model's calls during one iteration, and the number of pairs. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Nanos {
    public long generatedNanos;
    public long handWrittenNanos;
    public long pairs;
    final long[] last = new long[2];

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

  /** Issue 8's own model, {@code [n, 784] x [784, 10] + bias}, at batch 1. */
  @Benchmark
  public void predictDenseBatch1(
      ClassifierBenchmarks.GeneratedDense g, ClassifierBenchmarks.HandWrittenDense h, ClassifierBenchmarks.Data d,
      Nanos n, Blackhole bh) {
    pair(n, () -> consume(g.model.logits(d.one), bh), () -> consume(h.model.logits(d.one), bh));
  }

  /** The same at batch 256. */
  @Benchmark
  public void predictDenseBatch256(
      ClassifierBenchmarks.GeneratedDense g, ClassifierBenchmarks.HandWrittenDense h, ClassifierBenchmarks.Data d,
      Nanos n, Blackhole bh) {
    pair(n, () -> consume(g.model.logits(d.batch), bh), () -> consume(h.model.logits(d.batch), bh));
  }

  @Benchmark
  public void trainStepBatch256(
      ClassifierBenchmarks.Generated g, ClassifierBenchmarks.HandWritten h, ClassifierBenchmarks.Data d,
      Nanos n, Blackhole bh) {
    pair(n, () -> bh.consume(g.model.trainStep(d.batch, d.labels)), () -> bh.consume(h.model.trainStep(d.batch, d.labels)));
  }

  private static void predict(
      ClassifierBenchmarks.Generated g, ClassifierBenchmarks.HandWritten h, TFloat32 x, Nanos n,
      Blackhole bh) {
    pair(n, () -> consume(g.model.logits(x), bh), () -> consume(h.model.logits(x), bh));
  }

  /** Calls both sides once, alternating which goes first, and adds each call's time to its counter. */
  private static void pair(Nanos n, Call generated, Call handWritten) {
    Paired.pair(n.pairs++, generated, handWritten, n.last);
    n.generatedNanos += n.last[0];
    n.handWrittenNanos += n.last[1];
  }
}
