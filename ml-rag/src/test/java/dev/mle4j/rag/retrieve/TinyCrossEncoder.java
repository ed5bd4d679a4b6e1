package dev.mle4j.rag.retrieve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Writes the tiny synthetic cross-encoder OnnxCrossEncoderTest runs: not a real model, but a seeded
 * random embedding table over the 40-word WordLevel vocabulary of the {@code
 * cross-encoder-tiny/tokenizer.json} test resource, a token-type embedding, masked mean pooling and
 * a linear head, encoded as an ONNX (opset 13) protobuf by hand. The weights go to {@code
 * weights.json} beside it, so the test can recompute every score in Java.
 */
final class TinyCrossEncoder {
  private static final int DIM = 8;
  private static final int VOCAB = 40;
  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private TinyCrossEncoder() {}

  /**
   * Writes model.onnx, tokenizer.json and weights.json into {@code dir}.
   *
   * @param dir the folder (created)
   * @param classes 1 (logits [batch, 1]) or 2 (logits [batch, 2])
   * @return the folder
   */
  static Path write(Path dir, int classes) throws IOException {
    Random rng = new Random(20260126L + classes);
    float[][] emb = gaussian(rng, VOCAB, DIM, 1.0);
    emb[0] = new float[DIM]; // [PAD]
    float[][] types = gaussian(rng, 2, DIM, 0.5);
    float[][] head = gaussian(rng, DIM, classes, 1.0);
    float[] bias = gaussian(rng, 1, classes, 0.1)[0];
    Files.createDirectories(dir);
    try (InputStream in =
        TinyCrossEncoder.class.getResourceAsStream("/cross-encoder-tiny/tokenizer.json")) {
      Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
    }
    new ObjectMapper()
        .writeValue(
            dir.resolve("weights.json").toFile(),
            Map.of("emb", emb, "types", types, "head", head, "bias", bias));
    Files.write(dir.resolve("model.onnx"), model(emb, types, head, bias));
    return dir;
  }

  private static float[][] gaussian(Random rng, int rows, int cols, double scale) {
    float[][] out = new float[rows][cols];
    for (float[] row : out) {
      for (int c = 0; c < cols; c++) {
        row[c] = (float) (rng.nextGaussian() * scale);
      }
    }
    return out;
  }

  private static byte[] model(float[][] emb, float[][] types, float[][] head, float[] bias) {
    Proto graph = new Proto();
    graph.bytes(1, node("Gather", new String[] {"emb", "input_ids"}, "tok", null));
    graph.bytes(1, node("Gather", new String[] {"types", "token_type_ids"}, "typ", null));
    graph.bytes(1, node("Add", new String[] {"tok", "typ"}, "hidden", null));
    graph.bytes(1, node("Cast", new String[] {"attention_mask"}, "maskf", intAttr("to", FLOAT)));
    graph.bytes(1, node("Unsqueeze", new String[] {"maskf", "axis2"}, "mask3", null));
    graph.bytes(1, node("Mul", new String[] {"hidden", "mask3"}, "masked", null));
    graph.bytes(
        1, node("ReduceSum", new String[] {"masked", "axis1"}, "summed", intAttr("keepdims", 0)));
    graph.bytes(
        1, node("ReduceSum", new String[] {"mask3", "axis1"}, "count", intAttr("keepdims", 0)));
    graph.bytes(1, node("Div", new String[] {"summed", "count"}, "pooled", null));
    graph.bytes(1, node("MatMul", new String[] {"pooled", "head"}, "proj", null));
    graph.bytes(1, node("Add", new String[] {"proj", "bias"}, "logits", null));
    graph.string(2, "tiny_cross_encoder");
    graph.bytes(5, floats("emb", emb));
    graph.bytes(5, floats("types", types));
    graph.bytes(5, floats("head", head));
    graph.bytes(5, floats("bias", new float[][] {bias}, bias.length));
    graph.bytes(5, longs("axis2", 2));
    graph.bytes(5, longs("axis1", 1));
    for (String input : new String[] {"input_ids", "attention_mask", "token_type_ids"}) {
      graph.bytes(11, valueInfo(input, INT64, null));
    }
    graph.bytes(12, valueInfo("logits", FLOAT, head[0].length));
    Proto opset = new Proto();
    opset.string(1, "");
    opset.varint(2, 13);
    Proto model = new Proto();
    model.varint(1, 8); // ir_version
    model.string(2, "mle4j-tests");
    model.bytes(7, graph.toBytes());
    model.bytes(8, opset.toBytes());
    return model.toBytes();
  }

  private static byte[] node(String op, String[] inputs, String output, byte[] attribute) {
    Proto n = new Proto();
    for (String in : inputs) {
      n.string(1, in);
    }
    n.string(2, output);
    n.string(4, op);
    if (attribute != null) {
      n.bytes(5, attribute);
    }
    return n.toBytes();
  }

  private static byte[] intAttr(String name, long value) {
    Proto a = new Proto();
    a.string(1, name);
    a.varint(3, value);
    a.varint(20, 2); // AttributeType INT
    return a.toBytes();
  }

  private static byte[] floats(String name, float[][] values) {
    return floats(name, values, -1);
  }

  /** A float tensor; {@code vectorLength >= 0} makes it 1-D of that length. */
  private static byte[] floats(String name, float[][] values, int vectorLength) {
    ByteBuffer raw =
        ByteBuffer.allocate(values.length * values[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : values) {
      for (float v : row) {
        raw.putFloat(v);
      }
    }
    Proto t = new Proto();
    if (vectorLength >= 0) {
      t.varint(1, vectorLength);
    } else {
      t.varint(1, values.length);
      t.varint(1, values[0].length);
    }
    t.varint(2, FLOAT);
    t.string(8, name);
    t.bytes(9, raw.array());
    return t.toBytes();
  }

  private static byte[] longs(String name, long value) {
    Proto t = new Proto();
    t.varint(1, 1);
    t.varint(2, INT64);
    t.string(8, name);
    t.bytes(9, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    return t.toBytes();
  }

  /** A [batch, seq] (classes == null) or [batch, classes] tensor value. */
  private static byte[] valueInfo(String name, int elemType, Integer classes) {
    Proto shape = new Proto();
    shape.bytes(1, dimParam("batch"));
    if (classes == null) {
      shape.bytes(1, dimParam("seq"));
    } else {
      Proto d = new Proto();
      d.varint(1, classes);
      shape.bytes(1, d.toBytes());
    }
    Proto tensor = new Proto();
    tensor.varint(1, elemType);
    tensor.bytes(2, shape.toBytes());
    Proto type = new Proto();
    type.bytes(1, tensor.toBytes());
    Proto info = new Proto();
    info.string(1, name);
    info.bytes(2, type.toBytes());
    return info.toBytes();
  }

  private static byte[] dimParam(String name) {
    Proto d = new Proto();
    d.string(2, name);
    return d.toBytes();
  }

  /** Just enough protobuf encoding: varint and length-delimited fields. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
