package dev.mle4j.nlp.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mle4j.core.MlException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxQuantizerTest {

  private static final int IN = 8;
  private static final int HIDDEN = 16;
  private static final int OUT = 4;

  @TempDir Path tmp;

  /** x [2, 8] -> MatMul(8x16) -> Add bias -> Relu -> MatMul(16x4) -> y. */
  static byte[] smallModel(long seed) {
    return model(seed, IN, HIDDEN, OUT);
  }

  /** Same graph with other sizes: x [2, in] -> MatMul(in x hidden) -> ... -> y [2, out]. */
  static byte[] model(long seed, int in, int hidden, int out) {
    Random rnd = new Random(seed);
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("small")
            .addInput(value("x", 2, in))
            .addOutput(value("y", 2, out))
            .addInitializer(tensor("w1", rnd, in, hidden))
            .addInitializer(tensor("b1", rnd, hidden))
            .addInitializer(tensor("w2", rnd, hidden, out))
            .addNode(node("matmul1", "MatMul", List.of("x", "w1"), "h"))
            .addNode(node("bias1", "Add", List.of("h", "b1"), "hb"))
            .addNode(node("relu1", "Relu", List.of("hb"), "hr"))
            .addNode(node("matmul2", "MatMul", List.of("hr", "w2"), "y"))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(9))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static ValueInfoProto value(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  private static TensorProto tensor(String name, Random rnd, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    long n = 1;
    for (long d : dims) {
      t.addDims(d);
      n *= d;
    }
    for (long i = 0; i < n; i++) {
      t.addFloatData((float) rnd.nextGaussian() * 0.5f);
    }
    return t.build();
  }

  private static NodeProto node(String name, String op, List<String> in, String out) {
    return NodeProto.newBuilder()
        .setName(name)
        .setOpType(op)
        .addAllInput(in)
        .addOutput(out)
        .build();
  }

  static float[][] run(byte[] model, float[][] x) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options);
        OnnxTensor input = OnnxTensor.createTensor(env, x);
        OrtSession.Result result = session.run(Map.of("x", input))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  private static float[][] inputs(long seed) {
    Random rnd = new Random(seed);
    float[][] x = new float[2][IN];
    for (float[] row : x) {
      for (int i = 0; i < IN; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    return x;
  }

  /** Max |a - b| divided by the range of a. */
  private static double relativeError(float[][] a, float[][] b) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        min = Math.min(min, a[i][j]);
        max = Math.max(max, a[i][j]);
        diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return diff / (max - min);
  }

  private static Set<String> opTypes(byte[] model) throws Exception {
    return ModelProto.parseFrom(model).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType)
        .collect(Collectors.toSet());
  }

  @Test
  void quantizedSmallGraphIsCloseToFloatAndUsesIntegerOps() throws Exception {
    byte[] fp32 = smallModel(42);
    QuantizedModel q = OnnxQuantizer.builder().minWeightElements(1).build().quantize(fp32);

    assertThat(q.report().quantizedNodes()).containsExactly("matmul1", "matmul2");
    assertThat(q.report().skippedNodes()).isEmpty();
    ModelProto model = ModelProto.parseFrom(q.bytes());
    // the weights shrink 4x; the extra nodes outweigh that only on a graph this tiny
    long int8Bytes =
        model.getGraph().getInitializerList().stream()
            .filter(t -> t.getDataType() == TensorProto.DataType.INT8_VALUE)
            .filter(t -> !t.getName().endsWith("_zero_point"))
            .mapToLong(t -> t.getRawData().size())
            .sum();
    assertThat(int8Bytes).isEqualTo((long) IN * HIDDEN + HIDDEN * OUT);
    // symmetric weights: every per-column weight zero point is 0
    assertThat(model.getGraph().getInitializerList())
        .filteredOn(t -> t.getName().endsWith("_zero_point"))
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.getRawData().toByteArray()).containsOnly((byte) 0));
    assertThat(q.report().bytesBefore()).isEqualTo(fp32.length);
    assertThat(q.report().bytesAfter()).isEqualTo(q.bytes().length);
    assertThat(opTypes(q.bytes()))
        .contains("DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul")
        .doesNotContain("MatMul");
    assertThat(model.getGraph().getInitializerList())
        .filteredOn(t -> t.getDataType() == TensorProto.DataType.INT8_VALUE)
        .hasSize(4);
    assertThat(model.getGraph().getInitializerList())
        .extracting(TensorProto::getName)
        .doesNotContain("w1", "w2")
        .contains("b1");
    assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(11);
    // node and value names stay unique
    List<String> outputs =
        model.getGraph().getNodeList().stream().flatMap(n -> n.getOutputList().stream()).toList();
    assertThat(outputs).doesNotHaveDuplicates();

    for (long seed = 1; seed <= 5; seed++) {
      float[][] x = inputs(seed);
      float[][] expected = run(fp32, x);
      float[][] actual = run(q.bytes(), x);
      assertThat(relativeError(expected, actual)).isLessThan(0.03);
    }
  }

  @Test
  void perTensorAndPerChannelBothWork() throws Exception {
    byte[] fp32 = smallModel(7);
    byte[] perTensor =
        OnnxQuantizer.builder()
            .minWeightElements(1)
            .perChannel(false)
            .build()
            .quantize(fp32)
            .bytes();
    byte[] perChannel =
        OnnxQuantizer.builder()
            .minWeightElements(1)
            .perChannel(true)
            .build()
            .quantize(fp32)
            .bytes();
    TensorProto scale =
        ModelProto.parseFrom(perTensor).getGraph().getInitializerList().stream()
            .filter(t -> t.getName().equals("w1_scale"))
            .findFirst()
            .orElseThrow();
    assertThat(scale.getDimsCount()).isZero();
    TensorProto channelScale =
        ModelProto.parseFrom(perChannel).getGraph().getInitializerList().stream()
            .filter(t -> t.getName().equals("w1_scale"))
            .findFirst()
            .orElseThrow();
    assertThat(channelScale.getDimsList()).containsExactly((long) HIDDEN);
    float[][] x = inputs(3);
    float[][] expected = run(fp32, x);
    assertThat(relativeError(expected, run(perTensor, x))).isLessThan(0.03);
    assertThat(relativeError(expected, run(perChannel, x))).isLessThan(0.03);
    byte[] sevenBit =
        OnnxQuantizer.builder()
            .minWeightElements(1)
            .reduceRange(true)
            .build()
            .quantize(fp32)
            .bytes();
    assertThat(relativeError(expected, run(sevenBit, x))).isLessThan(0.03);
  }

  @Test
  void excludedNodeStaysFloat() throws Exception {
    byte[] fp32 = smallModel(11);
    QuantizedModel q =
        OnnxQuantizer.builder()
            .minWeightElements(1)
            .exclude(Set.of("matmul2"))
            .build()
            .quantize(fp32);
    assertThat(q.report().quantizedNodes()).containsExactly("matmul1");
    assertThat(q.report().skippedNodes())
        .containsExactly(new SkippedNode("matmul2", "MatMul", "excluded by name"));
    GraphProto graph = ModelProto.parseFrom(q.bytes()).getGraph();
    assertThat(graph.getNodeList())
        .filteredOn(n -> n.getName().equals("matmul2"))
        .singleElement()
        .satisfies(n -> assertThat(n.getOpType()).isEqualTo("MatMul"));
    assertThat(graph.getInitializerList())
        .filteredOn(t -> t.getName().equals("w2"))
        .singleElement()
        .satisfies(t -> assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE));
    float[][] x = inputs(5);
    assertThat(relativeError(run(fp32, x), run(q.bytes(), x))).isLessThan(0.03);
  }

  @Test
  void excludedOpTypeAndSmallWeightsAreSkippedWithReason() {
    byte[] fp32 = smallModel(13);
    QuantizedModel byType =
        OnnxQuantizer.builder()
            .minWeightElements(1)
            .excludeOpTypes(Set.of("MatMul"))
            .build()
            .quantize(fp32);
    assertThat(byType.report().quantizedNodes()).isEmpty();
    assertThat(byType.report().skippedNodes()).hasSize(2);
    // default minimum 256 elements: w1 (128) and w2 (64) are too small
    QuantizedModel small = OnnxQuantizer.builder().build().quantize(fp32);
    assertThat(small.report().quantizedNodes()).isEmpty();
    assertThat(small.report().skippedNodes())
        .extracting(SkippedNode::reason)
        .allMatch(r -> r.contains("fewer than 256"));
  }

  @Test
  void gemmWithTransposedWeightAlphaAndBiasIsQuantized() throws Exception {
    Random rnd = new Random(17);
    NodeProto gemm =
        node("gemm1", "Gemm", List.of("x", "wt", "c"), "y").toBuilder()
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("transB")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(1))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("alpha")
                    .setType(AttributeProto.AttributeType.FLOAT)
                    .setF(0.5f))
            .build();
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("gemm")
            .addInput(value("x", 2, IN))
            .addOutput(value("y", 2, HIDDEN))
            .addInitializer(tensor("wt", rnd, HIDDEN, IN))
            .addInitializer(tensor("c", rnd, HIDDEN))
            .addNode(gemm)
            .build();
    byte[] fp32 =
        ModelProto.newBuilder()
            .setIrVersion(7)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build()
            .toByteArray();
    QuantizedModel q = OnnxQuantizer.builder().minWeightElements(1).build().quantize(fp32);
    assertThat(q.report().quantizedNodes()).containsExactly("gemm1");
    assertThat(opTypes(q.bytes())).contains("MatMulInteger", "Add").doesNotContain("Gemm");
    assertThat(ModelProto.parseFrom(q.bytes()).getOpsetImport(0).getVersion()).isEqualTo(13);
    for (long seed = 1; seed <= 3; seed++) {
      float[][] x = inputs(seed);
      assertThat(relativeError(run(fp32, x), run(q.bytes(), x))).isLessThan(0.03);
    }
  }

  @Test
  void unknownExcludedNodeFails() {
    OnnxQuantizer quantizer = OnnxQuantizer.builder().exclude(Set.of("no_such_node")).build();
    assertThatThrownBy(() -> quantizer.quantize(smallModel(1)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no_such_node")
        .hasMessageContaining("not found");
  }

  @Test
  void writesQuantizedFile() throws Exception {
    Path in = tmp.resolve("small.onnx");
    Files.write(in, model(21, 64, 128, 32));
    Path out = tmp.resolve("out/small-int8.onnx");
    QuantizationReport report =
        OnnxQuantizer.builder().minWeightElements(1).build().quantize(in, out);
    assertThat(out).exists();
    assertThat(Files.size(out)).isEqualTo(report.bytesAfter());
    assertThat(report.quantizedNodes()).containsExactly("matmul1", "matmul2");
    assertThat(report.bytesAfter()).isLessThan(report.bytesBefore());
    assertThat(report.sizeRatio()).isLessThan(0.4);
  }

  @Test
  void badFilesFailWithClearMessages() throws Exception {
    OnnxQuantizer quantizer = OnnxQuantizer.builder().build();
    Path out = tmp.resolve("out.onnx");

    Path empty = Files.createFile(tmp.resolve("empty.onnx"));
    assertThatThrownBy(() -> quantizer.quantize(empty, out))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");

    byte[] noise = new byte[4096];
    new Random(99).nextBytes(noise);
    Path random = Files.write(tmp.resolve("random.onnx"), noise);
    assertThatThrownBy(() -> quantizer.quantize(random, out))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("random.onnx")
        .hasMessageMatching("(?s).*(not an ONNX model|no graph).*");

    Path text =
        Files.writeString(
            tmp.resolve("notes.onnx"),
            "this is a text file,\nnot a model\n",
            StandardCharsets.UTF_8);
    assertThatThrownBy(() -> quantizer.quantize(text, out))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("notes.onnx")
        .hasMessageMatching("(?s).*(not an ONNX model|no graph).*");

    assertThatThrownBy(() -> quantizer.quantize(tmp.resolve("missing.onnx"), out))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> quantizer.quantize(tmp, out))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not a file");
    assertThat(out).doesNotExist();
  }

  @Test
  void externalDataIsRejected() throws Exception {
    ModelProto model = ModelProto.parseFrom(smallModel(2));
    GraphProto graph = model.getGraph();
    TensorProto external =
        graph.getInitializer(0).toBuilder()
            .clearFloatData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .build();
    byte[] bytes =
        model.toBuilder()
            .setGraph(graph.toBuilder().setInitializer(0, external))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> OnnxQuantizer.builder().build().quantize(bytes))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("w1")
        .hasMessageContaining("external")
        .hasMessageContaining("not supported");
  }

  @Test
  void badOptionsFail() {
    assertThatThrownBy(() -> OnnxQuantizer.builder().opTypes(Set.of("Conv")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Conv");
    assertThatThrownBy(() -> OnnxQuantizer.builder().minWeightElements(0))
        .isInstanceOf(MlException.class);
  }
}
