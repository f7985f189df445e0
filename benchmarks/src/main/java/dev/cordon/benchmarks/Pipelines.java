package dev.cordon.benchmarks;

import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Wire;

/** The same two-model pipeline at each isolation level, for {@link WireBenchmarks}. */
final class Pipelines {
  private Pipelines() {}

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
