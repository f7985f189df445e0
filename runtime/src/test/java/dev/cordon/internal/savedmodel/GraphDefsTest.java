package dev.cordon.internal.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.savedmodel.SavedModelExportException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GradientDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/** The GraphDef helpers the import and the export share. */
class GraphDefsTest {

  private static FunctionDef function(String name, NodeDef... body) {
    FunctionDef.Builder f = FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName(name));
    for (NodeDef n : body) {
      f.addNodeDef(n);
    }
    return f.build();
  }

  private static AttrValue func(String name, Map<String, AttrValue> attrs) {
    return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name).putAllAttr(attrs)).build();
  }

  private static NodeDef call(String name, String op, String attr, AttrValue value) {
    return NodeDef.newBuilder().setName(name).setOp(op).putAttr(attr, value).build();
  }

  @Test
  void functionsAreFollowedThroughOpTypesAttrsBodiesAndNestedAttrs() {
    Map<String, FunctionDef> functions = GraphDefs.functions(FunctionDefLibrary.newBuilder()
        // the graph calls wrapper; wrapper's body calls add through a PartitionedCall's f
        .addFunction(function("wrapper", call("c", "PartitionedCall", "f", func("add", Map.of()))))
        .addFunction(function("add"))
        // a While whose body names loop_body; loop_body calls step as an op
        .addFunction(function("loop_body", NodeDef.newBuilder().setName("s").setOp("step").build()))
        .addFunction(function("step"))
        // apply is called with fn = twice: twice is named only inside the caller's attr
        .addFunction(function("apply"))
        .addFunction(function("twice"))
        .addFunction(function("unused"))
        .build());
    List<NodeDef> graph = List.of(
        call("w", "PartitionedCall", "f", func("wrapper", Map.of())),
        call("loop", "While", "body", func("loop_body", Map.of())),
        call("a", "PartitionedCall", "f", func("apply", Map.of("fn", func("twice", Map.of())))));
    assertEquals(Set.of("wrapper", "add", "loop_body", "step", "apply", "twice"),
        GraphDefs.functionsReached(graph, functions));
    assertEquals(Set.of("apply", "twice"), GraphDefs.functionRefs(graph.get(2), functions));
  }

  @Test
  void aSubLibraryKeepsTheGradientsBetweenKeptFunctions() {
    FunctionDefLibrary library = FunctionDefLibrary.newBuilder()
        .addFunction(function("f")).addFunction(function("f_grad")).addFunction(function("g"))
        .addGradient(GradientDef.newBuilder().setFunctionName("f").setGradientFunc("f_grad"))
        .addGradient(GradientDef.newBuilder().setFunctionName("g").setGradientFunc("f_grad"))
        .build();
    FunctionDefLibrary kept = GraphDefs.subLibrary(library, Set.of("f", "f_grad"));
    assertEquals(2, kept.getFunctionCount());
    assertEquals(1, kept.getGradientCount());
    assertEquals("f", kept.getGradient(0).getFunctionName());
  }

  @Test
  void namesAndClosures() {
    assertEquals("a/b", GraphDefs.opName("^a/b"));
    assertEquals("a/b", GraphDefs.opName("a/b:1"));
    assertEquals(1, GraphDefs.outputIndex("a/b:1"));
    assertEquals(0, GraphDefs.outputIndex("a/b"));
    assertEquals("a:0", GraphDefs.tensorName("a"));
    Map<String, NodeDef> nodes = Map.of(
        "x", NodeDef.newBuilder().setName("x").setOp("Placeholder").addInput("upstream").build(),
        "y", NodeDef.newBuilder().setName("y").setOp("Identity").addInput("x:0").addInput("^c").build(),
        "c", NodeDef.newBuilder().setName("c").setOp("NoOp").build());
    assertEquals(Set.of("x", "y", "c"), GraphDefs.inputClosure(nodes, List.of("y"), Set.of("x"), m -> {
      throw new AssertionError(m);
    }));
    StringBuilder missing = new StringBuilder();
    assertEquals(Set.of("x", "y", "c"), GraphDefs.inputClosure(nodes, List.of("y"), Set.of(), missing::append));
    assertEquals("upstream", missing.toString());
  }

  @Test
  void functionPrefixesArePerScope() {
    String prefix = ImportRewrite.functionPrefix("team/second");
    assertTrue(prefix.startsWith("cordon_team_second_") && prefix.endsWith("__"), prefix);
    assertTrue(!prefix.equals(ImportRewrite.functionPrefix("team_second")), "the hash tells them apart");
  }

  @Test
  void oneSignaturePerOutputPlusServingDefaultForTheFirst() {
    List<ExportSignature.Input> in = List.of();
    List<ExportSignature> signatures = ExportSignature.onePerOutput("M",
        List.of(new ExportSignature.Output("y", null), new ExportSignature.Output("z", null)), out -> in);
    assertEquals(List.of("serving_default", "y", "z"), signatures.stream().map(ExportSignature::key).toList());
    assertEquals("y", signatures.get(0).outputs().get(0).key());
    // an output named serving_default: fine first (one signature), refused later
    assertEquals(List.of("serving_default"), ExportSignature.onePerOutput("M",
        List.of(new ExportSignature.Output("serving_default", null)), out -> in).stream()
        .map(ExportSignature::key).toList());
    SavedModelExportException e = assertThrows(SavedModelExportException.class, () -> ExportSignature.onePerOutput("M",
        List.of(new ExportSignature.Output("y", null), new ExportSignature.Output("serving_default", null)), out -> in));
    assertTrue(e.getMessage().startsWith("M: output 'serving_default' would take"), e.getMessage());
  }
}
