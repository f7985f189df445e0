package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public types of the packages applications use, listed: adding or removing one (a top-level
 * type, or a public or protected nested type of one) fails this test, so every change to the API's
 * surface is a reviewed decision. Everything else generated code needs lives in {@code
 * dev.cordon.internal}.
 */
class PublicApiTest {

  /** The user packages, as directories under the compiled classes. */
  private static final List<String> USER_PACKAGES =
      List.of("dev.cordon.runtime", "dev.cordon.runtime.train", "dev.cordon.runtime.savedmodel",
          "dev.cordon.runtime.data", "dev.cordon.runtime.metrics");

  private static final Set<String> EXPECTED = new TreeSet<>(List.of(
      "dev.cordon.runtime.Activation",
      "dev.cordon.runtime.CheckpointException",
      "dev.cordon.runtime.BuilderSettings",
      "dev.cordon.runtime.CompositionBuilder",
      "dev.cordon.runtime.CompositionInspection",
      "dev.cordon.runtime.CordonComposition",
      "dev.cordon.runtime.CordonModel",
      "dev.cordon.runtime.Execution",
      "dev.cordon.runtime.IsolationViolation",
      "dev.cordon.runtime.Layers",
      "dev.cordon.runtime.ModelBuildException",
      "dev.cordon.runtime.ModelBuilder",
      "dev.cordon.runtime.ModelVariables",
      "dev.cordon.runtime.SharedGraph",
      "dev.cordon.runtime.TensorArrays",
      "dev.cordon.runtime.savedmodel.ImportedSavedModel",
      "dev.cordon.runtime.savedmodel.SavedModelExportException",
      "dev.cordon.runtime.savedmodel.SavedModelImport",
      "dev.cordon.runtime.savedmodel.SavedModelSignature",
      "dev.cordon.runtime.savedmodel.SavedModelSignature.TensorSpec",
      "dev.cordon.runtime.savedmodel.SignatureOutputs",
      "dev.cordon.runtime.savedmodel.UnsafeSavedModelException",
      "dev.cordon.runtime.data.Batch",
      "dev.cordon.runtime.data.BatchIterator",
      "dev.cordon.runtime.data.Column",
      "dev.cordon.runtime.data.Dataset",
      "dev.cordon.runtime.data.Dataset.Split",
      "dev.cordon.runtime.data.Feature",
      "dev.cordon.runtime.metrics.Metric",
      "dev.cordon.runtime.metrics.Metrics",
      "dev.cordon.runtime.metrics.Values",
      "dev.cordon.runtime.train.Callback",
      "dev.cordon.runtime.train.CsvLogger",
      "dev.cordon.runtime.train.EarlyStopping",
      "dev.cordon.runtime.train.EpochLogs",
      "dev.cordon.runtime.train.Fit",
      "dev.cordon.runtime.train.Fit.MetricBinding",
      "dev.cordon.runtime.train.Gradient",
      "dev.cordon.runtime.train.History",
      "dev.cordon.runtime.train.LearningRate",
      "dev.cordon.runtime.train.ModelCheckpoint",
      "dev.cordon.runtime.train.Optimizer",
      "dev.cordon.runtime.train.ProgressLogger",
      "dev.cordon.runtime.train.ReduceLROnPlateau",
      "dev.cordon.runtime.train.TensorBoard",
      "dev.cordon.runtime.train.TensorBoardWriter",
      "dev.cordon.runtime.train.TerminateOnNaN",
      "dev.cordon.runtime.train.TrainingCheckpoint",
      "dev.cordon.runtime.train.TrainingException",
      "dev.cordon.runtime.train.TrainingGraph",
      "dev.cordon.runtime.train.TrainingRun",
      "dev.cordon.runtime.train.WeightSnapshot"));

  @Test
  void theUserPackagesHoldExactlyTheListedPublicTypes() throws Exception {
    assertEquals(EXPECTED, publicTypes(), "a public type was added or removed: update EXPECTED if intended");
  }

  /**
   * What users may ask of a graph and a composition beyond running models: the audits among them.
   * A new method here widens what the isolation API promises.
   */
  @Test
  void theInspectionTypesOfferExactlyTheListedMethods() {
    assertEquals(List.of("audit", "close", "create", "graph", "scopes"), publicMethods(SharedGraph.class));
    assertEquals(List.of("audit", "gradientLeaks", "graph", "scopes", "summary", "toDot", "toString"),
        publicMethods(CompositionInspection.class));
  }

  private static List<String> publicMethods(Class<?> type) {
    return java.util.Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(java.lang.reflect.Method::getName)
        .sorted()
        .toList();
  }

  @Test
  void theScanSeesTheCompiledClasses() throws Exception {
    // Guards the test above against passing on an empty scan.
    assertTrue(publicTypes().contains(CordonModel.class.getName()));
  }

  /** The public types, and their public or protected nested types, found in the classes directory. */
  private static Set<String> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes = Path.of(CordonModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> found = new TreeSet<>();
    for (String pkg : USER_PACKAGES) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = file.getFileName().toString();
          if (!name.endsWith(".class") || name.contains("$") || name.equals("package-info.class")) {
            continue;
          }
          Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - 6), false,
              PublicApiTest.class.getClassLoader());
          if (Modifier.isPublic(type.getModifiers())) {
            collect(type, type.getName(), found);
          }
        }
      }
    }
    return found;
  }

  private static void collect(Class<?> type, String name, Set<String> found) {
    found.add(name);
    for (Class<?> nested : type.getDeclaredClasses()) {
      int m = nested.getModifiers();
      if (Modifier.isPublic(m) || Modifier.isProtected(m)) {
        collect(nested, name + "." + nested.getSimpleName(), found);
      }
    }
  }
}
