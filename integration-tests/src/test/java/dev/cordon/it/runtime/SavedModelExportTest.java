package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.internal.savedmodel.SavedModelExport;
import dev.cordon.it.CordonAdder;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelExportException;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import dev.cordon.runtime.train.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

class SavedModelExportTest {

  private static final float[][] X = {{1, 2}, {3, 4}, {-1, 0.5f}};
  private static final float[][] TARGET = {{1}, {2}, {0}};
  private static final float[][] PIXELS = {{0.1f, 0.2f, 0.3f, 0.4f}, {1, 0, -1, 0.5f}};
  private static final int[] DIGITS = {2, 0};

  @TempDir Path dir;

  @AfterEach
  void clearHook() {
    SavedModelExport.beforeSwapForTests = null;
  }

  @Test
  void aModelInASharedGraphExportsAloneAndReloadsWithPlainTfJava() throws IOException {
    Path export = dir.resolve("linear");
    float[][] live;
    try (SharedGraph shared = SharedGraph.create();
        CordonMlp mlp = CordonMlp.builder().graph(shared).optimizer(Optimizer.sgd(0.1f)).build();
        CordonLinear linear = CordonLinear.builder().graph(shared).optimizer(Optimizer.sgd(0.05f)).build()) {
      for (int i = 0; i < 3; i++) {
        linear.trainStep(X, TARGET);
        mlp.trainStep(PIXELS, DIGITS);
      }
      live = linear.y(X);
      assertFalse(live[0][0] == 1 * 1 + 2 * 1, "the model was trained away from its initial values");
      linear.exportSavedModel(export);
    }
    assertTrue(Files.isRegularFile(export.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(export.resolve("variables/variables.index")));

    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
    List<NodeDef> nodes = saved.getMetaGraphs(0).getGraphDef().getNodeList();
    for (NodeDef node : nodes) {
      assertTrue(node.getName().startsWith("linear/") || node.getName().startsWith("save/"), node.getName());
      assertFalse(node.getName().startsWith("mlp/"), node.getName());
    }
    // nothing of training or initialisation comes along; the label input neither
    assertTrue(nodes.stream().noneMatch(n -> n.getName().contains("cordon.train") || n.getName().contains("cordon.init")
        || n.getName().equals("linear/target")));
    assertEquals(Set.of("serving_default", "y"), saved.getMetaGraphs(0).getSignatureDefMap().keySet());

    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 x = TensorArrays.of(X)) {
      for (String key : List.of("serving_default", "y")) {
        try (Result r = bundle.function(key).call(Map.of("x", x))) {
          assertArrayEquals(live, TensorArrays.floats2d((TFloat32) r.get("y").get()), key);
        }
      }
      // exactly the model's variables, restored as resource variables
      assertEquals(List.of("linear/b", "linear/w"), varHandles(bundle));
    }
  }

  @Test
  void anExportImportsIntoCordonAndIntoTheSameModelAsACheckpoint() {
    Path export = dir.resolve("mlp");
    float[][] live;
    try (CordonMlp mlp = CordonMlp.builder().optimizer(Optimizer.sgd(0.1f)).build()) {
      mlp.trainStep(PIXELS, DIGITS);
      mlp.trainStep(PIXELS, DIGITS);
      live = mlp.logits(PIXELS);
      mlp.exportSavedModel(export);
    }
    try (SharedGraph g = SharedGraph.create();
        CordonLinear neighbour = CordonLinear.builder().graph(g).build();
        ImportedSavedModel imported = SavedModelImport.from(export).importInto(g, "imported/mlp");
        TFloat32 in = TensorArrays.of(PIXELS);
        SignatureOutputs out = imported.run("logits", Map.of("pixels", in))) {
      assertArrayEquals(live, TensorArrays.floats2d(out.get("logits", TFloat32.class)));
      assertEquals(Set.of("serving_default", "logits"), imported.signatures().keySet());
    }
    // variables/ is a checkpoint of the model, keyed by scope-relative names
    try (CordonMlp fresh = CordonMlp.builder().scope("elsewhere").build()) {
      fresh.restore(export.resolve("variables"));
      assertArrayEquals(live, fresh.logits(PIXELS));
    }
  }

