package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.savedmodel.SavedModelSignature;
import dev.cordon.runtime.savedmodel.SavedModelSignature.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Checks each signature of an import against the imported graph: every tensor exists, is dense,
 * and has the declared dtype. A bad signature does not refuse the bundle: it is kept with its
 * problems, and the others stay usable.
 */
final class SignatureChecks {

  private SignatureChecks() {}

  /** The signatures by key, in key order, each with its problems. */
  static Map<String, SavedModelSignature> check(Graph graph, Map<String, SignatureDef> signatures, ImportedNames names) {
    Map<String, SavedModelSignature> out = new LinkedHashMap<>();
    for (Map.Entry<String, SignatureDef> e : new TreeMap<>(signatures).entrySet()) {
      List<String> problems = new ArrayList<>();
      Map<String, TensorSpec> inputs = specs(graph, names, "input", e.getValue().getInputsMap(), problems);
      Map<String, TensorSpec> outputs = specs(graph, names, "output", e.getValue().getOutputsMap(), problems);
      out.put(e.getKey(), new SavedModelSignature(e.getKey(), e.getValue().getMethodName(), inputs, outputs, problems));
    }
    return out;
  }

  private static Map<String, TensorSpec> specs(
      Graph graph, ImportedNames names, String kind, Map<String, TensorInfo> infos, List<String> problems) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, TensorInfo> e : new TreeMap<>(infos).entrySet()) {
      TensorInfo info = e.getValue();
      String key = e.getKey();
      if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
        problems.add(kind + " '" + key + "' is a " + info.getEncodingCase() + " tensor; only dense tensors are supported");
        specs.put(key, new TensorSpec(key, "", info.getDtype(), Shape.unknown()));
        continue;
      }
      String tensor = info.getName();
      specs.put(key, new TensorSpec(key, tensor, info.getDtype(),
          info.hasTensorShape() ? GraphDefs.shape(info.getTensorShape()) : Shape.unknown()));
      String opName = GraphDefs.opName(tensor);
      GraphOperation op = graph.operation(names.of(opName));
      int index = GraphDefs.outputIndex(tensor);
      if (op == null) {
        problems.add(kind + " '" + key + "' names tensor '" + tensor + "', which the graph does not have");
      } else if (index >= op.numOutputs()) {
        problems.add(kind + " '" + key + "' names tensor '" + tensor + "', but op '" + opName
            + "' has " + op.numOutputs() + " output(s)");
      } else {
        DataType actual = op.output(index).dataType();
        if (actual != info.getDtype()) {
          problems.add(kind + " '" + key + "' (tensor '" + tensor + "') declares " + info.getDtype()
              + " but the graph's tensor is " + actual);
        }
      }
    }
    return specs;
  }
}
