package dev.cordon.internal.savedmodel;

import java.util.HashSet;
import java.util.Set;

/**
 * The op types a SavedModel import accepts by default, and the saver's file ops that it accepts
 * only in the saver's own subgraph.
 *
 * <p>A SavedModel is a program: its graph can read and write files ({@code ReadFile},
 * {@code WriteFile}, {@code MatchingFiles}, readers, datasets, summary writers, {@code PrintV2}
 * with a {@code file://} stream, {@code ImmutableConst} memory-maps a file), call back into Python
 * ({@code PyFunc}, {@code EagerPyFunc}), or talk to other processes ({@code Send}/{@code Recv},
 * collectives, {@code Rpc}). The default is therefore an <em>allowlist</em>, not a denylist: every
 * op type not named below is refused, so an op added to TensorFlow later is refused until someone
 * looks at it. {@code SavedModelImport.allowOps} widens the list explicitly; {@link OpPolicy} applies it.
 *
 * <p>The default list holds ops that compute only on their inputs and on the import's own state:
 * arithmetic, comparisons, reductions, shapes and slicing, neural-network kernels, random numbers,
 * string manipulation in memory, {@code ParseExample} (it parses a fed string, it opens nothing),
 * control flow, function calls (whose bodies are checked op by op, like the graph), and variables
 * (resource and reference) — whose {@code shared_name} the import rewrites per import.
 *
 * <p>The saver's ops are special. {@code RestoreV2}/{@code Restore}/{@code RestoreSlice} read
 * checkpoint files; they are accepted only where nothing but the MetaGraph's restore op
 * ({@code saver_def.restore_op_name}) reaches them, and the import feeds that subgraph's filename
 * tensor with the SavedModel's own {@code variables/variables} prefix. {@code SaveV2}/{@code Save}/
 * {@code SaveSlices}/{@code MergeV2Checkpoints} write files; they are accepted only where no
 * signature, no init op and no restore op reaches them: that part of the graph is the saver's
 * save path, and the import drops it (Cordon never imports a node that writes a file).
 *
 * <p>Lookup tables ({@link #TABLE_OPS}) are in-memory state like variables: the import rewrites
 * each table's {@code shared_name} per import, so two imports never share a table, and nothing in
 * them opens a file. Mutable tables ({@code MutableHashTableV2} and the like, with insert, remove,
 * import and export) are accepted on the same ground as resource variables with their assign ops:
 * the state is the import's own and lives in memory; their checkpointing goes through the saver
 * like any variable. The one table op that reads a file, {@link #TABLE_FILE_INITIALIZERS}, is
 * accepted only where its file name comes from one of the SavedModel's own assets (an
 * {@code asset_file_def} placeholder, which the import feeds with a file under {@code assets/}),
 * directly or through {@code Identity} ops, function arguments, or a resource variable that
 * nothing but such an asset ever writes; a constant path, or any other computed one, is refused
 * naming the node and the path before anything runs.
 */
public final class SavedModelOps {

  private SavedModelOps() {}

  /** Checkpoint readers: accepted only in the subgraph reached from the saver's restore op alone. */
  public static final Set<String> RESTORE_OPS = Set.of("RestoreV2", "Restore", "RestoreSlice");

  /** Checkpoint writers: accepted only in the saver's save path, which the import drops. */
  public static final Set<String> SAVE_OPS = Set.of("SaveV2", "Save", "SaveSlices", "MergeV2Checkpoints");

  /** Table initialisers that read a file: accepted only when the file is an asset of the SavedModel. */
  public static final Set<String> TABLE_FILE_INITIALIZERS =
      Set.of("InitializeTableFromTextFileV2", "InitializeTableFromTextFile");

  /** Lookup-table ops, all in memory, accepted by default (they are part of {@link #DEFAULT_ALLOWED}). */
  public static final Set<String> TABLE_OPS = Set.of(
      "HashTableV2", "HashTable", "MutableHashTableV2", "MutableHashTable", "MutableHashTableOfTensorsV2",
      "MutableHashTableOfTensors", "MutableDenseHashTableV2", "AnonymousHashTable", "AnonymousMutableHashTable",
      "AnonymousMutableHashTableOfTensors", "AnonymousMutableDenseHashTable", "InitializeTableV2",
      "InitializeTable", "LookupTableFindV2", "LookupTableFind", "LookupTableSizeV2", "LookupTableSize",
      "LookupTableImportV2", "LookupTableImport", "LookupTableExportV2", "LookupTableExport",
      "LookupTableInsertV2", "LookupTableInsert", "LookupTableRemoveV2");

  /**
   * Stateful ops whose {@code shared_name} attr names their state in the session: the import
   * gives each one a per-import name, adding the attr where the GraphDef leaves it out.
   */
  public static final Set<String> SHARED_NAME_OPS = Set.of(
      "VarHandleOp", "VariableV2", "HashTableV2", "HashTable", "MutableHashTableV2", "MutableHashTable",
      "MutableHashTableOfTensorsV2", "MutableHashTableOfTensors", "MutableDenseHashTableV2");

