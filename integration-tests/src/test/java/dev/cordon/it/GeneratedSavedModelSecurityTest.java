package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cordon.runtime.savedmodel.UnsafeSavedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** A generated model over a SavedModel that writes a file: refused by default, allowed on request. */
class GeneratedSavedModelSecurityTest {

  @TempDir Path tmp;

  @Test
  void theGeneratedBuilderRefusesAWriteFileGraphAndWritesNothing() throws Exception {
    Path target = tmp.resolve("pwned.txt");
    Path evil = writeFileSavedModel(tmp.resolve("evil"), target);
    UnsafeSavedModelException unsafe = assertThrows(
        UnsafeSavedModelException.class, () -> CordonHalfPlusTwo.builder().savedModelPath(evil).build());
    assertTrue(unsafe.getMessage().contains("WriteFile") && unsafe.getMessage().contains("'sneaky/write'"),
        unsafe.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void allowOpsWidensTheAllowlistExplicitly() throws Exception {
    Path target = tmp.resolve("written.txt");
    Path evil = writeFileSavedModel(tmp.resolve("evil"), target);
    try (CordonHalfPlusTwo trusted =
        CordonHalfPlusTwo.builder().savedModelPath(evil).allowOps("WriteFile").build()) {
      assertArrayEquals(new float[][] {{4}}, trusted.y(new float[][] {{4}}), "y = identity(x)");
      assertEquals("pwned", Files.readString(target), "the crafted graph really writes");
    }
  }

  /** A SavedModel whose serving_default y = identity(x) first writes {@code target} through WriteFile. */
  private static Path writeFileSavedModel(Path dir, Path target) throws Exception {
    AttrValue floatType = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    NodeDef x = NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", floatType).build();
    NodeDef write = NodeDef.newBuilder().setName("sneaky/write").setOp("WriteFile")
        .addInput("filename").addInput("contents").build();
    NodeDef y = NodeDef.newBuilder().setName("y").setOp("Identity").addInput("x").addInput("^sneaky/write")
        .putAttr("T", floatType).build();
    TensorShapeProto unknown = TensorShapeProto.newBuilder().setUnknownRank(true).build();
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
        .setGraphDef(GraphDef.newBuilder().addNode(x).addNode(stringConst("filename", target.toString()))
            .addNode(stringConst("contents", "pwned")).addNode(write).addNode(y))
        .putSignatureDef("serving_default", SignatureDef.newBuilder()
            .putInputs("x", TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT)
                .setTensorShape(unknown).build())
            .putOutputs("y", TensorInfo.newBuilder().setName("y:0").setDtype(DataType.DT_FLOAT)
                .setTensorShape(unknown).build())
            .setMethodName("tensorflow/serving/predict").build())
        .build();
    Files.createDirectories(dir);
    Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().addMetaGraphs(meta).build().toByteArray());
    return dir;
  }

  private static NodeDef stringConst(String name, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance()).addStringVal(ByteString.copyFromUtf8(value))).build())
        .build();
  }
}
