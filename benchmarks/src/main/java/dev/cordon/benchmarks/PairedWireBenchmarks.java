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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The GRAPH / SCOPE ratio of {@link WireBenchmarks}, paired and interleaved like {@link
 * PairedBenchmarks}: each invocation runs the SCOPE pipeline and the GRAPH pipeline once each,
 * alternating which goes first; {@code graphNanos / scopeNanos} is the ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Benchmark)
public class PairedWireBenchmarks {

  /** Bytes of the activation crossing the wire (the goal is stated at 1 MiB). */
  @Param({"1048576"})
  public int bytes;

  private TFloat32 input;
  private CordonPipelines_ScopePipeline scope;
  private CordonPipelines_GraphPipeline graph;

  /** Nanoseconds spent in each pipeline during one iteration, and the number of pairs. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Nanos {
    public long graphNanos;
    public long scopeNanos;
    public long pairs;

    @Setup(Level.Iteration)
    public void reset() {
      graphNanos = 0;
      scopeNanos = 0;
      pairs = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    int floats = bytes / Float.BYTES;
    input = TFloat32.tensorOf(Shape.of(1, floats), d -> {
      for (int i = 0; i < floats; i++) {
        d.setFloat(i % 7, 0, i);
      }
    });
    scope = CordonPipelines_ScopePipeline.builder().build();
    graph = CordonPipelines_GraphPipeline.builder().build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scope.close();
    graph.close();
    input.close();
  }

  @Benchmark
  public void graphVsScope(Nanos n, Blackhole bh) {
    boolean graphFirst = (n.pairs++ & 1) == 0;
    long t0 = System.nanoTime();
    if (graphFirst) {
      runGraph(bh);
    } else {
      runScope(bh);
    }
    long t1 = System.nanoTime();
    if (graphFirst) {
      runScope(bh);
    } else {
      runGraph(bh);
    }
    long t2 = System.nanoTime();
    n.graphNanos += graphFirst ? t1 - t0 : t2 - t1;
    n.scopeNanos += graphFirst ? t2 - t1 : t1 - t0;
  }

  private void runGraph(Blackhole bh) {
    try (TFloat32 sum = graph.consumerSum(input)) {
      bh.consume(sum.getFloat(0));
    }
  }

  private void runScope(Blackhole bh) {
    try (TFloat32 sum = scope.consumerSum(input)) {
      bh.consume(sum.getFloat(0));
    }
  }
}
