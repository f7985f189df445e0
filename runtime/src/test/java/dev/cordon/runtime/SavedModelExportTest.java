package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.runtime.train.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * The export of an imported graph's function library, on a SavedModel this test writes at run
 * time (so no {@code @Model} can name it at compile time): the model is assembled here as
 * generated code would. The exports of generated models are tested in the integration tests
 * ({@code dev.cordon.it.runtime.SavedModelExportTest}).
 */
class SavedModelExportTest {

  @TempDir Path dir;

  /**
   * A function called only through an attr of another function's attr: the graph calls
   * {@code apply} with {@code f = apply[fn = twice]}, and {@code apply}'s body calls whatever its
   * {@code fn} attr names. {@code twice} appears in no node and in no function body, only inside
   * the caller's {@code NameAttrList}. The import follows such references; the export must too.
   */
  @Test
  void anExportKeepsAFunctionNamedOnlyInsideAnotherFunctionsAttr() throws IOException {
    Path model = SavedModelImportTest.functionAttrSavedModel(dir.resolve("apply_twice"));
    ModelSpec spec = ModelSpec.builder("dev.cordon.runtime.ApplyTwice", "apply")
        .savedModel(model.toString(), "serving_default", "serve")
        .input("x", TFloat32.class)
        .output("y", TFloat32.class)
        .build();
    Path export = dir.resolve("export");
    ModelAssembly b = ModelAssembly.start(spec, spec.scope(), 1, Optimizer.sgd(0.1f), null);
    b.input("x", TFloat32.class);
    b.output("y", b.importedOutput("y", TFloat32.class));
    try (ModelEngine m = b.finish()) {
      try (TFloat32 x = TFloat32.scalarOf(3f); TFloat32 y = m.predict("y", TFloat32.class, x)) {
        assertEquals(6f, y.getFloat(), 0f);
      }
      m.exportSavedModel(export);
    }
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
    List<String> functions = new ArrayList<>();
    saved.getMetaGraphs(0).getGraphDef().getLibrary().getFunctionList()
        .forEach(f -> functions.add(f.getSignature().getName()));
    assertEquals(2, functions.size(), functions.toString());
    assertTrue(functions.stream().anyMatch(f -> f.endsWith("__twice")), functions.toString());
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 x = TFloat32.scalarOf(3f);
        Result r = bundle.function("serving_default").call(Map.of("x", x))) {
      assertEquals(6f, ((TFloat32) r.get("y").get()).getFloat(), 0f);
    }
  }
}
