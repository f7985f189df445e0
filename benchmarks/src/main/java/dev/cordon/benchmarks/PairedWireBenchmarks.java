package dev.cordon.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.tensorflow.types.TFloat32;

/**
 * The GRAPH / SCOPE ratio of {@link WireBenchmarks}, paired and interleaved like {@link
 * PairedBenchmarks}: each invocation runs the SCOPE pipeline and the GRAPH pipeline once each,
 * alternating which goes first; {@code graphNanos / scopeNanos} is the ratio.
 */
@State(Scope.Benchmark)
public class PairedWireBenchmarks extends Paired {

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
    final long[] last = new long[2];

    @Setup(Level.Iteration)
    public void reset() {
      graphNanos = 0;
      scopeNanos = 0;
      pairs = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    input = Pipelines.activationInput(bytes);
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
    Call graphCall = () -> bh.consume(first(graph.consumerSum(input)));
    Call scopeCall = () -> bh.consume(first(scope.consumerSum(input)));
    pair(n.pairs++, graphCall, scopeCall, n.last);
    n.graphNanos += n.last[0];
    n.scopeNanos += n.last[1];
  }
}
