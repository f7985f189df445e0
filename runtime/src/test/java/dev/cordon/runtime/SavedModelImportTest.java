package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SavedModelSignature;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import dev.cordon.runtime.savedmodel.UnsafeSavedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
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
import org.tensorflow.types.family.TType;

class SavedModelImportTest {

  static final Path MODELS = Path.of("src/test/resources/savedmodels");
  static final Path HALF_PLUS_TWO = MODELS.resolve("half_plus_two_tf1");
  static final Path HALF_PLUS_THREE = MODELS.resolve("half_plus_three_tf1");
  static final Path TF2 = MODELS.resolve("tf2_python_module");

  @TempDir Path tmp;

  private static float[][] y(ImportedSavedModel m, String signature, String in, String out, float[][] x) {
    try (TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(x));
        SignatureOutputs o = m.run(signature, Map.of(in, t))) {
      return StdArrays.array2dCopyOf(o.get(out, TFloat32.class));
    }
  }

  private static float scalar(ImportedSavedModel m, String signature, String in, float x) {
    try (TFloat32 t = TFloat32.scalarOf(x);
        SignatureOutputs o = m.run(signature, Map.of(in, t))) {
      return o.get("output_0", TFloat32.class).getFloat();
    }
  }

  @Test
  void twoTf1ModelsWithTheSameVariableNamesRunSideBySideInOneGraph() {
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importInto(g, "half_plus_two");
      ImportedSavedModel three = SavedModelImport.from(HALF_PLUS_THREE).importInto(g, "half_plus_three");
      float[][] x = {{1}, {2}, {5}};
      float[][] yTwo = y(two, "serving_default", "x", "y", x);
      float[][] yThree = y(three, "serving_default", "x", "y", x);
      for (int i = 0; i < x.length; i++) {
        assertEquals(0.5f * x[i][0] + 2, yTwo[i][0], 1e-6);
        assertEquals(0.5f * x[i][0] + 3, yThree[i][0], 1e-6);
      }
      // same variable names, separate variables
      assertTrue(g.graph().operation("half_plus_two/a") != null);
      assertTrue(g.graph().operation("half_plus_three/a") != null);
      // no graph initializer registered, no save path imported, no op outside the two scopes
      for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        assertFalse(g.graph().isInitializer(op), op.name());
        assertFalse(op.type().equals("SaveV2") || op.type().equals("MergeV2Checkpoints"), op.name());
        assertTrue(op.name().startsWith("half_plus_two/") || op.name().startsWith("half_plus_three/"), op.name());
      }
      // no edge crosses from one import's scope into the other's
      assertEquals(List.of(), g.audit());
      assertEquals(Map.of("half_plus_two", "half_plus_two_tf1", "half_plus_three", "half_plus_three_tf1"), g.scopes());
      // another signature of the same import: y3 = a2 * x2 + c2 is fed through tf.Example, skip;
      // serving_default again after the other model ran
      assertEquals(4.5f, y(two, "serving_default", "x", "y", new float[][] {{5}})[0][0], 1e-6);
    }
  }

  @Test
  void theMalformedSignatureIsNamedWhileTheGoodOnesWork() {
    try (ImportedSavedModel three = SavedModelImport.from(HALF_PLUS_THREE).importAlone("h3")) {
      SavedModelSignature bad = three.signatures().get("tensorflow/serving/regress");
      assertFalse(bad.usable());
      assertTrue(three.signatures().get("serving_default").usable());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> three.signature("tensorflow/serving/regress"));
      String m = e.getMessage();
      assertTrue(m.contains("'tensorflow/serving/regress'") && m.contains("input 'inputs'")
          && m.contains("DT_FLOAT") && m.contains("DT_STRING"), m);
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, 1))) {
        assertThrows(IllegalArgumentException.class, () -> three.run("tensorflow/serving/regress", Map.of("inputs", t)));
      }
      assertEquals(3.5f, y(three, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> three.signature("nope"));
      assertTrue(unknown.getMessage().contains("serving_default"), unknown.getMessage());
    }
  }

  @Test
  void signaturesAreParsedWithKeysNamesDtypesAndShapes() {
    try (ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importAlone("h2")) {
      SavedModelSignature s = two.signature("serving_default");
      SavedModelSignature.TensorSpec x = s.inputs().get("x");
      assertEquals("x:0", x.tensorName());
      assertEquals(DataType.DT_FLOAT, x.dtype());
      assertArrayEquals(new long[] {-1, 1}, x.shape().asArray());
      assertEquals(Set.of("y"), s.outputs().keySet());
      assertTrue(two.signatures().keySet().containsAll(List.of("classify_x_to_y", "regress_x2_to_y3")));
      assertTrue(two.signatures().values().stream().allMatch(SavedModelSignature::usable));
    }
  }

  @Test
  void runOutputsCheckTheTypeBeforeHandingATensorOutAndCloseEverything() {
    try (ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importAlone("h2");
        TFloat32 x = TFloat32.tensorOf(StdArrays.ndCopyOf(new float[][] {{1}}))) {
      SignatureOutputs o = two.run("serving_default", Map.of("x", x));
      assertEquals(Set.of("y"), o.keys());
      IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
          () -> o.get("y", org.tensorflow.types.TInt32.class));
      assertTrue(wrongType.getMessage().contains("DT_FLOAT") && wrongType.getMessage().contains("TInt32"),
          wrongType.getMessage());
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> o.get("z", TFloat32.class));
      assertTrue(unknown.getMessage().contains("[y]"), unknown.getMessage());
      assertEquals(2.5f, o.get("y", TFloat32.class).getFloat(0, 0), 1e-6);
      o.close();
      o.close();
      assertThrows(IllegalStateException.class, () -> o.get("y", TFloat32.class));
    }
  }

  @Test
  void inputsAreCheckedBeforeNativeCode() {
    try (ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importAlone("h2")) {
      try (TFloat32 wrongShape = TFloat32.tensorOf(Shape.of(2, 3));
          TFloat32 ok = TFloat32.tensorOf(Shape.of(2, 1))) {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
            () -> two.run("serving_default", Map.of("x", wrongShape)));
        assertTrue(shape.getMessage().contains("[-1, 1]") && shape.getMessage().contains("[2, 3]"), shape.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> two.run("serving_default", Map.of()));
        assertTrue(missing.getMessage().contains("'x'"), missing.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
            () -> two.run("serving_default", Map.of("x", ok, "z", ok)));
        assertTrue(extra.getMessage().contains("'z'"), extra.getMessage());
      }
      try (org.tensorflow.types.TInt32 i = org.tensorflow.types.TInt32.tensorOf(Shape.of(2, 1))) {
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
            () -> two.run("serving_default", Map.of("x", i)));
        assertTrue(dtype.getMessage().contains("DT_FLOAT") && dtype.getMessage().contains("DT_INT32"), dtype.getMessage());
      }
    }
  }

  @Test
  void aTf2ModelImportsAndRunsItsFunctions() {
    try (ImportedSavedModel m = SavedModelImport.from(TF2).importAlone("tf2")) {
      try (TFloat32 a = TFloat32.scalarOf(2f);
          TFloat32 b = TFloat32.scalarOf(3.5f);
          SignatureOutputs o = m.run("add", Map.of("a", a, "b", b))) {
        assertEquals(5.5f, o.get("output_0", TFloat32.class).getFloat(), 0f);
      }
      assertEquals(2.0f, scalar(m, "get_variable", "dummy", 0f), 0f);
    }
  }

  @Test
  void twoTf2ImportsInOneGraphKeepTheirOwnFunctionsAndState() {
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel first = SavedModelImport.from(TF2).importInto(g, "first");
      ImportedSavedModel second = SavedModelImport.from(TF2).importInto(g, "team/second");
      assertEquals(2.0f, scalar(first, "get_variable", "dummy", 0f), 0f);
      assertEquals(2.0f, scalar(second, "get_variable", "dummy", 0f), 0f);

      // separate resource variables: different shared_names, and a write to one is not seen by the other
      GraphDef def = g.graph().toGraphDef();
      String s1 = sharedName(def, "first/Variable");
      String s2 = sharedName(def, "team/second/Variable");
      assertEquals("first/Variable", s1);
      assertEquals("team/second/Variable", s2);
      // two copies of each library function, under per-import names
      List<String> functions = new ArrayList<>();
      def.getLibrary().getFunctionList().forEach(f -> functions.add(f.getSignature().getName()));
      assertTrue(functions.stream().anyMatch(f -> f.startsWith("cordon_first_")), functions.toString());
      assertTrue(functions.stream().anyMatch(f -> f.startsWith("cordon_team_second_")), functions.toString());
      assertFalse(functions.stream().anyMatch(f -> f.startsWith("__inference")), functions.toString());

      Ops tf = Ops.create(g.graph()).withSubScope("test_assign");
      Operand<? extends TType> handle = g.graph().operation(first.importedName("Variable")).output(0);
      var assign = tf.assignVariableOp(handle, tf.constant(7f));
      g.handle.session().runner().addTarget(assign).run().close();
      assertEquals(7.0f, scalar(first, "get_variable", "dummy", 0f), 0f);
      assertEquals(2.0f, scalar(second, "get_variable", "dummy", 0f), 0f);
      try (TFloat32 a = TFloat32.scalarOf(1f); TFloat32 b = TFloat32.scalarOf(2f);
          SignatureOutputs o = second.run("add", Map.of("a", a, "b", b))) {
        assertEquals(3f, o.get("output_0", TFloat32.class).getFloat(), 0f);
      }
      assertEquals(List.of(), g.audit());
    }
  }

  private static String sharedName(GraphDef def, String node) {
    for (NodeDef n : def.getNodeList()) {
      if (n.getName().equals(node)) {
        return n.getAttrMap().get("shared_name").getS().toStringUtf8();
      }
    }
    throw new AssertionError("no node " + node);
  }

  @Test
  void unknownTagsListTheAvailableTagSets() {
    ModelBuildException e = assertThrows(ModelBuildException.class,
        () -> SavedModelImport.from(HALF_PLUS_TWO).tags("train").importAlone("x"));
    assertTrue(e.getMessage().contains("[train]") && e.getMessage().contains("[serve]"), e.getMessage());
    ModelBuildException missing = assertThrows(ModelBuildException.class,
        () -> SavedModelImport.from(tmp.resolve("nothing")).importAlone("x"));
    assertTrue(missing.getMessage().contains("saved_model.pb"), missing.getMessage());
  }

  @Test
  void importsFromAClasspathFolderAndFromAJar() throws Exception {
    try (ImportedSavedModel m = SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importAlone("cp")) {
      assertEquals(2.5f, y(m, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
    }
    Path jar = tmp.resolve("models.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        var files = Files.walk(HALF_PLUS_THREE)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new java.util.jar.JarEntry("models/h3/" + HALF_PLUS_THREE.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null);
        ImportedSavedModel m = SavedModelImport.fromResource("/models/h3/", loader).importAlone("jar")) {
      assertEquals(3.5f, y(m, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
    }
    ModelBuildException missing = assertThrows(ModelBuildException.class,
        () -> SavedModelImport.fromResource("savedmodels/nothing_here").importAlone("x"));
    assertTrue(missing.getMessage().contains("savedmodels/nothing_here"), missing.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Security

  /** A SavedModel whose serving_default y = identity(x) first writes {@code target} through WriteFile. */
  private static Path writeFileSavedModel(Path dir, Path target) throws Exception {
    NodeDef x = NodeDef.newBuilder().setName("x").setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    NodeDef filename = stringConst("filename", target.toString());
    NodeDef contents = stringConst("contents", "pwned");
    NodeDef write = NodeDef.newBuilder().setName("sneaky/write").setOp("WriteFile")
        .addInput("filename").addInput("contents").build();
    NodeDef y = NodeDef.newBuilder().setName("y").setOp("Identity").addInput("x").addInput("^sneaky/write")
        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    return xToYSavedModel(dir, GraphDef.newBuilder().addNode(x).addNode(filename).addNode(contents).addNode(write)
        .addNode(y).build(), TensorShapeProto.newBuilder().setUnknownRank(true).build());
  }

  /** Writes a SavedModel of {@code graph} whose serving_default feeds float {@code x:0} and fetches {@code y:0}. */
  private static Path xToYSavedModel(Path dir, GraphDef graph, TensorShapeProto shape) throws java.io.IOException {
    TensorInfo xi = TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).setTensorShape(shape).build();
    TensorInfo yi = TensorInfo.newBuilder().setName("y:0").setDtype(DataType.DT_FLOAT).setTensorShape(shape).build();
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
        .setGraphDef(graph)
        .putSignatureDef("serving_default", SignatureDef.newBuilder().putInputs("x", xi).putOutputs("y", yi)
            .setMethodName("tensorflow/serving/predict").build())
        .build();
    Files.createDirectories(dir);
    Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().addMetaGraphs(meta).build().toByteArray());
    return dir;
  }

  /**
   * A SavedModel whose {@code serving_default} y = apply[fn = twice](x) = 2x: the graph's
   * {@code PartitionedCall} calls {@code apply} with a function-valued attr {@code fn}, and
   * {@code apply}'s body calls {@code fn}. {@code twice} is named only inside that attr.
   */
  static Path functionAttrSavedModel(Path dir) throws java.io.IOException {
    AttrValue floatType = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    AttrValue floatList = AttrValue.newBuilder()
        .setList(AttrValue.ListValue.newBuilder().addType(DataType.DT_FLOAT)).build();
    org.tensorflow.proto.OpDef.ArgDef in = org.tensorflow.proto.OpDef.ArgDef.newBuilder()
        .setName("x").setType(DataType.DT_FLOAT).build();
    org.tensorflow.proto.OpDef.ArgDef out = org.tensorflow.proto.OpDef.ArgDef.newBuilder()
        .setName("y").setType(DataType.DT_FLOAT).build();
    org.tensorflow.proto.FunctionDef twice = org.tensorflow.proto.FunctionDef.newBuilder()
        .setSignature(org.tensorflow.proto.OpDef.newBuilder().setName("twice").addInputArg(in).addOutputArg(out))
        .addNodeDef(NodeDef.newBuilder().setName("sum").setOp("AddV2").addInput("x").addInput("x")
            .putAttr("T", floatType))
        .putRet("y", "sum:z:0")
        .build();
    org.tensorflow.proto.FunctionDef apply = org.tensorflow.proto.FunctionDef.newBuilder()
        .setSignature(org.tensorflow.proto.OpDef.newBuilder().setName("apply").addInputArg(in).addOutputArg(out)
            .addAttr(org.tensorflow.proto.OpDef.AttrDef.newBuilder().setName("fn").setType("func")))
        .addNodeDef(NodeDef.newBuilder().setName("call").setOp("PartitionedCall").addInput("x")
            .putAttr("Tin", floatList).putAttr("Tout", floatList)
            .putAttr("f", AttrValue.newBuilder().setPlaceholder("fn").build()))
        .putRet("y", "call:output:0")
        .build();
    NodeDef x = NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", floatType).build();
    NodeDef call = NodeDef.newBuilder().setName("call").setOp("PartitionedCall").addInput("x")
        .putAttr("Tin", floatList).putAttr("Tout", floatList)
        .putAttr("f", AttrValue.newBuilder().setFunc(org.tensorflow.proto.NameAttrList.newBuilder().setName("apply")
            .putAttr("fn", AttrValue.newBuilder().setFunc(
                org.tensorflow.proto.NameAttrList.newBuilder().setName("twice")).build())).build())
        .build();
    NodeDef y = NodeDef.newBuilder().setName("y").setOp("Identity").addInput("call").putAttr("T", floatType).build();
    GraphDef graph = GraphDef.newBuilder().addNode(x).addNode(call).addNode(y)
        .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(twice).addFunction(apply))
        .build();
    return xToYSavedModel(dir, graph, TensorShapeProto.getDefaultInstance());
  }

  private static NodeDef stringConst(String name, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance()).addStringVal(ByteString.copyFromUtf8(value))).build())
        .build();
  }

  @Test
  void aSavedModelThatWritesFilesIsRefusedAndWritesNothing() throws Exception {
    Path target = tmp.resolve("pwned.txt");
    Path model = writeFileSavedModel(tmp.resolve("evil"), target);
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel two = SavedModelImport.from(HALF_PLUS_TWO).importInto(g, "good");
      int ops = countOps(g.graph());
      UnsafeSavedModelException e = assertThrows(UnsafeSavedModelException.class,
          () -> SavedModelImport.from(model).importInto(g, "evil"));
      assertTrue(e.getMessage().contains("WriteFile") && e.getMessage().contains("'sneaky/write'"), e.getMessage());
      assertEquals(1, e.refusals().size(), e.refusals().toString());
      assertFalse(Files.exists(target));
      assertEquals(ops, countOps(g.graph()));
      assertEquals(2.5f, y(two, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
      // the scope was given back: a safe model can take it
      ImportedSavedModel three = SavedModelImport.from(HALF_PLUS_THREE).importInto(g, "evil");
      assertEquals(3.5f, y(three, "serving_default", "x", "y", new float[][] {{1}})[0][0], 1e-6);
    }
    assertFalse(Files.exists(target));
  }

  @Test
  void wideningTheAllowlistIsExplicitAndThenTheOpRuns() throws Exception {
    // proves the crafted model really writes: refused by default, writes once allowed
    Path target = tmp.resolve("written.txt");
    Path model = writeFileSavedModel(tmp.resolve("evil"), target);
    try (ImportedSavedModel m = SavedModelImport.from(model).allowOps("WriteFile").importAlone("trusted")) {
      assertFalse(Files.exists(target));
      try (TFloat32 t = TFloat32.scalarOf(1f); SignatureOutputs o = m.run("serving_default", Map.of("x", t))) {
        assertEquals(1f, o.get("y", TFloat32.class).getFloat(), 0f);
      }
      assertEquals("pwned", Files.readString(target));
    }
  }

  @Test
  void theSaversFileOpsAreAcceptedOnlyInTheSaversOwnSubgraph() throws Exception {
    // a signature that reaches SaveV2 is refused, although the saver's own SaveV2 is fine
    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(HALF_PLUS_TWO.resolve("saved_model.pb")));
    MetaGraphDef meta = sm.getMetaGraphs(0);
    TensorInfo save = TensorInfo.newBuilder().setName("save/Identity:0").setDtype(DataType.DT_STRING).build();
    MetaGraphDef evil = meta.toBuilder().putSignatureDef("save_anywhere",
        SignatureDef.newBuilder().putOutputs("out", save).build()).build();
    Path dir = tmp.resolve("saving");
    Files.createDirectories(dir);
    Files.write(dir.resolve("saved_model.pb"), sm.toBuilder().setMetaGraphs(0, evil).build().toByteArray());
    UnsafeSavedModelException e = assertThrows(UnsafeSavedModelException.class,
        () -> SavedModelImport.from(dir).importAlone("saving"));
    assertTrue(e.getMessage().contains("SaveV2 (node 'save/SaveV2')")
        && e.getMessage().contains("MergeV2Checkpoints"), e.getMessage());
  }

  @Test
  void aRestoreOpReadingAnotherCheckpointIsRefused() throws Exception {
    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(HALF_PLUS_TWO.resolve("saved_model.pb")));
    MetaGraphDef meta = sm.getMetaGraphs(0);
    GraphDef.Builder graph = meta.getGraphDef().toBuilder();
    graph.addNode(stringConst("elsewhere", "/tmp/some/other/checkpoint"));
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (graph.getNode(i).getName().equals("save/RestoreV2")) {
        graph.setNode(i, graph.getNode(i).toBuilder().setInput(0, "elsewhere"));
      }
    }
    Path dir = tmp.resolve("reading");
    Files.createDirectories(dir);
    Files.write(dir.resolve("saved_model.pb"),
        sm.toBuilder().setMetaGraphs(0, meta.toBuilder().setGraphDef(graph)).build().toByteArray());
    UnsafeSavedModelException e = assertThrows(UnsafeSavedModelException.class,
        () -> SavedModelImport.from(dir).importAlone("reading"));
    assertTrue(e.getMessage().contains("RestoreV2 (node 'save/RestoreV2')") && e.getMessage().contains("'elsewhere'"),
        e.getMessage());
  }

  @Test
  void rootNodesNamedInitAreNotRegisteredAsGraphInitializers() throws Exception {
    // TF Java registers every imported op named <prefix>/Init... as a graph initializer, which a
    // session runs before any run of any model in the graph.
    NodeDef x = NodeDef.newBuilder().setName("x").setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    NodeDef init = NodeDef.newBuilder().setName("Init").setOp("Identity").addInput("x")
        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    NodeDef y = NodeDef.newBuilder().setName("Initial_y").setOp("Identity").addInput("Init:0")
        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    TensorInfo xi = TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).build();
    TensorInfo yi = TensorInfo.newBuilder().setName("Initial_y:0").setDtype(DataType.DT_FLOAT).build();
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
        .setGraphDef(GraphDef.newBuilder().addNode(x).addNode(init).addNode(y))
        .putSignatureDef("serving_default", SignatureDef.newBuilder().putInputs("x", xi).putOutputs("y", yi).build())
        .build();
    Path dir = tmp.resolve("init");
    Files.createDirectories(dir);
    Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().addMetaGraphs(meta).build().toByteArray());
    try (SharedGraph g = SharedGraph.create()) {
      ImportedSavedModel m = SavedModelImport.from(dir).importInto(g, "m");
      for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        assertFalse(g.graph().isInitializer(op), op.name());
      }
      assertEquals("m/cordon.renamed.Init:0", m.importedName("Init:0"));
      try (TFloat32 t = TFloat32.scalarOf(4f); SignatureOutputs o = m.run("serving_default", Map.of("x", t))) {
        assertEquals(4f, o.get("y", TFloat32.class).getFloat(), 0f);
      }
    }
  }

  private static int countOps(Graph g) {
    int n = 0;
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
