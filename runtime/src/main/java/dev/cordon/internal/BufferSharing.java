package dev.cordon.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Which fetched tensors may share a buffer with a session's state, and copies of tensors.
 *
 * <p>Measured on TF Java 1.1.0: a fetched tensor shares its buffer with a resource variable read
 * ({@code ReadVariableOp}: the caller writing into it changes the variable), with a reference
 * variable ({@code VariableV2}, {@code Identity} of it, the output of {@code AssignAdd}: the next
 * update changes the caller's tensor), with a {@code Const} (the caller's write changes the
 * constant for every later run), and with a value TensorFlow constant-folds (an output computed
 * from constants alone). A tensor Cordon hands to a caller is the caller's: such outputs are
 * fetched through a {@code DeepCopy}, decided once when the model is built; every other output is
 * fetched as it is (the copy of 4 MiB costs about 0.4 ms, of a scalar a few microseconds).
 *
 * <p>The rule: going back from the fetched tensor through ops that may hand on an input's buffer
 * ({@link #FORWARDING}), a fetch may alias when it reaches a buffer the session keeps
 * ({@link #STATE}), or a function call or functional control flow (unknown here, assumed to), or
 * when it depends on no fed input and no stateful op (it may be folded into a constant). Any other
 * op allocates its output, or forwards only a buffer no one else holds.
 *
 * <p>Not API: used by generated code's support; may change in any release.
 */
public final class BufferSharing {

  /** Ops whose output is a buffer the session keeps. */
  public static final Set<String> STATE = Set.of(
      "Const", "HostConst", "VariableV2", "Variable", "ReadVariableOp", "Assign", "AssignAdd", "AssignSub",
      "ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterNdUpdate", "ScatterNdAdd", "RefIdentity",
      "ImmutableConst");

  /** Ops that may hand on an input's buffer as their output. */
  public static final Set<String> FORWARDING = Set.of(
      "Identity", "IdentityN", "Snapshot", "StopGradient", "PreventGradient", "CheckNumerics", "CheckNumericsV2",
      "EnsureShape", "Reshape", "Squeeze", "ExpandDims", "Bitcast", "Cast", "PlaceholderWithDefault", "Switch",
      "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit", "NextIteration", "RefNextIteration",
      "Print", "StridedSlice", "Slice", "Concat", "ConcatV2", "Transpose", "Tile", "BroadcastTo", "Select",
      "SelectV2", "AddN", "Sum", "Mean", "Prod", "Max", "Min", "All", "Any", "Pad", "PadV2", "MirrorPad",
      "Reverse", "ReverseV2", "Pack", "Unpack", "Split", "SplitV", "Fill", "ZerosLike", "OnesLike",
      "Gather", "GatherV2", "Where", "DynamicStitch", "SpaceToBatchND", "BatchToSpaceND");

  /** Ops whose result is never constant-folded: fed values, state, randomness, tables. */
  public static final Set<String> NOT_FOLDABLE = Set.of(
      "Placeholder", "PlaceholderV2", "PlaceholderWithDefault", "VarHandleOp", "ReadVariableOp", "VariableV2",
      "Variable", "ResourceGather", "ResourceGatherNd", "RandomUniform", "RandomUniformInt", "RandomStandardNormal",
      "TruncatedNormal", "RandomShuffle", "Multinomial", "LookupTableFindV2", "LookupTableFind",
      "LookupTableSizeV2", "LookupTableSize", "LookupTableExportV2", "LookupTableExport", "DeepCopy");

  /** Function calls and functional control flow: their bodies are not looked into here. */
  public static final Set<String> OPAQUE = Set.of(
      "PartitionedCall", "StatefulPartitionedCall", "If", "StatelessIf", "While", "StatelessWhile", "Case",
      "StatelessCase", "SymbolicGradient");

  private static final int MAX_DEPTH = 256;

  private BufferSharing() {}

  /** Whether fetching {@code operand} of a live graph may hand out a buffer its session keeps. */
  public static boolean mayAlias(Operand<?> operand) {
    Output<?> out = operand.asOutput();
    return reachesState(out, 0) || !dynamic((GraphOperation) out.op(), new HashMap<>(), 0);
  }

  private static boolean reachesState(Output<?> out, int depth) {
    GraphOperation op = (GraphOperation) out.op();
    String type = op.type();
    if (depth > MAX_DEPTH || STATE.contains(type) || OPAQUE.contains(type)) {
      return true;
    }
    if (FORWARDING.contains(type)) {
      List<Operand<?>> inputs = op.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        if (mayForward(type, i, inputs.size()) && reachesState(inputs.get(i).asOutput(), depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether input {@code i} of {@code n} of forwarding op {@code type} may be handed on as its
   * output: its data inputs, not the axes, shapes, indices, multiples, paddings or conditions that
   * only steer it (a {@code Sum} over a constant axis does not hand out the constant). Ops not
   * listed here may forward any input.
   */
  static boolean mayForward(String type, int i, int n) {
    return switch (type) {
      // (data, steering...): only the data input is forwarded
      case "Sum", "Mean", "Prod", "Max", "Min", "All", "Any", "Reshape", "ExpandDims", "StridedSlice",
          "Slice", "Transpose", "Tile", "BroadcastTo", "Pad", "MirrorPad", "Reverse", "ReverseV2", "Gather",
          "GatherV2", "SpaceToBatchND", "BatchToSpaceND", "Switch", "RefSwitch", "SplitV", "EnsureShape" -> i == 0;
      case "PadV2" -> i == 0 || i == 2; // the constant value fills the padding
      case "Concat", "Split" -> i > 0; // the axis comes first
      case "ConcatV2" -> i < n - 1; // the axis comes last
      case "Select", "SelectV2" -> i > 0; // the condition comes first
      default -> true;
    };
  }

  private static boolean dynamic(GraphOperation op, Map<String, Boolean> memo, int depth) {
    Boolean known = memo.get(op.name());
    if (known != null) {
      return known;
    }
    boolean dyn = depth > MAX_DEPTH || NOT_FOLDABLE.contains(op.type()) || OPAQUE.contains(op.type());
    if (!dyn) {
      for (Operand<?> in : op.inputs()) {
        if (dynamic((GraphOperation) in.asOutput().op(), memo, depth + 1)) {
          dyn = true;
          break;
        }
      }
    }
    memo.put(op.name(), dyn);
    return dyn;
  }

  /** A copy of {@code tensor} in new native memory, the caller's to close. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Tensor copyOf(Tensor tensor) {
    if (tensor instanceof TString s) {
      return TString.tensorOfBytes(s.asBytes());
    }
    // Tensor.of(type, shape, ByteDataBuffer) allocates a new tensor and copies the bytes in
    return Tensor.of((Class) ((TType) tensor).type(), tensor.shape(), tensor.asRawTensor().data());
  }
}
