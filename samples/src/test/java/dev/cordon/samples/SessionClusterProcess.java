package dev.cordon.samples;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink session cluster in a process of its own, for {@link FlinkRunJobJarIT}: one JobManager
 * and one TaskManager with 2 slots, started with Flink's jars only on its class path (no Cordon,
 * no TF Java: a bare distribution's {@code lib/}). Prints {@code REST <port>}, then runs until its
 * standard input closes.
 */
public final class SessionClusterProcess {
  private SessionClusterProcess() {}

  public static void main(String[] args) throws Exception {
    MiniClusterConfiguration config = new MiniClusterConfiguration.Builder()
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(2)
        .setConfiguration(new Configuration())
        .build();
    try (MiniCluster cluster = new MiniCluster(config)) {
      cluster.start();
      System.out.println("REST " + cluster.getRestAddress().get().getPort());
      System.out.flush();
      while (System.in.read() != -1) {
        // runs until the test closes our standard input
      }
    }
  }
}
