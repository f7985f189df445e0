package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import dev.cordon.runtime.savedmodel.UnsafeSavedModelException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Lookup tables filled from the SavedModel's own assets are accepted; a table initialiser reading
 * any other file is refused before anything runs. Outputs that may share a buffer with a variable
 * or a constant are copied, the others not. The SavedModels here are written from Java protos.
 */
class SavedModelTablesAndAliasingTest {

  @TempDir Path tmp;

  static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  static AttrValue s(String v) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(v)).build();
  }

  static AttrValue i(long v) {
    return AttrValue.newBuilder().setI(v).build();
  }

  static NodeDef node(String name, String op, Map<String, AttrValue> attrs, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).putAllAttr(attrs).addAllInput(List.of(inputs)).build();
  }

  static NodeDef stringConst(String name, String value) {
    return node(name, "Const", Map.of("dtype", type(DataType.DT_STRING), "value", AttrValue.newBuilder()
        .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING).setTensorShape(TensorShapeProto.getDefaultInstance())
            .addStringVal(ByteString.copyFromUtf8(value))).build()));
  }

  static NodeDef floatConst(String name, float... values) {
    TensorShapeProto shape = values.length == 1 ? TensorShapeProto.getDefaultInstance()
        : TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)).build();
    TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape);
    for (float v : values) {
      t.addFloatVal(v);
    }
    return node(name, "Const", Map.of("dtype", type(DataType.DT_FLOAT), "value", AttrValue.newBuilder().setTensor(t).build()));
  }

  static TensorInfo info(String name, DataType t) {
    return TensorInfo.newBuilder().setName(name).setDtype(t).build();
  }

  static void write(Path dir, MetaGraphDef meta) throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().addMetaGraphs(meta).build().toByteArray());
  }

  /**
   * A TF1-style text model: a HashTableV2 filled by InitializeTableFromTextFileV2 from
   * {@code pathNode} (a constant path, or the asset placeholder), read by LookupTableFindV2.
   */
  static MetaGraphDef tableModel(NodeDef pathNode, boolean asAsset) {
    GraphDef.Builder g = GraphDef.newBuilder()
        .addNode(node("table", "HashTableV2", Map.of("key_dtype", type(DataType.DT_STRING),
            "value_dtype", type(DataType.DT_INT64), "shared_name", s(""), "container", s(""))))
        .addNode(pathNode)
        .addNode(node("init", "InitializeTableFromTextFileV2", Map.of("key_index", i(-2), "value_index", i(-1),
            "vocab_size", i(-1), "delimiter", s("\t")), "table", pathNode.getName()))
        .addNode(node("tokens", "Placeholder", Map.of("dtype", type(DataType.DT_STRING))))
        .addNode(node("default", "Const", Map.of("dtype", type(DataType.DT_INT64), "value", AttrValue.newBuilder()
            .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_INT64)
                .setTensorShape(TensorShapeProto.getDefaultInstance()).addInt64Val(-1)).build())))
        .addNode(node("ids", "LookupTableFindV2", Map.of("Tin", type(DataType.DT_STRING), "Tout", type(DataType.DT_INT64)),
            "table", "tokens", "default"));
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
        .setGraphDef(g)
        .putSignatureDef("serving_default", SignatureDef.newBuilder()
            .putInputs("tokens", info("tokens:0", DataType.DT_STRING)).putOutputs("ids", info("ids:0", DataType.DT_INT64)).build())
        .putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder()
            .putOutputs("__saved_model_init_op", TensorInfo.newBuilder().setName("init").build()).build());
    if (asAsset) {
      meta.addAssetFileDef(AssetFileDef.newBuilder().setTensorInfo(info(pathNode.getName() + ":0", DataType.DT_STRING))
          .setFilename("vocab.txt"));
    }
    return meta.build();
  }

  static long[] ids(ImportedSavedModel m, String... tokens) {
    try (TString in = TString.tensorOf(NdArrays.vectorOfObjects(tokens));
        SignatureOutputs o = m.run("serving_default", Map.of("tokens", in))) {
      TInt64 ids = o.get("ids", TInt64.class);
      long[] out = new long[tokens.length];
      for (int k = 0; k < out.length; k++) {
        out[k] = ids.getLong(k);
      }
      return out;
    }
  }

  @Test
  void aTableFilledFromItsOwnAssetWorks() throws Exception {
    Path dir = tmp.resolve("asset_table");
    write(dir, tableModel(node("vocab_path", "Placeholder", Map.of("dtype", type(DataType.DT_STRING))), true));
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("assets/vocab.txt"), "alpha\nbeta\ngamma\n");
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel a = SavedModelImport.from(dir).importInto(g, "a");
      ImportedSavedModel b = SavedModelImport.from(dir).importInto(g, "b");
      assertEquals(List.of(2L, -1L, 0L), List.of(box(ids(a, "gamma", "delta", "alpha"))));
      assertEquals(List.of(1L), List.of(box(ids(b, "beta"))));
    }
  }

  @Test
  void aTableInitialiserReadingAFileOutsideItsAssetsIsRefusedAndNeverOpensIt() throws Exception {
    // The file is a named pipe with a writer waiting: whoever opens it for reading releases the
    // writer, so a writer still waiting after the refusal proves nobody opened it.
    Path fifo = tmp.resolve("secret-vocab");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write("secret\n".getBytes());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Path dir = tmp.resolve("evil_table");
    write(dir, tableModel(stringConst("vocab_path", fifo.toString()), false));
    try (SharedGraph g = SharedGraph.create()) {
      UnsafeSavedModelException e = assertThrows(UnsafeSavedModelException.class,
          () -> SavedModelImport.from(dir).importInto(g, "evil"));
      assertTrue(e.getMessage().contains("InitializeTableFromTextFileV2 (node 'init')")
          && e.getMessage().contains("reads '" + fifo + "' (constant 'vocab_path'), a path outside the SavedModel's assets")
          && e.getMessage().contains("Nothing was read"), e.getMessage());
      assertEquals(1, e.refusals().size(), e.refusals().toString());
      assertFalse(hasOpsUnder(g, "evil"));
    }
    Thread.sleep(200);
    assertFalse(writer.isDone(), "the pipe was opened");
    // release the writer: open the pipe ourselves
    assertEquals("secret", Files.readAllLines(fifo).get(0));
    writer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theCraftedTableModelReallyReadsItsPathOnceAllowed() throws Exception {
    // proves the refused model above would read the file: with the op allowed explicitly, it does
    Path vocab = tmp.resolve("outside.txt");
    Files.writeString(vocab, "x\ny\n");
    Path dir = tmp.resolve("trusted_table");
    write(dir, tableModel(stringConst("vocab_path", vocab.toString()), false));
    try (ImportedSavedModel m = SavedModelImport.from(dir).allowOps("InitializeTableFromTextFileV2").importAlone("t")) {
      assertEquals(List.of(1L, -1L), List.of(box(ids(m, "y", "z"))));
    }
  }

  @Test
  void aTableFileComputedFromASignatureInputIsRefused() throws Exception {
    // the asset placeholder doubles as a signature input: a caller could feed any path
    Path dir = tmp.resolve("fed_table");
    MetaGraphDef meta = tableModel(node("vocab_path", "Placeholder", Map.of("dtype", type(DataType.DT_STRING))), true);
    meta = meta.toBuilder().putSignatureDef("path", SignatureDef.newBuilder()
        .putInputs("p", info("vocab_path:0", DataType.DT_STRING)).putOutputs("ids", info("ids:0", DataType.DT_INT64)).build())
        .build();
    write(dir, meta);
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("assets/vocab.txt"), "alpha\n");
    UnsafeSavedModelException e = assertThrows(UnsafeSavedModelException.class,
        () -> SavedModelImport.from(dir).importAlone("fed"));
    assertTrue(e.getMessage().contains("InitializeTableFromTextFileV2 (node 'init')")
        && e.getMessage().contains("'vocab_path' (Placeholder)"), e.getMessage());
  }

  private static Long[] box(long[] v) {
    Long[] out = new Long[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k];
    }
    return out;
  }

  /** A TF1 accumulator on a reference variable, and a signature returning a constant. */
  static MetaGraphDef refAccumulator() {
    Map<String, AttrValue> f = Map.of("T", type(DataType.DT_FLOAT));
    GraphDef.Builder g = GraphDef.newBuilder()
        .addNode(node("v", "VariableV2", Map.of("dtype", type(DataType.DT_FLOAT), "shape",
            AttrValue.newBuilder().setShape(TensorShapeProto.getDefaultInstance()).build(), "shared_name", s(""),
            "container", s(""))))
        .addNode(floatConst("one", 1f))
        .addNode(node("assign", "Assign", f, "v", "one"))
        .addNode(node("amount", "Placeholder", Map.of("dtype", type(DataType.DT_FLOAT))))
        .addNode(node("add", "AssignAdd", f, "v", "amount"))
        .addNode(node("added", "Identity", f, "add"))
        .addNode(node("read", "Identity", f, "v"))
        .addNode(floatConst("c", 1f, 2f))
        .addNode(node("const_out", "Identity", f, "c"))
        .addNode(node("x", "Placeholder", Map.of("dtype", type(DataType.DT_FLOAT))))
        .addNode(node("doubled", "Add", f, "x", "x"));
    return MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
        .setGraphDef(g)
        .putSignatureDef("read", SignatureDef.newBuilder().putOutputs("total", info("read:0", DataType.DT_FLOAT)).build())
        .putSignatureDef("add", SignatureDef.newBuilder().putInputs("amount", info("amount:0", DataType.DT_FLOAT))
            .putOutputs("total", info("added:0", DataType.DT_FLOAT)).build())
        .putSignatureDef("const", SignatureDef.newBuilder().putOutputs("c", info("const_out:0", DataType.DT_FLOAT)).build())
        .putSignatureDef("double", SignatureDef.newBuilder().putInputs("x", info("x:0", DataType.DT_FLOAT))
            .putOutputs("y", info("doubled:0", DataType.DT_FLOAT)).build())
        .putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder()
            .putOutputs("__saved_model_init_op", TensorInfo.newBuilder().setName("assign").build()).build())
        .build();
  }

  @Test
  void aRefVariableReadReturnedToTheCallerNeverChanges() throws Exception {
    Path dir = tmp.resolve("ref_acc");
    write(dir, refAccumulator());
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel m = SavedModelImport.from(dir).importInto(g, "acc");
      try (SignatureOutputs read = m.run("read", Map.of());
          TFloat32 two = TFloat32.scalarOf(2f);
          SignatureOutputs added = m.run("add", Map.of("amount", two))) {
        TFloat32 before = read.get("total", TFloat32.class);
        TFloat32 after = added.get("total", TFloat32.class);
        try (SignatureOutputs again = m.run("add", Map.of("amount", two))) {
          assertEquals(5f, again.get("total", TFloat32.class).getFloat(), 0f);
        }
        assertEquals(1f, before.getFloat(), 0f, "a read of the ref variable changed under the caller");
        assertEquals(3f, after.getFloat(), 0f, "an AssignAdd result changed under the caller");
      }
      // a returned constant written into by the caller leaves the constant alone
      try (SignatureOutputs c = m.run("const", Map.of())) {
        c.get("c", TFloat32.class).setFloat(99f, 0);
      }
      try (SignatureOutputs c = m.run("const", Map.of())) {
        assertEquals(1f, c.get("c", TFloat32.class).getFloat(0), 0f);
      }
      // copies only where they can alias: read, add, const; not double (computed from the input)
      assertEquals(3, copies(g, "acc").size(), copies(g, "acc").toString());
      try (TFloat32 x = TFloat32.scalarOf(4f); SignatureOutputs o = m.run("double", Map.of("x", x))) {
        assertEquals(8f, o.get("y", TFloat32.class).getFloat(), 0f);
      }
    }
  }

  @Test
  void theTf221FixturesGetCopiesOnlyForTheAccumulatorsTotals() {
    try (SharedGraph g = SharedGraph.create()) {
      SavedModelImport.fromResource(SavedModelTf221Test.ROOT + "keras3_mlp").importInto(g, "mlp");
      SavedModelImport.fromResource(SavedModelTf221Test.ROOT + "text_vocab").importInto(g, "text");
      SavedModelImport.fromResource(SavedModelTf221Test.ROOT + "accumulator").importInto(g, "acc");
      assertEquals(List.of(), copies(g, "mlp"));
      assertEquals(List.of(), copies(g, "text"));
      assertEquals(2, copies(g, "acc").size(), copies(g, "acc").toString()); // add's total, serving_default's total
    }
  }

  static List<String> copies(SharedGraph g, String scope) {
    List<String> out = new ArrayList<>();
    for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.name().startsWith(scope + "/cordon.copy/")) {
        out.add(op.name());
      }
    }
    return out;
  }

  static boolean hasOpsUnder(SharedGraph g, String scope) {
    for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
      if (it.next().name().startsWith(scope + "/")) {
        return true;
      }
    }
    return false;
  }
}
