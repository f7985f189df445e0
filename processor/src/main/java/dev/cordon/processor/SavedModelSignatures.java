package dev.cordon.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The signatures of a {@code saved_model.pb}, read straight from the protobuf wire format, so the
 * processor needs neither TensorFlow nor protobuf-java. Reads only {@code SavedModel.meta_graphs}
 * → {@code MetaGraphDef.meta_info_def.tags} and {@code MetaGraphDef.signature_def} → the inputs
 * and outputs ({@code TensorInfo} name, dtype, shape); every other field is skipped.
 */
final class SavedModelSignatures {

  /** A {@code MetaGraphDef}: its tag set and its signatures by key (sorted). */
  record MetaGraph(Set<String> tags, Map<String, Signature> signatures) {}

  /** A {@code SignatureDef}: its inputs and outputs by key (sorted). */
  record Signature(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {}

  /**
   * A {@code TensorInfo}.
   *
   * @param dtype the {@code DataType} number, e.g. 1 for {@code DT_FLOAT}
   * @param shape the dimensions ({@code -1} when unknown); empty when the rank is unknown
   */
  record Tensor(String name, int dtype, Optional<List<Long>> shape) {}

  private SavedModelSignatures() {}

  /** The meta graphs of {@code bytes}, the content of a {@code saved_model.pb}. */
  static List<MetaGraph> read(byte[] bytes) throws IOException {
    List<MetaGraph> graphs = new ArrayList<>();
    Reader saved = new Reader(bytes, 0, bytes.length);
    while (saved.hasMore()) {
      int tag = saved.tag();
      if (tag == field(2, LEN)) {
        graphs.add(metaGraph(saved.message()));
      } else {
        saved.skip(tag);
      }
    }
    return graphs;
  }

  /** TensorFlow's {@code DataType} names by number (types.proto), without the reference types. */
  private static final String[] DTYPE_NAMES = {
    "DT_INVALID", "DT_FLOAT", "DT_DOUBLE", "DT_INT32", "DT_UINT8", "DT_INT16", "DT_INT8",
    "DT_STRING", "DT_COMPLEX64", "DT_INT64", "DT_BOOL", "DT_QINT8", "DT_QUINT8", "DT_QINT32",
    "DT_BFLOAT16", "DT_QINT16", "DT_QUINT16", "DT_UINT16", "DT_COMPLEX128", "DT_HALF",
    "DT_RESOURCE", "DT_VARIANT", "DT_UINT32", "DT_UINT64", "DT_FLOAT8_E5M2", "DT_FLOAT8_E4M3FN",
    "DT_FLOAT8_E4M3FNUZ", "DT_FLOAT8_E4M3B11FNUZ", "DT_FLOAT8_E5M2FNUZ", "DT_INT4", "DT_UINT4"
  };

  /** A reference dtype is its base type plus 100: {@code DT_FLOAT_REF} is 101. */
  private static final int REF_OFFSET = 100;

  /**
   * The dtype as TensorFlow names it: {@code DT_FLOAT} for 1, {@code DT_FLOAT_REF} for 101; a
   * number TensorFlow 2.21 does not define reads {@code DataType <n>}.
   */
  static String dtypeName(int dtype) {
    boolean ref = dtype > REF_OFFSET;
    int base = ref ? dtype - REF_OFFSET : dtype;
    if (base < 0 || base >= DTYPE_NAMES.length || (ref && base == 0)) {
      return "DataType " + dtype;
    }
    return DTYPE_NAMES[base] + (ref ? "_REF" : "");
  }

  /**
   * The Cordon type of a dtype, if it has one. A reference dtype (a TF1 variable fetched as it
   * is, {@code DT_FLOAT_REF}) has the type of its base: reading it gives a plain tensor.
   */
  static Optional<TensorType> tensorType(int dtype) {
    int base = dtype > REF_OFFSET ? dtype - REF_OFFSET : dtype;
    return Optional.ofNullable(
        switch (base) {
          case 1 -> TensorType.TFLOAT32;
          case 2 -> TensorType.TFLOAT64;
          case 3 -> TensorType.TINT32;
          case 4 -> TensorType.TUINT8;
          case 7 -> TensorType.TSTRING;
          case 9 -> TensorType.TINT64;
          case 10 -> TensorType.TBOOL;
          case 14 -> TensorType.TBFLOAT16;
          case 17 -> TensorType.TUINT16;
          case 19 -> TensorType.TFLOAT16;
          default -> null;
        });
  }

  private static MetaGraph metaGraph(Reader r) throws IOException {
    Set<String> tags = new LinkedHashSet<>();
    Map<String, Signature> signatures = new TreeMap<>();
    while (r.hasMore()) {
      int tag = r.tag();
      if (tag == field(1, LEN)) { // meta_info_def
        Reader info = r.message();
        while (info.hasMore()) {
          int t = info.tag();
          if (t == field(4, LEN)) {
            tags.add(info.string());
          } else {
            info.skip(t);
          }
        }
      } else if (tag == field(5, LEN)) { // signature_def map entry
        Reader entry = r.message();
        String key = "";
        Signature signature = new Signature(Map.of(), Map.of());
        while (entry.hasMore()) {
          int t = entry.tag();
          if (t == field(1, LEN)) {
            key = entry.string();
          } else if (t == field(2, LEN)) {
            signature = signature(entry.message());
          } else {
            entry.skip(t);
          }
        }
        signatures.put(key, signature);
      } else {
        r.skip(tag);
      }
    }
    return new MetaGraph(tags, signatures);
  }

  private static Signature signature(Reader r) throws IOException {
    Map<String, Tensor> inputs = new TreeMap<>();
    Map<String, Tensor> outputs = new TreeMap<>();
    while (r.hasMore()) {
      int tag = r.tag();
      if (tag == field(1, LEN) || tag == field(2, LEN)) {
        Reader entry = r.message();
        String key = "";
        Tensor tensor = new Tensor("", 0, Optional.empty());
        while (entry.hasMore()) {
          int t = entry.tag();
          if (t == field(1, LEN)) {
            key = entry.string();
          } else if (t == field(2, LEN)) {
            tensor = tensor(entry.message());
          } else {
            entry.skip(t);
          }
        }
        (tag == field(1, LEN) ? inputs : outputs).put(key, tensor);
      } else {
        r.skip(tag);
      }
    }
    return new Signature(inputs, outputs);
  }

  private static Tensor tensor(Reader r) throws IOException {
    String name = "";
    int dtype = 0;
    Optional<List<Long>> shape = Optional.empty();
    while (r.hasMore()) {
      int tag = r.tag();
      if (tag == field(1, LEN)) {
        name = r.string();
      } else if (tag == field(2, VARINT)) {
        dtype = (int) r.varint();
      } else if (tag == field(3, LEN)) {
        shape = shape(r.message());
      } else {
        r.skip(tag);
      }
    }
    return new Tensor(name, dtype, shape);
  }

  private static Optional<List<Long>> shape(Reader r) throws IOException {
    List<Long> dims = new ArrayList<>();
    boolean unknownRank = false;
    while (r.hasMore()) {
      int tag = r.tag();
      if (tag == field(2, LEN)) {
        Reader dim = r.message();
        long size = 0;
        while (dim.hasMore()) {
          int t = dim.tag();
          if (t == field(1, VARINT)) {
            size = dim.varint();
          } else {
            dim.skip(t);
          }
        }
        dims.add(size);
      } else if (tag == field(3, VARINT)) {
        unknownRank = r.varint() != 0;
      } else {
        r.skip(tag);
      }
    }
    return unknownRank ? Optional.empty() : Optional.of(List.copyOf(dims));
  }

  private static final int VARINT = 0;
  private static final int I64 = 1;
  private static final int LEN = 2;
  private static final int I32 = 5;

  private static int field(int number, int wireType) {
    return (number << 3) | wireType;
  }

  /** A cursor over one message of the wire format: bytes {@code [position, end)}. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;
    private final int end;

    Reader(byte[] bytes, int position, int end) {
      this.bytes = bytes;
      this.position = position;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    int tag() throws IOException {
      long tag = varint();
      if (tag <= 0 || tag > Integer.MAX_VALUE) {
        throw new IOException("bad tag " + tag + " at byte " + position);
      }
      return (int) tag;
    }

    long varint() throws IOException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IOException("truncated varint");
        }
        byte b = bytes[position++];
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IOException("varint longer than 10 bytes");
    }

    /** A length-delimited field as a nested message. */
    Reader message() throws IOException {
      int length = length();
      Reader nested = new Reader(bytes, position, position + length);
      position += length;
      return nested;
    }

    String string() throws IOException {
      int length = length();
      String s = new String(bytes, position, length, java.nio.charset.StandardCharsets.UTF_8);
      position += length;
      return s;
    }

    private int length() throws IOException {
      long length = varint();
      if (length < 0 || length > end - position) {
        throw new IOException("bad length " + length + " at byte " + position);
      }
      return (int) length;
    }

    void skip(int tag) throws IOException {
      switch (tag & 7) {
        case VARINT -> varint();
        case I64 -> advance(8);
        case LEN -> advance(length());
        case I32 -> advance(4);
        default -> throw new IOException("unsupported wire type " + (tag & 7) + " at byte " + position);
      }
    }

    private void advance(int n) throws IOException {
      if (n > end - position) {
        throw new IOException("truncated field");
      }
      position += n;
    }
  }
}
