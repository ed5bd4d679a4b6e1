package dev.mle4j.nlp.onnx;

import dev.mle4j.core.MlException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One initializer (weight tensor) of an ONNX model: its name, element type and shape, with the data
 * decoded on request. FP32 tensors give their values with {@link #floats()}; for other element
 * types {@link #floats()} fails with a message naming the tensor and its type, and {@link
 * #rawBytes()} gives the little-endian bytes as stored.
 */
public final class OnnxTensor {

  /** ONNX {@code TensorProto.DataType.FLOAT}. */
  public static final int FLOAT = 1;

  private static final String[] TYPE_NAMES = {
    "UNDEFINED",
    "FLOAT",
    "UINT8",
    "INT8",
    "UINT16",
    "INT16",
    "INT32",
    "INT64",
    "STRING",
    "BOOL",
    "FLOAT16",
    "DOUBLE",
    "UINT32",
    "UINT64",
    "COMPLEX64",
    "COMPLEX128",
    "BFLOAT16",
    "FLOAT8E4M3FN",
    "FLOAT8E4M3FNUZ",
    "FLOAT8E5M2",
    "FLOAT8E5M2FNUZ",
    "UINT4",
    "INT4"
  };

  private final String name;
  private final int dataType;
  private final long[] shape;
  private final byte[] buf; // raw little-endian data lives in buf[offset, offset + length)
  private final int offset;
  private final int length;
  private final float[] unpackedFloats; // float_data written one element per tag, else null
  private final String storage; // the TensorProto field the data came from
  private final String source;

  OnnxTensor(
      String name,
      int dataType,
      long[] shape,
      byte[] buf,
      int offset,
      int length,
      float[] unpackedFloats,
      String storage,
      String source) {
    this.name = Objects.requireNonNull(name, "name");
    this.dataType = dataType;
    this.shape = shape.clone();
    this.buf = buf;
    this.offset = offset;
    this.length = length;
    this.unpackedFloats = unpackedFloats;
    this.storage = storage;
    this.source = source;
  }

  /**
   * The initializer name, e.g. {@code embeddings.word_embeddings.weight} or {@code
   * onnx::MatMul_1234}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The ONNX element type code ({@code TensorProto.DataType}, 1 = FLOAT).
   *
   * @return the code
   */
  public int dataType() {
    return dataType;
  }

  /**
   * The element type name, e.g. {@code FLOAT}, {@code INT8}, {@code INT64}.
   *
   * @return the name
   */
  public String dataTypeName() {
    return typeName(dataType);
  }

  /**
   * The shape (dimensions, outermost first); empty for a scalar.
   *
   * @return a copy of the shape
   */
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The shape as {@code int}s, e.g. for DJL {@code Shape} or array sizes.
   *
   * @return the shape
   * @throws MlException if a dimension does not fit an int
   */
  public int[] intShape() {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
        throw new MlException(source + ": tensor '" + name + "' has dimension " + shape[i]);
      }
      out[i] = (int) shape[i];
    }
    return out;
  }

  /**
   * Number of elements (the product of the shape; 1 for a scalar).
   *
   * @return the element count
   */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Whether this is an FP32 tensor, readable with {@link #floats()}.
   *
   * @return true for element type FLOAT
   */
  public boolean isFloat() {
    return dataType == FLOAT;
  }

  /**
   * Decodes the FP32 values in row-major order (a new array on each call).
   *
   * @return the values, {@link #elementCount()} of them
   * @throws MlException if the tensor is not FP32 or its data does not match its shape
   */
  public float[] floats() {
    if (dataType != FLOAT) {
      throw new MlException(
          source
              + ": tensor '"
              + name
              + "' has element type "
              + dataTypeName()
              + " (code "
              + dataType
              + "), not FLOAT; only FP32 tensors decode to float[] (use rawBytes())");
    }
    checkStorage();
    long count = elementCount();
    if (unpackedFloats != null) {
      if (unpackedFloats.length != count) {
        throw sizeMismatch(unpackedFloats.length + " float values", count);
      }
      return unpackedFloats.clone();
    }
    if ((long) length != count * 4) {
      throw sizeMismatch(length + " data bytes", count);
    }
    float[] out = new float[(int) count];
    ByteBuffer.wrap(buf, offset, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /**
   * The stored data bytes (little-endian, row-major), as found in {@code raw_data} or a packed
   * typed field; for FP32 tensors written element by element, their little-endian encoding.
   *
   * @return a copy of the bytes
   * @throws MlException if the data sits in an external file or in a varint-encoded field
   */
  public byte[] rawBytes() {
    checkStorage();
    if (unpackedFloats != null) {
      ByteBuffer b = ByteBuffer.allocate(unpackedFloats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(unpackedFloats);
      return b.array();
    }
    return Arrays.copyOfRange(buf, offset, offset + length);
  }

  /**
   * Where the data was found in the file: {@code raw_data}, {@code float_data}, {@code int32_data},
   * {@code int64_data}, {@code external} (a separate data file) or {@code none}.
   *
   * @return the storage field name
   */
  public String storage() {
    return storage;
  }

  private void checkStorage() {
    switch (storage) {
      case "raw_data", "float_data", "none" -> {}
      case "external" ->
          throw new MlException(
              source
                  + ": tensor '"
                  + name
                  + "' keeps its data in an external file (ONNX external data), which this reader"
                  + " does not read; save the model with the weights inside the .onnx file");
      default ->
          throw new MlException(
              source
                  + ": tensor '"
                  + name
                  + "' stores its "
                  + dataTypeName()
                  + " data in the varint field "
                  + storage
                  + ", which this reader does not decode");
    }
  }

  private MlException sizeMismatch(String found, long expected) {
    return new MlException(
        source
            + ": tensor '"
            + name
            + "' with shape "
            + Arrays.toString(shape)
            + " needs "
            + expected
            + " values but holds "
            + found);
  }

  static String typeName(int code) {
    return code >= 0 && code < TYPE_NAMES.length ? TYPE_NAMES[code] : "UNKNOWN";
  }

  @Override
  public String toString() {
    return name + " " + dataTypeName() + Arrays.toString(shape);
  }
}
