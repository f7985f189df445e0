package dev.cordon.it;

import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Wire;

/** A Java model wired into an imported SavedModel at GRAPH level: y = 0.5 (2 x) + 2 = x + 2. */
@Isolated(level = Isolation.BOUNDARY)
@Wire(from = "doubler.y", to = "half.x")
public interface DoubleThenHalfGRAPH {
  Doubler doubler();

  @Isolated(level = Isolation.GRAPH)
  HalfPlusTwo half();
}
