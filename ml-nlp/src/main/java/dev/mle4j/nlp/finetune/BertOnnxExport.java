package dev.mle4j.nlp.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.mle4j.core.MlException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link BertClassifierBlock} (encoder, mean pooling over the attention mask, linear head)
 * as one ONNX graph (opset 17) computing exactly what the DJL block computes in inference mode.
 *
 * <p>Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids} (int64 {@code [batch,
 * tokens]}); output {@code logits} (float {@code [batch, labels]}). Dense layers are {@code MatMul}
 * with an {@code [in, out]} weight followed by {@code Add} of the bias (the layout dynamic INT8
 * quantization rewrites), LayerNorm is {@code LayerNormalization}, GELU is the exact erf form, the
 * head is a {@code Gemm}.
 */
final class BertOnnxExport {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String LOGITS = "logits";
  static final int OPSET = 17;

  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("bert_classifier");
  private final Map<String, float[]> weights;
  private final Map<String, long[]> shapes;
  private final BertConfig config;
  private final Set<String> initializers = new HashSet<>();
  private int counter;

  private BertOnnxExport(BertClassifierBlock block) {
    this.config = block.encoder().config();
    this.weights = new LinkedHashMap<>();
    this.shapes = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter param = p.getValue();
      if (!param.isInitialized()) {
        throw new MlException("the model's weights are not initialized: nothing to export");
      }
      NDArray a = param.getArray();
      weights.put(p.getKey(), a.toFloatArray());
      shapes.put(p.getKey(), a.getShape().getShape());
    }
  }

  /**
   * The ONNX model bytes of a classifier block.
   *
   * @param block the trained block
   * @param labels number of labels
   * @param producerVersion written into the model's producer version
   * @return the serialized {@code ModelProto}
   */
  static byte[] export(BertClassifierBlock block, int labels, String producerVersion) {
    return new BertOnnxExport(block).build(labels, producerVersion);
  }

  private byte[] build(int labels, String producerVersion) {
    int h = config.hiddenSize();
    graph.addInput(intInput(INPUT_IDS));
    graph.addInput(intInput(ATTENTION_MASK));
    graph.addInput(intInput(TOKEN_TYPE_IDS));
    graph.addOutput(
        ValueInfoProto.newBuilder()
            .setName(LOGITS)
            .setType(tensorType(TensorProto.DataType.FLOAT_VALUE, dim("batch"), dim(labels))));

    // embeddings: word + token type + the first `tokens` rows of the position table
    String word = node("Gather", weight("embeddings.word_embeddings.weight", false), INPUT_IDS);
    String type =
        node("Gather", weight("embeddings.token_type_embeddings.weight", false), TOKEN_TYPE_IDS);
    String shape = node("Shape", INPUT_IDS);
    String tokens = node("Slice", shape, ints("one", 1), ints("two", 2));
    String positions =
        node(
            "Slice",
            weight("embeddings.position_embeddings.weight", false),
            ints("zero", 0),
            tokens,
            ints("zero", 0));
    String x = hidden(node("Add", hidden(node("Add", word, type), h), positions), h);
    x = layerNorm("embeddings.LayerNorm", x);

    // additive mask [batch, 1, 1, tokens]: 0 for tokens, -1e9 for padding (as the DJL block)
    String maskF = cast(ATTENTION_MASK);
    String inverted = node("Sub", scalar("one_f", 1f), maskF);
    String additive =
        node("Unsqueeze", node("Mul", inverted, scalar("mask_value", -1e9f)), ints("axes12", 1, 2));

    int heads = config.heads();
    int d = config.headSize();
    String split = ints("split_shape", 0, 0, heads, d);
    String merge = ints("merge_shape", 0, 0, h);
    String scale = scalar("attention_scale", (float) (1.0 / Math.sqrt(d)));
    for (int l = 0; l < config.layers(); l++) {
      String pre = "encoder.layer." + l + ".";
      String q =
          transpose(node("Reshape", dense(pre + "attention.self.query", x), split), 0, 2, 1, 3);
      String k =
          transpose(node("Reshape", dense(pre + "attention.self.key", x), split), 0, 2, 3, 1);
      String v =
          transpose(node("Reshape", dense(pre + "attention.self.value", x), split), 0, 2, 1, 3);
      String scores = node("Add", node("Mul", node("MatMul", q, k), scale), additive);
      String probs = softmax(scores);
      String context =
          hidden(node("Reshape", transpose(node("MatMul", probs, v), 0, 2, 1, 3), merge), h);
      String attn = dense(pre + "attention.output.dense", context);
      x = layerNorm(pre + "attention.output.LayerNorm", hidden(node("Add", attn, x), h));
      String ff = hidden(gelu(dense(pre + "intermediate.dense", x)), config.intermediateSize());
      x =
          layerNorm(
              pre + "output.LayerNorm", hidden(node("Add", dense(pre + "output.dense", ff), x), h));
    }

    // mean pooling over the attention mask, then the linear head
    String mask3 = node("Unsqueeze", maskF, ints("axis2", 2));
    String sum = reduceSum(node("Mul", x, mask3));
    String count = node("Max", reduceSum(mask3), scalar("min_count", 1e-9f));
    String pooled = node("Div", sum, count);
    NodeProto.Builder head =
        NodeProto.newBuilder()
            .setName("head_Gemm")
            .setOpType("Gemm")
            .addInput(pooled)
            .addInput(weight("head.weight", false))
            .addInput(weight("head.bias", false))
            .addOutput(LOGITS)
            .addAttribute(intAttr("transB", 1));
    graph.addNode(head);

    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("mle4j")
            .setProducerVersion(producerVersion)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph)
            .build();
    return model.toByteArray();
  }

  private String dense(String prefix, String x) {
    String w = weight(prefix + ".weight", true);
    long width = shapes.get(findKey(prefix + ".weight"))[0];
    return hidden(
        node("Add", hidden(node("MatMul", x, w), width), weight(prefix + ".bias", false)), width);
  }

  /**
   * Declares {@code name} as a float {@code [batch, tokens, width]} tensor. The position slice
   * depends on the input's length, so shape inference alone cannot tell that the hidden states all
   * have the same shape; ONNX Runtime needs it to fuse residual Add + LayerNormalization
   * (SkipLayerNormalization) and bias Adds.
   */
  private String hidden(String name, long width) {
    graph.addValueInfo(
        ValueInfoProto.newBuilder()
            .setName(name)
            .setType(
                tensorType(
                    TensorProto.DataType.FLOAT_VALUE, dim("batch"), dim("tokens"), dim(width))));
    return name;
  }

  private String layerNorm(String prefix, String x) {
    String out = fresh(prefix.replace('.', '_'));
    graph.addNode(
        NodeProto.newBuilder()
            .setName(out + "_node")
            .setOpType("LayerNormalization")
            .addInput(x)
            .addInput(weight(prefix + ".weight", false))
            .addInput(weight(prefix + ".bias", false))
            .addOutput(out)
            .addAttribute(intAttr("axis", -1))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("epsilon")
                    .setType(AttributeProto.AttributeType.FLOAT)
                    .setF(config.layerNormEps())));
    return hidden(out, config.hiddenSize());
  }

  /** {@code x * 0.5 * (1 + erf(x / sqrt 2))}. */
  private String gelu(String x) {
    String erf = node("Erf", node("Div", x, scalar("sqrt2", (float) Math.sqrt(2.0))));
    return node("Mul", node("Mul", x, node("Add", erf, scalar("one_f", 1f))), scalar("half", 0.5f));
  }

  private String softmax(String x) {
    String out = fresh("Softmax");
    graph.addNode(
        NodeProto.newBuilder()
            .setName(out + "_node")
            .setOpType("Softmax")
            .addInput(x)
            .addOutput(out)
            .addAttribute(intAttr("axis", -1)));
    return out;
  }

  private String transpose(String x, long... perm) {
    String out = fresh("Transpose");
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS);
    for (long p : perm) {
      a.addInts(p);
    }
    graph.addNode(
        NodeProto.newBuilder()
            .setName(out + "_node")
            .setOpType("Transpose")
            .addInput(x)
            .addOutput(out)
            .addAttribute(a));
    return out;
  }

  private String reduceSum(String x) {
    String out = fresh("ReduceSum");
    graph.addNode(
        NodeProto.newBuilder()
            .setName(out + "_node")
            .setOpType("ReduceSum")
            .addInput(x)
            .addInput(ints("axis1", 1))
            .addOutput(out)
            .addAttribute(intAttr("keepdims", 0)));
    return out;
  }

  private String cast(String x) {
    String out = fresh("Cast");
    graph.addNode(
        NodeProto.newBuilder()
            .setName(out + "_node")
            .setOpType("Cast")
            .addInput(x)
            .addOutput(out)
            .addAttribute(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
    return out;
  }

  private String node(String op, String... inputs) {
    String out = fresh(op);
    NodeProto.Builder n =
        NodeProto.newBuilder().setName(out + "_node").setOpType(op).addOutput(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    graph.addNode(n);
    return out;
  }

  private String fresh(String base) {
    return base + "_" + counter++;
  }

  /** Adds a weight as an initializer (once), dense weights transposed to {@code [in, out]}. */
  private String weight(String name, boolean transposed) {
    String onnxName = transposed ? name + "_T" : name;
    if (!initializers.add(onnxName)) {
      return onnxName;
    }
    String key = findKey(name);
    float[] v = weights.get(key);
    long[] s = shapes.get(key);
    if (transposed) {
      int rows = Math.toIntExact(s[0]);
      int cols = Math.toIntExact(s[1]);
      float[] t = new float[v.length];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          t[c * rows + r] = v[r * cols + c];
        }
      }
      v = t;
      s = new long[] {cols, rows};
    }
    graph.addInitializer(floatTensor(onnxName, v, s));
    return onnxName;
  }

  /**
   * DJL names child parameters {@code <index><child>_<name>} ({@code 01encoder_...}, {@code
   * 02head_weight}): match by the child's suffix.
   */
  private String findKey(String name) {
    String suffix =
        name.startsWith("head.") ? "head_" + name.substring("head.".length()) : "encoder_" + name;
    for (String k : weights.keySet()) {
      if (k.endsWith(suffix)) {
        return k;
      }
    }
    throw new MlException("the model has no weight '" + name + "': not a BERT classifier block");
  }

  private String scalar(String name, float value) {
    if (!initializers.add(name)) {
      return name;
    }
    graph.addInitializer(floatTensor(name, new float[] {value}, new long[0]));
    return name;
  }

  private String ints(String name, long... values) {
    if (!initializers.add(name)) {
      return name;
    }
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  private static TensorProto floatTensor(String name, float[] values, long[] shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : values) {
      b.putFloat(f);
    }
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(b.array()));
    for (long d : shape) {
      t.addDims(d);
    }
    return t.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static ValueInfoProto intInput(String name) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(tensorType(TensorProto.DataType.INT64_VALUE, dim("batch"), dim("tokens")))
        .build();
  }

  private static TensorShapeProto.Dimension dim(String param) {
    return TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
  }

  private static TensorShapeProto.Dimension dim(long value) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
  }

  private static TypeProto tensorType(int elemType, TensorShapeProto.Dimension... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (TensorShapeProto.Dimension d : dims) {
      shape.addDim(d);
    }
    return TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
        .build();
  }
}
