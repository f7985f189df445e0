package dev.cordon.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.tensorflow.types.TFloat32;

/**
 * One prediction through the same producer → consumer pipeline at SCOPE, BOUNDARY and GRAPH level,
 * with an activation of 1 KiB, 1 MiB or 16 MiB crossing the wire. The GRAPH hand-off feeds the
 * producer's result tensor to the consumer's session as it is, so its extra cost over SCOPE should
 * not grow with the activation's size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Benchmark)
public class WireBenchmarks {

  /** Bytes of the activation crossing the wire: 1 KiB, 1 MiB, 16 MiB. */
  @Param({"1024", "1048576", "16777216"})
  public int bytes;

  private TFloat32 input;
  private CordonPipelines_ScopePipeline scope;
  private CordonPipelines_BoundaryPipeline boundary;
  private CordonPipelines_GraphPipeline graph;

  @Setup(Level.Trial)
  public void setUp() {
    input = Pipelines.activationInput(bytes);
    scope = CordonPipelines_ScopePipeline.builder().build();
    boundary = CordonPipelines_BoundaryPipeline.builder().build();
    graph = CordonPipelines_GraphPipeline.builder().build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scope.close();
    boundary.close();
    graph.close();
    input.close();
  }

  @Benchmark
  public float scope() {
    return Paired.first(scope.consumerSum(input));
  }

  @Benchmark
  public float boundary() {
    return Paired.first(boundary.consumerSum(input));
  }

  @Benchmark
  public float graph() {
    return Paired.first(graph.consumerSum(input));
  }
}
