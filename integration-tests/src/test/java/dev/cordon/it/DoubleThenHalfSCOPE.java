package dev.cordon.it;

import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Wire;

/** A Java model wired into an imported SavedModel at SCOPE level: y = 0.5 (2 x) + 2 = x + 2. */
@Isolated(level = Isolation.SCOPE)
@Wire(from = "doubler.y", to = "half.x")
public interface DoubleThenHalfSCOPE {
  Doubler doubler();

  @Isolated(level = Isolation.SCOPE)
  HalfPlusTwo half();
}
