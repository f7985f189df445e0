package dev.cordon.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cordon.runtime.SharedGraph;
import org.junit.jupiter.api.Test;

class RuntimeAccessTest {

  @Test
  void theRuntimeInstallsTheBridgeOnFirstUseAndOnlyOnce() {
    RuntimeAccess access = RuntimeAccess.get();
    assertNotNull(access);
    assertSame(access, RuntimeAccess.get());
    assertThrows(IllegalStateException.class, () -> RuntimeAccess.install(access));
  }

  @Test
  void theBridgeReachesASharedGraphsHandle() {
    try (SharedGraph shared = SharedGraph.create()) {
      GraphHandle handle = RuntimeAccess.get().handle(shared);
      assertSame(shared.graph(), handle.graph());
    }
  }
}
