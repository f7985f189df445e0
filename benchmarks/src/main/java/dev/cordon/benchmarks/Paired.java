package dev.cordon.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tensorflow.types.TFloat32;

/**
 * What the benchmarks share: the JMH settings of {@link ClassifierBenchmarks}, {@link
 * PairedBenchmarks} and {@link PairedWireBenchmarks} (JMH reads them from this superclass), one
 * timed call, and a result consumed and closed as a caller would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
abstract class Paired {

  /** One side of a pair. */
  interface Call {
    void run();
  }

  /** The nanoseconds {@code call} takes. */
  static long timed(Call call) {
    long t0 = System.nanoTime();
    call.run();
    return System.nanoTime() - t0;
  }

  /**
   * Calls {@code a} and {@code b} once each, {@code a} first on even pairs, and puts each call's
   * nanoseconds in {@code nanos[0]} and {@code nanos[1]}.
   */
  static void pair(long pair, Call a, Call b, long[] nanos) {
    if ((pair & 1) == 0) {
      nanos[0] = timed(a);
      nanos[1] = timed(b);
    } else {
      nanos[1] = timed(b);
      nanos[0] = timed(a);
    }
  }

  /** Hands {@code result} to the blackhole and closes it, as a caller closes what it is given. */
  static void consume(TFloat32 result, Blackhole bh) {
    try (result) {
      bh.consume(result);
    }
  }

  /** Row 0 of a pipeline's one-value result, which is closed. */
  static float first(TFloat32 result) {
    try (result) {
      return result.getFloat(0);
    }
  }
}
