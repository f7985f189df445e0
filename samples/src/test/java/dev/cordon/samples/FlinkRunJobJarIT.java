package dev.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The job jar the build produces ({@code -Pflink-job}: {@code cordon-samples-flink-job.jar}),
 * unchanged, run the way {@code flink run samples/target/cordon-samples-flink-job.jar} runs it:
 * Flink's {@code PackagedProgram} reads the jar (its manifest names the entry point) into a
 * child-first user-code class loader, and {@code ClientUtils.executeProgram} runs its {@code main}
 * with a context environment that submits over REST ({@code execution.target: remote}); this is
 * the CLI's code path ({@code CliFrontend.run} builds the same program and calls the same method)
 * without the shell script and a Flink distribution, which the build cannot fetch. The session
 * cluster runs in a process of its own ({@link SessionClusterProcess}) with Flink's jars only, as
 * a real cluster does: it receives the jar through its blob server and loads Cordon and TF Java
 * from it in a user-code class loader. (One process cannot be both: the client's and the
 * TaskManager's copies of the jar are different files, and two copies of TensorFlow's native
 * library in one process abort it; see the README's deployment notes.)
 */
class FlinkRunJobJarIT {

  static final File JOB_JAR = new File(System.getProperty("cordon.flinkJobJar",
      "target/cordon-samples-flink-job.jar"));

  /** This JVM's class path without Cordon, the samples and TF Java: Flink and its dependencies. */
  static String flinkOnlyClassPath() {
    StringBuilder path = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      boolean cordonOrTf = name.startsWith("tensorflow-") || name.startsWith("javacpp")
          || name.startsWith("protobuf-java") || name.startsWith("cordon-")
          || entry.endsWith("classes") && !entry.endsWith("test-classes");
      if (!cordonOrTf) {
        path.append(path.length() == 0 ? "" : File.pathSeparator).append(entry);
      }
    }
    return path.toString();
  }

  static Process startCluster(File log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The --add-opens a Flink distribution passes (env.java.opts.all), as this JVM got them.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")) {
        command.add(arg);
      }
    }
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(flinkOnlyClassPath());
    command.add(SessionClusterProcess.class.getName());
    return new ProcessBuilder(command).redirectError(log).start();
  }

  @Test
  void theJobJarRunsUnchangedAsFlinkRunSubmitsIt() throws Exception {
    assertTrue(JOB_JAR.isFile(), JOB_JAR + " is missing: build it with -Pflink-job");
    Process cluster = startCluster(new File("target/session-cluster.log"));
    try {
      BufferedReader clusterOut = new BufferedReader(
          new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
      String first = clusterOut.readLine();
      assertTrue(first != null && first.startsWith("REST "), "the cluster started: " + first
          + " (see target/session-cluster.log)");
      int port = Integer.parseInt(first.substring(5).trim());
      // What flink run's configuration holds for a session cluster (config.yaml + -p 2).
      Configuration client = new Configuration();
      client.set(DeploymentOptions.TARGET, RemoteExecutor.NAME);
      client.set(RestOptions.ADDRESS, "localhost");
      client.set(RestOptions.PORT, port);
      client.set(CoreOptions.DEFAULT_PARALLELISM, 2);
      PackagedProgram program = PackagedProgram.newBuilder()
          .setJarFile(JOB_JAR)
          .setArguments("", "20") // train 20 steps in the job's main, then score
          .setConfiguration(client)
          .build();
      // As CliFrontend's effective configuration: the jar (and nothing else) ships with the job.
      client.set(PipelineOptions.JARS,
          program.getJobJarAndDependencies().stream().map(URL::toString).toList());
      try {
        assertEquals(List.of(JOB_JAR.toURI().toURL()), program.getJobJarAndDependencies());
        assertEquals(FlinkScoringSample.class.getName(), program.getMainClassName(),
            "the manifest's entry point");
        Class<?> loaded = program.getUserCodeClassLoader().loadClass(program.getMainClassName());
        assertNotSame(FlinkScoringSample.class, loaded, "child-first: the jar's own classes");
        assertEquals("org.apache.flink.util.ChildFirstClassLoader",
            loaded.getClassLoader().getClass().getName(), "Flink's default resolve order");

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
          ClientUtils.executeProgram(new DefaultExecutorServiceLoader(), client, program, false, false);
        } finally {
          System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.print(text);
        int scored = MnistData.SIZE - MnistData.TRAIN_SIZE;
        assertTrue(text.contains(String.format(Locale.ROOT, "Scored %d digits", scored)), text);
        assertTrue(text.contains("by model version {digits-v1=" + scored + "}"), text);
        assertTrue(text.contains("Refused " + FlinkScoringSample.BROKEN + " records"), text);
        assertTrue(cluster.isAlive(), "the cluster process survived the job");
      } finally {
        program.close();
      }
    } finally {
      cluster.getOutputStream().close();
      if (!cluster.waitFor(30, TimeUnit.SECONDS)) {
        cluster.destroyForcibly();
      }
    }
  }
}
