package dev.mle4j.nlp.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic INT8 quantization of an ONNX model, as a graph rewrite on the ONNX protobuf schema.
 *
 * <p>Every {@code MatMul} whose second input is a rank-2 float initializer {@code [K, N]} becomes
 * {@code DynamicQuantizeLinear(A) -> MatMulInteger(A_q, W_q, A_zp) -> Cast(float) -> Mul(A_scale *
 * W_scale)}: the weight is stored as symmetric INT8 (zero point 0, scale {@code max|w| / 127}), one
 * scale per output column (per-channel, the default) or one for the whole tensor, and the
 * activation is quantized to UINT8 at run time. A {@code Gemm} with a constant {@code B} ({@code
 * transB} and {@code alpha} folded into the weight and scale, {@code transA = 0}, {@code beta = 1})
 * is rewritten the same way with its bias added back by an {@code Add}. A {@code Gather} on a
 * rank-2 float initializer along axis 0 (an embedding table) keeps the table as INT8 and
 * dequantizes the gathered rows ({@code Cast} + {@code Mul}), which is where most of the bytes of a
 * transformer encoder are. Activations feeding several rewritten nodes are quantized once.
 *
 * <p>Nodes can be left in float by name ({@link Builder#exclude(Set)}), by operator type ({@link
 * Builder#excludeOpTypes(Set)}) or because their weight is small ({@link
 * Builder#minWeightElements(long)}); the {@link QuantizationReport} lists them with the reason.
 * Float initializers that are no longer used are removed; the default-domain opset import is raised
 * to 11 if lower ({@code DynamicQuantizeLinear} needs it). Instances are immutable and thread-safe.
 */
public final class OnnxQuantizer {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxQuantizer.class);
  private static final String MATMUL = "MatMul";
  private static final String GEMM = "Gemm";
  private static final String GATHER = "Gather";
  private static final Set<String> SUPPORTED = Set.of(MATMUL, GEMM, GATHER);
  private static final int MIN_OPSET = 11;

  private final boolean perChannel;
  private final boolean reduceRange;
  private final long minWeightElements;
  private final Set<String> opTypes;
  private final Set<String> excludedNodes;
  private final Set<String> excludedOpTypes;

  private OnnxQuantizer(Builder b) {
    this.perChannel = b.perChannel;
    this.reduceRange = b.reduceRange;
    this.minWeightElements = b.minWeightElements;
    this.opTypes = Set.copyOf(b.opTypes);
    this.excludedNodes = Set.copyOf(b.excludedNodes);
    this.excludedOpTypes = Set.copyOf(b.excludedOpTypes);
  }

  /**
   * The quantizer's settings, for model cards and reports.
   *
   * @return setting name to value
   */
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("quantization", "dynamic-int8");
    m.put("per_channel", Boolean.toString(perChannel));
    m.put("reduce_range", Boolean.toString(reduceRange));
    m.put("min_weight_elements", Long.toString(minWeightElements));
    m.put("op_types", String.join(",", opTypes));
    if (!excludedNodes.isEmpty()) {
      m.put("excluded_nodes", String.join(",", excludedNodes));
    }
    if (!excludedOpTypes.isEmpty()) {
      m.put("excluded_op_types", String.join(",", excludedOpTypes));
    }
    return m;
  }

  /**
   * Starts a builder with the defaults: per-channel scales, 8-bit weights, {@code MatMul}, {@code
   * Gemm} and {@code Gather} quantized, weights under 256 elements skipped, nothing excluded.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Quantizes a model read from a file and writes the result.
   *
   * @param input the FP32 {@code .onnx} file
   * @param output where the quantized model is written (parent directories are created)
   * @return the report
   * @throws MlException if the input is missing, not an ONNX model, uses external data, names an
   *     unknown excluded node, or the output cannot be written
   */
  public QuantizationReport quantize(Path input, Path output) {
    Objects.requireNonNull(output, "output");
    QuantizedModel model = quantize(read(input), input.toString());
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(output, model.bytes());
    } catch (IOException e) {
      throw new MlException("cannot write quantized model " + output + ": " + e.getMessage(), e);
    }
    LOG.info(
        "quantized {} -> {}: {} nodes, {} -> {} bytes",
        input,
        output,
        model.report().quantizedNodes().size(),
        model.report().bytesBefore(),
        model.report().bytesAfter());
    return model.report();
  }

  /**
   * Quantizes a model held in memory.
   *
   * @param onnx the serialized FP32 {@code ModelProto}
   * @return the quantized model bytes and the report
   * @throws MlException if the bytes are not an ONNX model, use external data, or an excluded node
   *     name does not exist
   */
  public QuantizedModel quantize(byte[] onnx) {
    return quantize(onnx, "model");
  }

  private static byte[] read(Path input) {
    Objects.requireNonNull(input, "input");
    if (!Files.exists(input)) {
      throw new MlException("ONNX model " + input + " does not exist");
    }
    if (!Files.isRegularFile(input)) {
      throw new MlException("ONNX model " + input + " is not a file");
    }
    try {
      return Files.readAllBytes(input);
    } catch (IOException e) {
      throw new MlException("cannot read ONNX model " + input + ": " + e.getMessage(), e);
    }
  }

  private QuantizedModel quantize(byte[] onnx, String what) {
    Objects.requireNonNull(onnx, "onnx");
    if (onnx.length == 0) {
      throw new MlException(what + " is empty, not an ONNX model");
    }
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new MlException(
          what + " is not an ONNX model (protobuf parse error: " + e.getMessage() + ")", e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new MlException(what + " has no graph (or an empty one): not an ONNX model?");
    }
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL
          || t.getExternalDataCount() > 0) {
        throw new MlException(
            what
                + ": initializer "
                + t.getName()
                + " stores its data in an external file, which is not supported");
      }
    }
    Rewrite rewrite = new Rewrite(model.getGraph(), what);
    GraphProto graph = rewrite.run();
    ModelProto.Builder out = model.toBuilder().setGraph(graph);
    boolean found = false;
    for (int i = 0; i < out.getOpsetImportCount(); i++) {
      OperatorSetIdProto op = out.getOpsetImport(i);
      if (op.getDomain().isEmpty() || "ai.onnx".equals(op.getDomain())) {
        found = true;
        if (op.getVersion() < MIN_OPSET) {
          out.setOpsetImport(i, op.toBuilder().setVersion(MIN_OPSET));
        }
      }
    }
    if (!found) {
      out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(MIN_OPSET));
    }
    byte[] bytes = out.build().toByteArray();
    QuantizationReport report =
        new QuantizationReport(rewrite.quantized, rewrite.skipped, onnx.length, bytes.length);
    return new QuantizedModel(bytes, report);
  }

  /** Quantized weight: INT8 data and its float scale(s), as initializers. */
  private record QWeight(String data, String scale, String zeroPoint) {}

  /** One rewrite of one graph. */
  private final class Rewrite {
    private final GraphProto graph;
    private final String what;
    private final Map<String, TensorProto> inits = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, QWeight> weights = new HashMap<>();
    private final Map<String, String[]> activations = new HashMap<>();
    private final Set<String> replaced = new HashSet<>();
    private final List<TensorProto> newInits = new ArrayList<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<String> quantized = new ArrayList<>();
    private final List<SkippedNode> skipped = new ArrayList<>();

    Rewrite(GraphProto graph, String what) {
      this.graph = graph;
      this.what = what;
      for (TensorProto t : graph.getInitializerList()) {
        inits.put(t.getName(), t);
      }
      collectNames(graph, names);
    }

    GraphProto run() {
      List<NodeProto> in = graph.getNodeList();
      Set<String> labels = new HashSet<>();
      for (int i = 0; i < in.size(); i++) {
        labels.add(label(in.get(i), i));
      }
      Set<String> unknown = new TreeSet<>(excludedNodes);
      unknown.removeAll(labels);
      if (!unknown.isEmpty()) {
        throw new MlException(what + ": excluded node(s) not found in the graph: " + unknown);
      }
      for (int i = 0; i < in.size(); i++) {
        NodeProto node = in.get(i);
        String label = label(node, i);
        String weight = weightOf(node);
        if (weight == null) {
          nodes.add(node);
          continue;
        }
        String reason = reasonToSkip(node, label, inits.get(weight));
        if (reason != null) {
          skipped.add(new SkippedNode(label, node.getOpType(), reason));
          nodes.add(node);
          continue;
        }
        switch (node.getOpType()) {
          case MATMUL, GEMM -> rewriteMatMul(node, label, weight);
          case GATHER -> rewriteGather(node, label, weight);
          default -> throw new IllegalStateException("unexpected op " + node.getOpType());
        }
        replaced.add(weight);
        quantized.add(label);
      }
      Set<String> used = new HashSet<>();
      collectUses(nodes, used);
      for (ValueInfoProto v : graph.getOutputList()) {
        used.add(v.getName());
      }
      GraphProto.Builder g = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
      for (TensorProto t : graph.getInitializerList()) {
        if (!replaced.contains(t.getName()) || used.contains(t.getName())) {
          g.addInitializer(t);
        }
      }
      g.addAllInitializer(newInits);
      g.clearInput();
      for (ValueInfoProto v : graph.getInputList()) {
        if (!replaced.contains(v.getName()) || used.contains(v.getName())) {
          g.addInput(v);
        }
      }
      return g.build();
    }

    /** The constant weight a node could have quantized, or null when it is no candidate. */
    private String weightOf(NodeProto node) {
      String op = node.getOpType();
      if (!opTypes.contains(op)
          || !(node.getDomain().isEmpty() || "ai.onnx".equals(node.getDomain()))) {
        return null;
      }
      int index = GATHER.equals(op) ? 0 : 1;
      if (node.getInputCount() <= index || !inits.containsKey(node.getInput(index))) {
        return null;
      }
      return node.getInput(index);
    }

    private String reasonToSkip(NodeProto node, String label, TensorProto w) {
      String op = node.getOpType();
      if (excludedNodes.contains(label)) {
        return "excluded by name";
      }
      if (excludedOpTypes.contains(op)) {
        return "excluded op type " + op;
      }
      if (w.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
        return "weight " + w.getName() + " is not float32";
      }
      if (w.getDimsCount() != 2) {
        return "weight " + w.getName() + " has rank " + w.getDimsCount() + ", not 2";
      }
      long elements = w.getDims(0) * w.getDims(1);
      if (elements < minWeightElements) {
        return "weight has " + elements + " elements, fewer than " + minWeightElements;
      }
      if (GEMM.equals(op)) {
        if (intAttr(node, "transA", 0) != 0) {
          return "Gemm with transA = 1";
        }
        if (node.getInputCount() > 2
            && !node.getInput(2).isEmpty()
            && floatAttr(node, "beta", 1f) != 1f) {
          return "Gemm with beta != 1";
        }
      }
      if (GATHER.equals(op) && intAttr(node, "axis", 0) != 0) {
        return "Gather along axis " + intAttr(node, "axis", 0);
      }
      return null;
    }

    private void rewriteMatMul(NodeProto node, String label, String weightName) {
      boolean gemm = GEMM.equals(node.getOpType());
      boolean transB = gemm && intAttr(node, "transB", 0) != 0;
      float alpha = gemm ? floatAttr(node, "alpha", 1f) : 1f;
      QWeight w = weight(weightName, transB, alpha, true);
      String a = node.getInput(0);
      String[] aq = activations.get(a);
      if (aq == null) {
        aq = new String[] {fresh(a + "_quantized"), fresh(a + "_scale"), fresh(a + "_zero_point")};
        nodes.add(
            NodeProto.newBuilder()
                .setName(fresh(label + "_DynamicQuantizeLinear"))
                .setOpType("DynamicQuantizeLinear")
                .addInput(a)
                .addOutput(aq[0])
                .addOutput(aq[1])
                .addOutput(aq[2])
                .build());
        activations.put(a, aq);
      }
      String y = node.getOutput(0);
      String int32 = fresh(y + "_int32");
      String asFloat = fresh(y + "_float");
      String scale = fresh(y + "_scale");
      nodes.add(
          NodeProto.newBuilder()
              .setName(fresh(label + "_MatMulInteger"))
              .setOpType("MatMulInteger")
              .addInput(aq[0])
              .addInput(w.data())
              .addInput(aq[2])
              .addInput(w.zeroPoint())
              .addOutput(int32)
              .build());
      nodes.add(cast(label, int32, asFloat));
      nodes.add(binary("Mul", label + "_scale", aq[1], w.scale(), scale));
      boolean bias = gemm && node.getInputCount() > 2 && !node.getInput(2).isEmpty();
      if (bias) {
        String noBias = fresh(y + "_no_bias");
        nodes.add(binary("Mul", label + "_rescale", asFloat, scale, noBias));
        nodes.add(binary("Add", label + "_bias", noBias, node.getInput(2), y));
      } else {
        nodes.add(binary("Mul", label + "_rescale", asFloat, scale, y));
      }
    }

    private void rewriteGather(NodeProto node, String label, String weightName) {
      QWeight w = weight(weightName, false, 1f, false);
      String y = node.getOutput(0);
      String int8 = fresh(y + "_int8");
      String asFloat = fresh(y + "_float");
      nodes.add(
          NodeProto.newBuilder()
              .setName(fresh(label + "_quantized"))
              .setOpType(GATHER)
              .addInput(w.data())
              .addInput(node.getInput(1))
              .addOutput(int8)
              .build());
      nodes.add(cast(label, int8, asFloat));
      nodes.add(binary("Mul", label + "_dequantize", asFloat, w.scale(), y));
    }

    private NodeProto cast(String label, String in, String out) {
      return NodeProto.newBuilder()
          .setName(fresh(label + "_Cast"))
          .setOpType("Cast")
          .addInput(in)
          .addOutput(out)
          .addAttribute(
              AttributeProto.newBuilder()
                  .setName("to")
                  .setType(AttributeProto.AttributeType.INT)
                  .setI(TensorProto.DataType.FLOAT_VALUE))
          .build();
    }

    private NodeProto binary(String op, String name, String x, String y, String out) {
      return NodeProto.newBuilder()
          .setName(fresh(name))
          .setOpType(op)
          .addInput(x)
          .addInput(y)
          .addOutput(out)
          .build();
    }

    /** Quantizes (once) a [K, N] weight (given as [N, K] when transposed), scales over N. */
    private QWeight weight(String name, boolean transposed, float alpha, boolean zeroPoint) {
      String key = name + (transposed ? "|T" : "") + "|" + alpha + (zeroPoint ? "|Z" : "");
      QWeight cached = weights.get(key);
      if (cached != null) {
        return cached;
      }
      TensorProto t = inits.get(name);
      int d0 = Math.toIntExact(t.getDims(0));
      int d1 = Math.toIntExact(t.getDims(1));
      float[] w = floats(t, (long) d0 * d1);
      int rows = transposed ? d1 : d0;
      int cols = transposed ? d0 : d1;
      if (transposed) {
        float[] tw = new float[w.length];
        for (int r = 0; r < d0; r++) {
          for (int c = 0; c < d1; c++) {
            tw[c * d0 + r] = w[r * d1 + c];
          }
        }
        w = tw;
      }
      int qmax = reduceRange ? 63 : 127;
      float[] scale = new float[perChannel ? cols : 1];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int s = perChannel ? c : 0;
          scale[s] = Math.max(scale[s], Math.abs(w[r * cols + c]));
        }
      }
      for (int s = 0; s < scale.length; s++) {
        scale[s] = scale[s] == 0f ? 1f : scale[s] / qmax;
      }
      byte[] q = new byte[w.length];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int i = r * cols + c;
          long v = Math.round(w[i] / scale[perChannel ? c : 0]);
          q[i] = (byte) Math.max(-qmax, Math.min(qmax, v));
        }
      }
      ByteBuffer sb =
          ByteBuffer.allocate(scale.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float s : scale) {
        sb.putFloat(s * alpha);
      }
      String dataName = fresh(name + "_quantized");
      String scaleName = fresh(name + "_scale");
      newInits.add(
          TensorProto.newBuilder()
              .setName(dataName)
              .setDataType(TensorProto.DataType.INT8_VALUE)
              .addDims(rows)
              .addDims(cols)
              .setRawData(ByteString.copyFrom(q))
              .build());
      TensorProto.Builder st =
          TensorProto.newBuilder()
              .setName(scaleName)
              .setDataType(TensorProto.DataType.FLOAT_VALUE)
              .setRawData(ByteString.copyFrom(sb.array()));
      if (perChannel) {
        st.addDims(cols);
      }
      newInits.add(st.build());
      // explicit (zero) weight zero points for MatMulInteger, the form ONNX Runtime's own
      // quantizer writes
      String zeroName = null;
      if (zeroPoint) {
        zeroName = fresh(name + "_zero_point");
        TensorProto.Builder zt =
            TensorProto.newBuilder()
                .setName(zeroName)
                .setDataType(TensorProto.DataType.INT8_VALUE)
                .setRawData(ByteString.copyFrom(new byte[scale.length]));
        if (perChannel) {
          zt.addDims(cols);
        }
        newInits.add(zt.build());
      }
      QWeight qw = new QWeight(dataName, scaleName, zeroName);
      weights.put(key, qw);
      return qw;
    }

    private float[] floats(TensorProto t, long n) {
      float[] out = new float[Math.toIntExact(n)];
      if (!t.getRawData().isEmpty()) {
        if (t.getRawData().size() != n * Float.BYTES) {
          throw new MlException(
              what
                  + ": initializer "
                  + t.getName()
                  + " has "
                  + t.getRawData().size()
                  + " raw bytes, expected "
                  + n * Float.BYTES);
        }
        t.getRawData()
            .asReadOnlyByteBuffer()
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer()
            .get(out);
        return out;
      }
      if (t.getFloatDataCount() != n) {
        throw new MlException(
            what
                + ": initializer "
                + t.getName()
                + " has "
                + t.getFloatDataCount()
                + " values, expected "
                + n);
      }
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloatData(i);
      }
      return out;
    }

    private String fresh(String base) {
      String name = base;
      for (int i = 1; names.contains(name); i++) {
        name = base + "_" + i;
      }
      names.add(name);
      return name;
    }
  }

  private static String label(NodeProto node, int index) {
    return node.getName().isEmpty() ? node.getOpType() + "#" + index : node.getName();
  }

  private static long intAttr(NodeProto node, String name, long fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  private static float floatAttr(NodeProto node, String name, float fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getF();
      }
    }
    return fallback;
  }

  private static void collectNames(GraphProto graph, Set<String> names) {
    for (TensorProto t : graph.getInitializerList()) {
      names.add(t.getName());
    }
    for (ValueInfoProto v : graph.getInputList()) {
      names.add(v.getName());
    }
    for (ValueInfoProto v : graph.getOutputList()) {
      names.add(v.getName());
    }
    for (ValueInfoProto v : graph.getValueInfoList()) {
      names.add(v.getName());
    }
    for (NodeProto n : graph.getNodeList()) {
      names.add(n.getName());
      names.addAll(n.getInputList());
      names.addAll(n.getOutputList());
      for (AttributeProto a : n.getAttributeList()) {
        if (a.hasG()) {
          collectNames(a.getG(), names);
        }
        for (GraphProto g : a.getGraphsList()) {
          collectNames(g, names);
        }
      }
    }
  }

  /** Every value name a node (or a node of a subgraph) reads. */
  private static void collectUses(List<NodeProto> nodes, Set<String> used) {
    for (NodeProto n : nodes) {
      used.addAll(n.getInputList());
      for (AttributeProto a : n.getAttributeList()) {
        if (a.hasG()) {
          collectUses(a.getG().getNodeList(), used);
        }
        for (GraphProto g : a.getGraphsList()) {
          collectUses(g.getNodeList(), used);
        }
      }
    }
  }

  /** Options of an {@link OnnxQuantizer}. */
  public static final class Builder {
    private boolean perChannel = true;
    private boolean reduceRange;
    private long minWeightElements = 256;
    private Set<String> opTypes = new LinkedHashSet<>(List.of(MATMUL, GEMM, GATHER));
    private Set<String> excludedNodes = Set.of();
    private Set<String> excludedOpTypes = Set.of();

    private Builder() {}

    /**
     * One scale per output column of a weight (true, the default) or one per tensor (false).
     *
     * @param value per-channel scales
     * @return this builder
     */
    public Builder perChannel(boolean value) {
      this.perChannel = value;
      return this;
    }

    /**
     * Quantize weights to 7 bits ([-63, 63]) instead of 8, which avoids int16 saturation in the
     * u8s8 kernels of CPUs without VNNI (default false).
     *
     * @param value use 7-bit weights
     * @return this builder
     */
    public Builder reduceRange(boolean value) {
      this.reduceRange = value;
      return this;
    }

    /**
     * Weights with fewer elements stay in float (default 256, i.e. 16 x 16).
     *
     * @param value the minimum number of weight elements, at least 1
     * @return this builder
     */
    public Builder minWeightElements(long value) {
      if (value < 1) {
        throw new MlException("minWeightElements must be >= 1, got " + value);
      }
      this.minWeightElements = value;
      return this;
    }

    /**
     * Operator types to quantize, a subset of {@code MatMul}, {@code Gemm}, {@code Gather} (default
     * all three).
     *
     * @param value the operator types
     * @return this builder
     */
    public Builder opTypes(Set<String> value) {
      Objects.requireNonNull(value, "opTypes");
      for (String op : value) {
        if (!SUPPORTED.contains(op)) {
          throw new MlException(
              "cannot quantize op type " + op + ": supported are MatMul, Gemm, Gather");
        }
      }
      this.opTypes = new LinkedHashSet<>(value);
      return this;
    }

    /**
     * Nodes to keep in float, by name (a node without a name is {@code opType#index}); quantizing
     * fails if a name is not in the graph.
     *
     * @param nodeNames node names
     * @return this builder
     */
    public Builder exclude(Set<String> nodeNames) {
      this.excludedNodes = Set.copyOf(Objects.requireNonNull(nodeNames, "nodeNames"));
      return this;
    }

    /**
     * Operator types to keep in float.
     *
     * @param types operator types such as {@code Gather}
     * @return this builder
     */
    public Builder excludeOpTypes(Set<String> types) {
      this.excludedOpTypes = Set.copyOf(Objects.requireNonNull(types, "types"));
      return this;
    }

    /**
     * Builds the quantizer.
     *
     * @return an immutable quantizer
     */
    public OnnxQuantizer build() {
      return new OnnxQuantizer(this);
    }
  }
}
