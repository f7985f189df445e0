package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.ModelBuildException;

import java.lang.reflect.Field;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_ImportGraphDefOptions;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.GraphDef;

/**
 * {@code Graph.importGraphDef} with input mapping, which TF Java 1.1.0 does not expose: the
 * imported graph's tensors named in the map are replaced by existing outputs of the graph. Used to
 * wire a composition's member output into a SavedModel imported in the same graph. Goes through
 * TF's C API; the graph's native handle is read by reflection (TODO: drop once TF Java exposes
 * ImportGraphDefOptions).
 */
final class GraphImports {

  private GraphImports() {}

  /**
   * Imports {@code def} under {@code prefix}; each key of {@code inputMap} ({@code node:index} in
   * {@code def}) is mapped to the given output of {@code graph}. The caller holds the build lock.
   */
  @SuppressWarnings("try") // the PointerScope frees every native object the import allocates
  static void importMapped(Graph graph, GraphDef def, String prefix, Map<String, Output<?>> inputMap) {
    TF_Graph nativeGraph = nativeGraph(graph);
    try (PointerScope scope = new PointerScope()) {
      TF_ImportGraphDefOptions options = TF_ImportGraphDefOptions.newImportGraphDefOptions();
      tensorflow.TF_ImportGraphDefOptionsSetPrefix(options, prefix);
      for (Map.Entry<String, Output<?>> e : inputMap.entrySet()) {
        String tensor = e.getKey();
        int colon = tensor.lastIndexOf(':');
        Output<?> target = e.getValue();
        TF_Output out = new TF_Output();
        out.oper(((GraphOperation) target.op()).getUnsafeNativeHandle()).index(target.index());
        tensorflow.TF_ImportGraphDefOptionsAddInputMapping(
            options, tensor.substring(0, colon), Integer.parseInt(tensor.substring(colon + 1)), out);
      }
      byte[] bytes = def.toByteArray();
      TF_Buffer buffer = TF_Buffer.newBufferFromString(new BytePointer(bytes));
      TF_Status status = TF_Status.newStatus();
      tensorflow.TF_GraphImportGraphDef(nativeGraph, buffer, options, status);
      status.throwExceptionIfNotOK();
    }
  }

  private static TF_Graph nativeGraph(Graph graph) {
    try {
      Field field = Graph.class.getDeclaredField("nativeHandle");
      field.setAccessible(true);
      return (TF_Graph) field.get(graph);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ModelBuildException("cannot wire into a SavedModel import with this TensorFlow Java version: "
          + e.getMessage(), e);
    }
  }
}
