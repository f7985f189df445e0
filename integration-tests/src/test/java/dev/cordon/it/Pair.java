package dev.cordon.it;

import com.acme.Encoder;
import dev.cordon.Isolated;

/** Two unconnected encoders: each output needs only its own encoder's input. */
@Isolated
public interface Pair {
  @Isolated(scope = "a")
  Encoder a();

  @Isolated(scope = "b")
  Encoder b();
}
