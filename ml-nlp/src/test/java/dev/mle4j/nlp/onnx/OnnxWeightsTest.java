package dev.mle4j.nlp.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWeightsTest {

  /** A tiny protobuf writer for building ONNX-like test models. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Proto tag(int field, int wire) {
      return varint((long) field << 3 | wire);
    }

    Proto varintField(int field, long v) {
      return tag(field, 0).varint(v);
    }

    Proto bytesField(int field, byte[] b) {
      tag(field, 2).varint(b.length);
      out.writeBytes(b);
      return this;
    }

    Proto stringField(int field, String s) {
      return bytesField(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Proto messageField(int field, Proto p) {
      return bytesField(field, p.bytes());
    }

    Proto fixed32Field(int field, float f) {
      tag(field, 5);
      int bits = Float.floatToIntBits(f);
      for (int i = 0; i < 4; i++) {
        out.write((bits >>> (8 * i)) & 0xFF);
      }
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static byte[] le(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  private static Proto packedDims(long... dims) {
    Proto p = new Proto();
    for (long d : dims) {
      p.varint(d);
    }
    return p;
  }

  private static Proto node(String name, String op, String[] in, String[] out) {
    Proto n = new Proto();
    for (String s : in) {
      n.stringField(1, s);
    }
    for (String s : out) {
      n.stringField(2, s);
    }
    n.stringField(3, name).stringField(4, op);
    // an attribute (field 5) the reader must skip
    n.messageField(5, new Proto().stringField(1, "alpha").varintField(3, 7));
    return n;
  }

  /** A model: MatMul(x, W) + b, with W raw_data, b packed float_data, c unpacked, s INT64. */
  static byte[] tinyModel() {
    Proto w =
        new Proto()
            .messageField(1, packedDims(2, 3)) // packed dims
            .varintField(2, 1)
            .stringField(8, "onnx::MatMul_12")
            .bytesField(9, le(1, 2, 3, 4, 5, 6));
    Proto b =
        new Proto()
            .varintField(1, 3) // unpacked dims
            .varintField(2, 1)
            .bytesField(4, le(0.5f, -0.5f, 1.5f))
            .stringField(8, "layer.bias");
    Proto c =
        new Proto()
            .varintField(1, 2)
            .varintField(2, 1)
            .fixed32Field(4, 7f)
            .fixed32Field(4, -8f)
            .stringField(8, "c")
            .stringField(12, "doc string to skip");
    Proto s =
        new Proto()
            .varintField(1, 1)
            .varintField(2, 7)
            .stringField(8, "shape_const")
            .bytesField(9, new byte[] {4, 0, 0, 0, 0, 0, 0, 0});
    Proto q =
        new Proto()
            .varintField(1, 2)
            .varintField(2, 3)
            .stringField(8, "int8_weight")
            .bytesField(9, new byte[] {-1, 2});
    Proto graph =
        new Proto()
            .messageField(
                1, node("mm", "MatMul", new String[] {"x", "onnx::MatMul_12"}, new String[] {"h"}))
            .stringField(2, "tiny")
            .messageField(
                1, node("add", "Add", new String[] {"layer.bias", "h"}, new String[] {"y"}))
            .messageField(5, w)
            .messageField(5, b)
            .messageField(5, c)
            .messageField(5, s)
            .messageField(5, q)
            .messageField(11, new Proto().stringField(1, "x"));
    return new Proto()
        .varintField(1, 8) // ir_version
        .stringField(2, "test") // producer_name
        .messageField(7, graph)
        .messageField(8, new Proto().varintField(2, 17)) // opset_import
        .bytes();
  }

  @Test
  void readsInitializersOfEveryStorageForm() {
    OnnxWeights w = OnnxWeights.read(tinyModel());
    assertThat(w.names())
        .containsExactly("onnx::MatMul_12", "layer.bias", "c", "shape_const", "int8_weight");
    OnnxTensor mm = w.tensor("onnx::MatMul_12");
    assertThat(mm.shape()).containsExactly(2, 3);
    assertThat(mm.isFloat()).isTrue();
    assertThat(mm.storage()).isEqualTo("raw_data");
    assertThat(mm.floats()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(w.floats("layer.bias", 3)).containsExactly(0.5f, -0.5f, 1.5f);
    assertThat(w.tensor("c").floats()).containsExactly(7f, -8f);
    assertThat(w.tensor("c").rawBytes()).containsExactly(le(7f, -8f));
    assertThat(w.tensor("shape_const").dataTypeName()).isEqualTo("INT64");
    assertThat(w.tensor("shape_const").rawBytes()).hasSize(8);
    assertThat(w.find("nope")).isEmpty();
    assertThat(w.contains("c")).isTrue();
  }

  @Test
  void exposesTheNodeListForMappingRenamedWeights() {
    OnnxWeights w = OnnxWeights.read(tinyModel());
    assertThat(w.nodes()).hasSize(2);
    OnnxNode mm = w.nodes().get(0);
    assertThat(mm.opType()).isEqualTo("MatMul");
    assertThat(mm.name()).isEqualTo("mm");
    assertThat(mm.inputs()).containsExactly("x", "onnx::MatMul_12");
    assertThat(mm.outputs()).containsExactly("h");
    assertThat(w.consumers("h")).extracting(OnnxNode::opType).containsExactly("Add");
    assertThat(w.producer("y")).map(OnnxNode::name).contains("add");
    assertThat(w.producer("x")).isEmpty();
  }

  @Test
  void reportsWrongTypesShapesAndNamesClearly() {
    OnnxWeights w = OnnxWeights.read(tinyModel());
    assertThatThrownBy(() -> w.tensor("int8_weight").floats())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("int8_weight")
        .hasMessageContaining("INT8");
    assertThatThrownBy(() -> w.floats("layer.bias", 4))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("shape [3]")
        .hasMessageContaining("expected [4]");
    assertThatThrownBy(() -> w.tensor("missing"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no initializer named 'missing'");
  }

  @Test
  void rejectsMalformedInput() {
    byte[] model = tinyModel();
    assertThatThrownBy(() -> OnnxWeights.read(Arrays.copyOf(model, model.length - 20)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("malformed protobuf");
    assertThatThrownBy(() -> OnnxWeights.read(new byte[0]))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");
    byte[] noGraph = new Proto().varintField(1, 8).stringField(2, "x").bytes();
    assertThatThrownBy(() -> OnnxWeights.read(noGraph))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no graph");
    byte[] text = "hello, this is not a model".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OnnxWeights.read(text)).isInstanceOf(MlException.class);
    // a tensor whose data does not match its shape
    Proto bad =
        new Proto().varintField(1, 4).varintField(2, 1).stringField(8, "t").bytesField(9, le(1f));
    byte[] badModel = new Proto().messageField(7, new Proto().messageField(5, bad)).bytes();
    assertThatThrownBy(() -> OnnxWeights.read(badModel).tensor("t").floats())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs 4 values");
  }

  @Test
  void readsFilesAndReportsMissingOnes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.onnx");
    Files.write(file, tinyModel());
    assertThat(OnnxWeights.read(file).names()).hasSize(5);
    assertThatThrownBy(() -> OnnxWeights.read(dir.resolve("none.onnx")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> OnnxWeights.readResource("no/such/model.onnx"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not on the class path");
  }

  @Test
  void readsTheRealMiniLmWordEmbeddings() {
    OnnxWeights w = OnnxWeights.readResource("all-minilm-l6-v2.onnx");
    OnnxTensor emb = w.tensor("embeddings.word_embeddings.weight");
    assertThat(emb.shape()).containsExactly(30522, 384);
    float[] table = emb.floats();
    assertThat(table).hasSize(30522 * 384);
    double norm = 0;
    for (int i = 0; i < 384; i++) {
      norm += table[101 * 384 + i] * table[101 * 384 + i]; // [CLS]
    }
    assertThat(norm).isBetween(0.01, 1000.0);
    assertThat(w.nodes()).extracting(OnnxNode::opType).contains("MatMul", "Gather");
  }
}