  /** The op types accepted anywhere in an imported graph or function by default. */
  public static final Set<String> DEFAULT_ALLOWED = union(Set.of(
      // constants, placeholders, identities, no-ops
      "Const", "HostConst", "Placeholder", "PlaceholderWithDefault", "PlaceholderV2", "Identity",
      "IdentityN", "DeepCopy", "NoOp", "StopGradient", "PreventGradient", "Snapshot", "CheckNumerics",
      "CheckNumericsV2", "Assert", "EnsureShape",
      // variables (reference and resource)
      "VariableV2", "Variable", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized",
      "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp",
      "AssignSubVariableOp", "VarIsInitializedOp", "DestroyResourceOp", "ResourceGather",
      "ResourceGatherNd", "ResourceScatterAdd", "ResourceScatterSub", "ResourceScatterUpdate",
      "ScatterAdd", "ScatterSub", "ScatterUpdate", "ScatterNdUpdate", "ScatterNdAdd",
      "ResourceApplyGradientDescent", "ApplyGradientDescent", "ResourceApplyAdam", "ApplyAdam",
      "ResourceApplyMomentum", "ApplyMomentum", "ResourceApplyKerasMomentum",
      "ResourceApplyRMSProp", "ResourceApplyAdagrad", "ResourceApplyAdagradV2",
      // functions and control flow (function bodies are checked op by op)
      "PartitionedCall", "StatefulPartitionedCall", "If", "StatelessIf", "While", "StatelessWhile",
      "Case", "StatelessCase", "Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond",
      "RefSwitch", "RefMerge", "RefEnter", "RefExit", "RefNextIteration", "RefIdentity",
      "ControlTrigger", "SymbolicGradient",
      // arithmetic and math
      "Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv", "FloorDiv",
      "FloorMod", "TruncateDiv", "TruncateMod", "Mod", "Pow", "Neg", "Abs", "Sign", "Reciprocal",
      "Inv", "Square", "Sqrt", "Rsqrt", "Exp", "Expm1", "Log", "Log1p", "Sin", "Cos", "Tan",
      "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Erf",
      "Erfc", "Lgamma", "Digamma", "Floor", "Ceil", "Round", "Rint", "Maximum", "Minimum",
      "SquaredDifference", "Xlogy", "Xdivy", "IsNan", "IsInf", "IsFinite", "ClipByValue",
      "MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum", "Cumsum", "Cumprod",
      "Sum", "Mean", "Prod", "Max", "Min", "All", "Any", "ArgMax", "ArgMin", "Equal", "NotEqual",
      "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot",
      "Select", "SelectV2", "Cast", "Bitcast", "BiasAdd", "BiasAddV1", "BiasAddGrad",
      "Range", "LinSpace", "Bucketize", "TopKV2", "InTopKV2", "SegmentSum", "UnsortedSegmentSum",
      "UnsortedSegmentMax", "UnsortedSegmentMin", "BroadcastArgs", "BroadcastGradientArgs",
      // shapes, slicing, gathering
      "Shape", "ShapeN", "Size", "Rank", "Reshape", "Squeeze", "ExpandDims", "Transpose", "Fill",
      "ZerosLike", "OnesLike", "Pack", "Unpack", "Concat", "ConcatV2", "ConcatOffset", "Split",
      "SplitV", "Slice", "StridedSlice", "StridedSliceGrad", "Tile", "Pad", "PadV2",
      "MirrorPad", "Gather", "GatherV2", "GatherNd", "ScatterNd", "TensorScatterUpdate",
      "TensorScatterAdd", "Where", "Reverse", "ReverseV2", "BroadcastTo", "OneHot", "Unique",
      "DynamicStitch", "DynamicPartition", "InvertPermutation", "MatrixDiag", "MatrixDiagV3",
      "MatrixDiagPart", "MatrixDiagPartV3", "MatrixBandPart", "Diag", "DiagPart", "SpaceToBatchND",
      "BatchToSpaceND", "DepthToSpace", "SpaceToDepth", "ReverseSequence", "Cross",
      // neural-network kernels
      "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "Sigmoid", "Softmax",
      "LogSoftmax", "Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter", "Conv3D",
      "DepthwiseConv2dNative", "MaxPool", "MaxPoolV2", "AvgPool", "MaxPool3D", "AvgPool3D",
      "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "LRN", "L2Loss",
      "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits", "ResizeBilinear",
      "ResizeNearestNeighbor", "ReluGrad", "SigmoidGrad", "TanhGrad",
      // random numbers
      "RandomUniform", "RandomUniformInt", "RandomStandardNormal", "TruncatedNormal",
      "StatelessRandomUniform", "StatelessRandomNormal", "StatelessTruncatedNormal",
      "StatelessRandomUniformV2", "StatelessRandomNormalV2", "StatelessRandomGetKeyCounter",
      "RandomShuffle", "Multinomial",
      // strings in memory and tf.Example parsing (nothing is opened)
      "StringJoin", "ShardedFilename", "StaticRegexFullMatch", "RegexFullMatch", "RegexReplace",
      "StaticRegexReplace", "StringSplit", "StringSplitV2", "StringToNumber", "AsString",
      "StringLength", "Substr", "StringLower", "StringUpper", "StringStrip", "ReduceJoin",
      "StringToHashBucketFast", "DecodeBase64", "EncodeBase64", "ParseExample", "ParseExampleV2",
      "ParseSingleExample", "DecodeRaw", "DecodeJpeg", "DecodePng", "DecodeImage",
      "SerializeTensor", "ParseTensor"),
      // lookup tables, in memory (the file initialisers are checked on their own)
      TABLE_OPS);

  private static Set<String> union(Set<String> first, Set<String> second) {
    Set<String> all = new HashSet<>(first);
    all.addAll(second);
    return Set.copyOf(all);
  }
}
