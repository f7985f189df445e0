package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.savedmodel.SavedModelExportException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * One signature of an exported SavedModel, and the rule that gives a model or a composition its
 * signatures ({@link #onePerOutput}).
 *
 * @param key the signature key
 * @param inputs what the signature feeds
 * @param outputs what it fetches
 */
public record ExportSignature(String key, List<Input> inputs, List<Output> outputs) {

  /** The key of the signature that serving tools call by default. */
  public static final String SERVING_DEFAULT = "serving_default";

  /** The method name of every exported signature. */
  static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** A signature input: the fed operand (cut to a placeholder on export) and its declared shape. */
  public record Input(String key, Operand<?> operand, Shape shape) {}

  /** A signature output. */
  public record Output(String key, Operand<?> operand) {}

  public ExportSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * One signature per output, named after it and taking the inputs {@code inputsOf} gives for it,
   * plus {@code serving_default} for the first output. An output named {@code serving_default}
   * other than the first would take the first one's key: refused.
   */
  public static List<ExportSignature> onePerOutput(
      String what, List<Output> outputs, Function<Output, List<Input>> inputsOf) {
    List<ExportSignature> signatures = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Output out = outputs.get(i);
      List<Input> in = inputsOf.apply(out);
      if (i == 0) {
        signatures.add(new ExportSignature(SERVING_DEFAULT, in, List.of(out)));
      }
      if (!out.key().equals(SERVING_DEFAULT)) {
        signatures.add(new ExportSignature(out.key(), in, List.of(out)));
      } else if (i > 0) {
        throw new SavedModelExportException(what + ": output '" + out.key() + "' would take the "
            + "signature key of the first output; declare it first or rename it");
      }
    }
    return signatures;
  }

  /** The {@code SignatureDef} of the exported graph, whose op names are the live graph's. */
  SignatureDef signatureDef() {
    SignatureDef.Builder def = SignatureDef.newBuilder().setMethodName(PREDICT_METHOD);
    for (Input in : inputs) {
      org.tensorflow.Output<?> o = in.operand().asOutput();
      def.putInputs(in.key(), tensorInfo(o.op().name() + ":0", o.dataType(), in.shape()));
    }
    for (Output out : outputs) {
      org.tensorflow.Output<?> o = out.operand().asOutput();
      def.putOutputs(out.key(), tensorInfo(o.op().name() + ":" + o.index(), o.dataType(), o.shape()));
    }
    return def.build();
  }

  private static TensorInfo tensorInfo(String name, DataType dtype, Shape shape) {
    return TensorInfo.newBuilder().setName(name).setDtype(dtype).setTensorShape(GraphDefs.shapeProto(shape)).build();
  }
}
