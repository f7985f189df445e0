package dev.cordon.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cordon.processor.SavedModelSignatures.MetaGraph;
import dev.cordon.processor.SavedModelSignatures.Signature;
import dev.cordon.processor.SavedModelSignatures.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The protobuf wire-format reader of {@code saved_model.pb}. */
class SavedModelSignaturesTest {

  @Test
  void readsARealTf1SavedModel() throws IOException {
    byte[] bytes =
        Files.readAllBytes(
            Path.of("src/test/resources/savedmodels/half_plus_two_tf1/saved_model.pb"));
    List<MetaGraph> graphs = SavedModelSignatures.read(bytes);
    assertEquals(1, graphs.size());
    assertEquals(Set.of("serve"), graphs.get(0).tags());
    Map<String, Signature> signatures = graphs.get(0).signatures();
    assertEquals(
        List.of(
            "classify_x_to_y",
            "regress_x2_to_y3",
            "regress_x_to_y",
            "regress_x_to_y2",
            "serving_default"),
        List.copyOf(signatures.keySet()));
    Signature serving = signatures.get("serving_default");
    assertEquals(Map.of("x", new Tensor("x:0", 1, Optional.of(List.of(-1L, 1L)))), serving.inputs());
    assertEquals(Map.of("y", new Tensor("y:0", 1, Optional.of(List.of(-1L, 1L)))), serving.outputs());
    // A DT_STRING input of unknown rank.
    assertEquals(
        new Tensor("tf_example:0", 7, Optional.empty()),
        signatures.get("classify_x_to_y").inputs().get("inputs"));
  }

  /** Every dtype named as TensorFlow does; reference types are base + 100, typed as the base. */
  @Test
  void dtypeNamesAndReferenceTypes() {
    assertEquals("DT_FLOAT", SavedModelSignatures.dtypeName(1));
    assertEquals("DT_FLOAT_REF", SavedModelSignatures.dtypeName(101));
    assertEquals("DT_STRING_REF", SavedModelSignatures.dtypeName(107));
    assertEquals("DT_HALF", SavedModelSignatures.dtypeName(19));
    assertEquals("DT_COMPLEX64", SavedModelSignatures.dtypeName(8));
    assertEquals("DT_RESOURCE", SavedModelSignatures.dtypeName(20));
    assertEquals("DT_UINT4", SavedModelSignatures.dtypeName(30));
    assertEquals("DataType 77", SavedModelSignatures.dtypeName(77));
    assertEquals("DataType 100", SavedModelSignatures.dtypeName(100));
    assertEquals(Optional.of(TensorType.TFLOAT32), SavedModelSignatures.tensorType(101));
    assertEquals(Optional.of(TensorType.TSTRING), SavedModelSignatures.tensorType(107));
    assertEquals(Optional.of(TensorType.TFLOAT16), SavedModelSignatures.tensorType(19));
    assertEquals(Optional.empty(), SavedModelSignatures.tensorType(8));
    // TensorFlow's own numbering: every name here is the proto enum's.
    for (org.tensorflow.proto.DataType dtype : org.tensorflow.proto.DataType.values()) {
      if (dtype != org.tensorflow.proto.DataType.UNRECOGNIZED) {
        assertEquals(dtype.name(), SavedModelSignatures.dtypeName(dtype.getNumber()));
      }
    }
  }

  @Test
  void skipsUnknownFieldsOfEveryWireType() throws IOException {
    byte[] dim = concat(varintField(1, 3), fixed64Field(7), fixed32Field(8));
    byte[] shape = concat(lenField(2, dim), varintField(9, 5));
    byte[] tensor = concat(fixed32Field(6), stringField(1, "in:0"), varintField(2, 9), lenField(3, shape));
    byte[] inputEntry = concat(stringField(1, "in"), lenField(2, tensor));
    byte[] signature = concat(stringField(3, "method"), lenField(1, inputEntry));
    byte[] signatureEntry = concat(stringField(1, "sig"), lenField(2, signature));
    byte[] info = concat(stringField(1, "tags:"), stringField(4, "serve"), stringField(4, "gpu"));
    byte[] metaGraph =
        concat(lenField(2, new byte[] {1, 2, 3}), lenField(1, info), fixed64Field(9), lenField(5, signatureEntry));
    byte[] savedModel = concat(varintField(1, 1), lenField(2, metaGraph));

    List<MetaGraph> graphs = SavedModelSignatures.read(savedModel);
    assertEquals(1, graphs.size());
    assertEquals(Set.of("serve", "gpu"), graphs.get(0).tags());
    Signature sig = graphs.get(0).signatures().get("sig");
    assertEquals(Map.of("in", new Tensor("in:0", 9, Optional.of(List.of(3L)))), sig.inputs());
    assertEquals(Map.of(), sig.outputs());
  }

  @Test
  void negativeDimensionsAndUnknownRank() throws IOException {
    byte[] unknownDim = varintField(1, -1);
    byte[] shape = concat(lenField(2, unknownDim), lenField(2, varintField(1, 28)));
    byte[] known = concat(stringField(1, "a"), varintField(2, 1), lenField(3, shape));
    byte[] unknownRank = concat(stringField(1, "b"), varintField(2, 1), lenField(3, varintField(3, 1)));
    byte[] absent = concat(stringField(1, "c"), varintField(2, 1));
    byte[] signature =
        concat(
            lenField(2, concat(stringField(1, "a"), lenField(2, known))),
            lenField(2, concat(stringField(1, "b"), lenField(2, unknownRank))),
            lenField(2, concat(stringField(1, "c"), lenField(2, absent))));
    byte[] metaGraph = lenField(5, concat(stringField(1, "s"), lenField(2, signature)));
    Map<String, Tensor> outputs =
        SavedModelSignatures.read(lenField(2, metaGraph)).get(0).signatures().get("s").outputs();
    assertEquals(Optional.of(List.of(-1L, 28L)), outputs.get("a").shape());
    assertEquals(Optional.empty(), outputs.get("b").shape());
    assertEquals(Optional.empty(), outputs.get("c").shape());
  }

  @Test
  void truncatedInputIsAnIoException() {
    byte[] metaGraph = lenField(5, stringField(1, "serving_default"));
    byte[] truncated = java.util.Arrays.copyOf(lenField(2, metaGraph), 6);
    assertThrows(IOException.class, () -> SavedModelSignatures.read(truncated));
  }

  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  private static byte[] varintField(int number, long value) {
    return concat(varint(number << 3), varint(value));
  }

  private static byte[] fixed64Field(int number) {
    return concat(varint((number << 3) | 1), new byte[8]);
  }

  private static byte[] fixed32Field(int number) {
    return concat(varint((number << 3) | 5), new byte[4]);
  }

  private static byte[] lenField(int number, byte[] payload) {
    return concat(varint((number << 3) | 2), varint(payload.length), payload);
  }

  private static byte[] stringField(int number, String s) {
    return lenField(number, s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
