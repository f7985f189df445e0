package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel is checked whole at import (and so at a typed model's build()): a missing or
 * damaged checkpoint, a missing init or restore op, a missing asset are refused with a
 * ModelBuildException naming the path and the part, never "Attempting to use uninitialized value"
 * at the first call.
 */
class SavedModelCheckedWholeTest {

  @TempDir Path tmp;

  private Path copy(String fixture) throws IOException {
    Path src = SavedModelTf221Test.fixture(fixture);
    Path dst = tmp.resolve(fixture);
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = dst.resolve(src.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
    return dst;
  }

  private static void editMeta(Path dir, UnaryOperator<MetaGraphDef> edit) throws IOException {
    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
    Files.write(dir.resolve("saved_model.pb"),
        sm.toBuilder().setMetaGraphs(0, edit.apply(sm.getMetaGraphs(0))).build().toByteArray());
  }

  private static ModelBuildException refused(Path dir, String... parts) {
    ModelBuildException e = assertThrows(ModelBuildException.class, () -> {
      try (SharedGraph g = SharedGraph.create()) {
        SavedModelImport.from(dir).importInto(g, "m");
      }
    });
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
    assertFalse(e.getMessage().contains("uninitialized value"), e.getMessage());
    return e;
  }

  private static float total(ImportedSavedModel m) {
    try (SignatureOutputs o = m.run("serving_default", Map.of())) {
      return o.get("total", TFloat32.class).getFloat();
    }
  }

  @Test
  void aMissingVariablesFolderIsRefused() throws Exception {
    Path dir = copy("accumulator");
    try (Stream<Path> files = Files.list(dir.resolve("variables"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir.resolve("variables"));
    refused(dir, "variables folder", dir.resolve("variables").toString(), "is missing");
  }

  @Test
  void aMissingIndexIsRefused() throws Exception {
    Path dir = copy("keras3_mlp");
    Files.delete(dir.resolve("variables/variables.index"));
    refused(dir, "checkpoint index", dir.resolve("variables/variables.index").toString(), "is missing");
  }

  @Test
  void aMissingDataFileIsRefused() throws Exception {
    Path dir = copy("keras3_mlp");
    Files.delete(dir.resolve("variables/variables.data-00000-of-00001"));
    refused(dir, "checkpoint data", "variables.data-00000-of-00001", "is missing");
  }

  @Test
  void aTruncatedDataFileIsRefused() throws Exception {
    Path dir = copy("keras3_mlp");
    Path data = dir.resolve("variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    refused(dir, "checkpoint in " + dir.resolve("variables").toAbsolutePath(), "is damaged");
  }

  @Test
  void anIndexThatIsNotACheckpointIsRefused() throws Exception {
    Path dir = copy("accumulator");
    Files.writeString(dir.resolve("variables/variables.index"), "this is not a checkpoint index");
    refused(dir, "checkpoint in " + dir.resolve("variables").toAbsolutePath(), "is damaged");
  }

  @Test
  void aCorruptedDataFileIsRefused() throws Exception {
    Path dir = copy("accumulator");
    Path data = dir.resolve("variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
    Files.write(data, bytes);
    refused(dir, "checkpoint in " + dir.resolve("variables").toAbsolutePath(), "is damaged");
  }

  @Test
  void aMissingInitOpIsRefused() throws Exception {
    Path dir = copy("accumulator");
    editMeta(dir, m -> m.toBuilder().putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder()
        .putOutputs("__saved_model_init_op", TensorInfo.newBuilder().setName("NoSuchInit").build()).build()).build());
    refused(dir, dir.toString(), "init op 'NoSuchInit'", "not a node");
  }

  @Test
  void aMissingRestoreOpIsRefused() throws Exception {
    Path dir = copy("accumulator");
    editMeta(dir, m -> m.toBuilder().setSaverDef(m.getSaverDef().toBuilder().setRestoreOpName("no_restore")).build());
    refused(dir, dir.toString(), "restore op 'no_restore'", "not a node");
  }

  @Test
  void aMissingSaverFilenameTensorIsRefused() throws Exception {
    Path dir = copy("accumulator");
    editMeta(dir, m -> m.toBuilder().setSaverDef(m.getSaverDef().toBuilder().setFilenameTensorName("nofile:0")).build());
    refused(dir, dir.toString(), "filename tensor 'nofile:0'");
  }

  @Test
  void variablesNothingInitialisesAreRefusedNamingThem() throws Exception {
    Path dir = copy("accumulator");
    editMeta(dir, m -> m.toBuilder().clearSaverDef().build());
    refused(dir, "variable(s) [total]", "uninitialised", "no saver_def restore op");
  }

  @Test
  void aMissingAssetIsRefused() throws Exception {
    Path dir = copy("text_vocab");
    Files.delete(dir.resolve("assets/vocab_src.txt"));
    refused(dir, "asset file " + dir.resolve("assets/vocab_src.txt").toAbsolutePath(), "is missing");
  }

  @Test
  void anAssetOutsideTheAssetsFolderIsRefused() throws Exception {
    Path dir = copy("text_vocab");
    Files.writeString(tmp.resolve("secret.txt"), "fox\n");
    editMeta(dir, m -> m.toBuilder().setAssetFileDef(0,
        AssetFileDef.newBuilder(m.getAssetFileDef(0)).setFilename("../../secret.txt")).build());
    refused(dir, "asset '../../secret.txt'", "outside the SavedModel's assets/ folder");
  }

  @Test
  void aSignatureThatDoesNotResolveIsNamedAndTheOthersStayUsable() throws Exception {
    Path dir = copy("accumulator");
    editMeta(dir, m -> m.toBuilder().putSignatureDef("broken", SignatureDef.newBuilder()
        .putOutputs("total", TensorInfo.newBuilder().setName("no_such_node:0")
            .setDtype(org.tensorflow.proto.DataType.DT_FLOAT).build()).build()).build());
    try (ImportedSavedModel m = SavedModelImport.from(dir).importAlone("m")) {
      assertFalse(m.signatures().get("broken").usable());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run("broken", Map.of()));
      assertTrue(e.getMessage().contains("'no_such_node:0', which the graph does not have"), e.getMessage());
      assertEquals(1f, total(m), 0f);
    }
  }

  @Test
  void theIntactFixturesImport() throws Exception {
    try (ImportedSavedModel m = SavedModelImport.from(copy("accumulator")).importAlone("m")) {
      assertEquals(1f, total(m), 0f);
    }
  }
}
