package dev.cordon.benchmarks;

import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Wire;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The same two-model pipeline at each isolation level, for {@link WireBenchmarks}. */
final class Pipelines {
  private Pipelines() {}

  /** The pipelines' input: one row of {@code bytes / 4} floats, as wide as the activation crossing. */
  static TFloat32 activationInput(int bytes) {
    int floats = bytes / Float.BYTES;
    return TFloat32.tensorOf(Shape.of(1, floats), d -> {
      for (int i = 0; i < floats; i++) {
        d.setFloat(i % 7, 0, i);
      }
    });
  }

  /** Both models in one graph; the activation crosses as the operand itself. */
  @Isolated(level = Isolation.SCOPE)
  @Wire(from = "producer.activation", to = "consumer.activation")
  interface ScopePipeline {
    Producer producer();

    Consumer consumer();
  }

  /** Both models in one graph; the activation crosses through a stopGradient copy. */
  @Isolated(level = Isolation.BOUNDARY)
  @Wire(from = "producer.activation", to = "consumer.activation")
  interface BoundaryPipeline {
    Producer producer();

    Consumer consumer();
  }

  /** The consumer in its own graph and session; the activation tensor is handed across. */
  @Isolated(level = Isolation.SCOPE)
  @Wire(from = "producer.activation", to = "consumer.activation")
  interface GraphPipeline {
    Producer producer();

    @Isolated(level = Isolation.GRAPH)
    Consumer consumer();
  }
}