  @Test
  void aSecondExportReplacesTheFirst() throws IOException {
    Path export = dir.resolve("export");
    try (CordonLinear linear = CordonLinear.builder().optimizer(Optimizer.sgd(0.05f)).build()) {
      linear.exportSavedModel(export);
      float[][] before = linear.y(X);
      linear.trainStep(X, TARGET);
      float[][] after = linear.y(X);
      assertNotEquals(before[0][0], after[0][0]);
      linear.exportSavedModel(export);
      try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
          TFloat32 x = TensorArrays.of(X);
          Result r = bundle.call(Map.of("x", x))) {
        assertArrayEquals(after, TensorArrays.floats2d((TFloat32) r.get("y").get()));
      }
    }
    assertEquals(List.of("export"), List.of(dir.toFile().list()), "no staging or old directories are left");
  }

  @Test
  void aFailingExportLeavesTheEarlierOneByteIdentical() throws IOException {
    Path export = dir.resolve("export");
    try (CordonLinear linear = CordonLinear.builder().optimizer(Optimizer.sgd(0.05f)).build()) {
      linear.trainStep(X, TARGET);
      linear.exportSavedModel(export);
      Map<String, byte[]> first = contents(export);
      linear.trainStep(X, TARGET);
      SavedModelExport.beforeSwapForTests = staging -> {
        assertTrue(Files.isRegularFile(staging.resolve("saved_model.pb")));
        throw new IOException("disk full (injected)");
      };
      SavedModelExportException e =
          assertThrows(SavedModelExportException.class, () -> linear.exportSavedModel(export));
      assertTrue(e.getMessage().startsWith("Linear: could not export a SavedModel to "), e.getMessage());
      assertTrue(e.getMessage().contains("disk full (injected)"), e.getMessage());
      assertTrue(e.getMessage().endsWith("(an earlier export there, if any, is intact)"), e.getMessage());
      assertContentsEqual(first, contents(export));
      assertEquals(List.of("export"), List.of(dir.toFile().list()), "the staging directory is removed");

      // a target whose parent is a regular file: nothing is written
      SavedModelExport.beforeSwapForTests = null;
      Path file = Files.writeString(dir.resolve("file"), "not a directory");
      assertThrows(SavedModelExportException.class, () -> linear.exportSavedModel(file.resolve("export")));
      assertEquals("not a directory", Files.readString(file));

      // a user's folder is never replaced
      Path folder = Files.createDirectories(dir.resolve("folder"));
      Files.writeString(folder.resolve("notes.txt"), "mine");
      SavedModelExportException refused =
          assertThrows(SavedModelExportException.class, () -> linear.exportSavedModel(folder));
      assertTrue(refused.getMessage().contains("is not a SavedModel"), refused.getMessage());
      assertEquals(List.of("notes.txt"), List.of(folder.toFile().list()));
      assertContentsEqual(first, contents(export));
    }
  }

  @Test
  void aCompositionInOneGraphExportsOneSignaturePerOutput() throws IOException {
    Path export = dir.resolve("pipeline");
    float[][] pixels = {{1, 0, 0, 1}, {0, 1, 1, 0}};
    float[][] score;
    float[][] embedding;
    try (CordonPipelineSCOPE pipeline = CordonPipelineSCOPE.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build()) {
      pipeline.trainStep(pixels, new float[][] {{1}, {-1}});
      score = pipeline.headScore(pixels);
      embedding = pipeline.encoderEmbedding(pixels);
      pipeline.exportSavedModel(export);
    }
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
    assertEquals(Set.of("serving_default", "encoderEmbedding", "headScore"),
        saved.getMetaGraphs(0).getSignatureDefMap().keySet());
    for (NodeDef node : saved.getMetaGraphs(0).getGraphDef().getNodeList()) {
      String n = node.getName();
      assertTrue(n.startsWith("encoder/") || n.startsWith("head/") || n.startsWith("save/"), n);
      assertFalse(n.contains("cordon.train"), n);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 x = TensorArrays.of(pixels);
        Result s = bundle.function("headScore").call(Map.of("encoderPixels", x));
        Result e = bundle.function("serving_default").call(Map.of("encoderPixels", x))) {
      assertArrayEquals(score, TensorArrays.floats2d((TFloat32) s.get("headScore").get()));
      assertArrayEquals(embedding, TensorArrays.floats2d((TFloat32) e.get("encoderEmbedding").get()));
    }
  }

  @Test
  void aCompositionWithAGraphMemberRefusesToExportAndNamesIt() {
    try (CordonPipelineGRAPH pipeline = CordonPipelineGRAPH.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build()) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> pipeline.exportSavedModel(dir.resolve("pipeline")));
      assertTrue(e.getMessage().contains("GRAPH member(s) [encoder]"), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("pipeline")));
  }

  @Test
  void aWiredMemberExportsAloneWithItsInputCutIntoAPlaceholder() throws IOException {
    Path export = dir.resolve("head");
    float[][] embedding = {{0.5f, -1, 2}, {1, 1, 1}};
    float[][] live;
    try (CordonPipelineSCOPE pipeline = CordonPipelineSCOPE.builder().seed(5).optimizer(Optimizer.sgd(0.1f)).build()) {
      pipeline.trainStep(new float[][] {{1, 0, 0, 1}}, new float[][] {{1}});
      live = pipeline.head().score(embedding);
      pipeline.head().exportSavedModel(export);
    }
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
    for (NodeDef node : saved.getMetaGraphs(0).getGraphDef().getNodeList()) {
      assertTrue(node.getName().startsWith("head/") || node.getName().startsWith("save/"), node.getName());
      if (node.getName().equals("head/embedding")) {
        assertEquals("Placeholder", node.getOp());
      }
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 x = TensorArrays.of(embedding);
        Result r = bundle.call(Map.of("embedding", x))) {
      assertArrayEquals(live, TensorArrays.floats2d((TFloat32) r.get("score").get()));
    }
  }

  @Test
  void aModelWithoutVariablesExportsWithoutASaver() throws IOException {
    Path export = dir.resolve("doubler");
    try (CordonTwiceThrice m = CordonTwiceThrice.builder().build()) {
      m.exportSavedModel(export);
    }
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
    assertFalse(saved.getMetaGraphs(0).hasSaverDef());
    assertEquals(Set.of("serving_default", "twice", "thrice"), saved.getMetaGraphs(0).getSignatureDefMap().keySet());
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 x = TensorArrays.of(new float[] {1, 2});
        Result d = bundle.function("serving_default").call(Map.of("x", x));
        Result t = bundle.function("thrice").call(Map.of("x", x))) {
      assertEquals(4f, ((TFloat32) d.get("twice").get()).getFloat(1));
      assertEquals(6f, ((TFloat32) t.get("thrice").get()).getFloat(1));
    }
  }

  /**
   * A TF2 SavedModel's graph calls {@code __inference_signature_wrapper_*} through a
   * {@code PartitionedCall}; that function's body calls {@code __inference_add_*} only through its
   * own {@code PartitionedCall}'s {@code f} attr. Imported under a model's scope (the functions get
   * per-import names) and exported again, the export must carry the indirectly called function, or
   * nothing can load it.
   */
  @Test
  void anImportedTf2ModelReexportsTheFunctionsItsFunctionsCall() throws IOException {
    Path export = dir.resolve("adder");
    try (CordonAdder m = CordonAdder.builder().build()) {
      m.exportSavedModel(export);
    }
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
    org.tensorflow.proto.GraphDef graph = saved.getMetaGraphs(0).getGraphDef();
    List<String> functions = new ArrayList<>();
    graph.getLibrary().getFunctionList().forEach(f -> functions.add(f.getSignature().getName()));
    // the wrapper the graph calls, and the function only the wrapper's body calls
    assertTrue(functions.stream().anyMatch(f -> f.endsWith("__inference_signature_wrapper_78")), functions.toString());
    assertTrue(functions.stream().anyMatch(f -> f.endsWith("__inference_add_70")), functions.toString());
    // and only what the add signature reaches: no save/restore functions, no other signature's
    assertTrue(functions.stream().noneMatch(f -> f.contains("traced_save") || f.contains("get_matrix")), functions.toString());
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 a = TFloat32.scalarOf(2f);
        TFloat32 b = TFloat32.scalarOf(3.5f);
        Result r = bundle.function("serving_default").call(Map.of("a", a, "b", b))) {
      assertEquals(5.5f, ((TFloat32) r.get("output_0").get()).getFloat(), 0f);
    }
  }

  @Test
  void exportingAClosedModelFails() {
    CordonLinear linear = CordonLinear.builder().build();
    linear.close();
    assertThrows(IllegalStateException.class, () -> linear.exportSavedModel(dir.resolve("x")));
    assertFalse(Files.exists(dir.resolve("x")));
  }

  private static List<String> varHandles(SavedModelBundle bundle) {
    List<String> names = new ArrayList<>();
    bundle.graph().operations().forEachRemaining(op -> {
      if (op.type().equals("VarHandleOp")) {
        names.add(op.name());
      }
      assertNotEquals("VariableV2", op.type(), op.name());
    });
    names.sort(null);
    return names;
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  private static void assertContentsEqual(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String f : expected.keySet()) {
      assertArrayEquals(expected.get(f), actual.get(f), f);
    }
  }
}
