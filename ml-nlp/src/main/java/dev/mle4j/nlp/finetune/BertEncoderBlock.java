package dev.mle4j.nlp.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.mle4j.core.MlException;
import dev.mle4j.nlp.onnx.OnnxWeights;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A BERT-style encoder as a DJL block, written with plain NDArray operations so every weight is a
 * trainable parameter named as in Hugging Face BERT ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.0.attention.self.query.weight}, ...; dense weights in {@code [out, in]}
 * layout like {@code torch.nn.Linear}).
 *
 * <p>Input: {@code input_ids}, {@code attention_mask} and {@code token_type_ids}, each {@code int64
 * [batch, tokens]}. Output: the last hidden state {@code float32 [batch, tokens, hidden]}.
 * Post-LayerNorm transformer layers with exact (erf) GELU; padding positions are masked out of the
 * attention. Dropout is applied only when training.
 *
 * <p>{@link #loadOnnxWeights(OnnxWeights)} copies pretrained weights from a BERT ONNX export (e.g.
 * all-MiniLM-L6-v2), mapping renamed {@code MatMul} weights by following the graph.
 */
public final class BertEncoderBlock extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final float MASK_VALUE = -1e9f;

  private final BertConfig config;
  private final Map<String, Parameter> params = new LinkedHashMap<>();

  /**
   * Creates the block with random initial weights (normal, standard deviation 0.02; LayerNorm gain
   * 1, biases 0), assigned on {@code initialize}.
   *
   * @param config the encoder shape
   */
  public BertEncoderBlock(BertConfig config) {
    super(VERSION);
    this.config = Objects.requireNonNull(config, "config");
    int h = config.hiddenSize();
    weight("embeddings.word_embeddings.weight", config.vocabSize(), h);
    weight("embeddings.position_embeddings.weight", config.maxPositions(), h);
    weight("embeddings.token_type_embeddings.weight", config.typeVocabSize(), h);
    layerNorm("embeddings.LayerNorm", h);
    for (int l = 0; l < config.layers(); l++) {
      String p = "encoder.layer." + l + ".";
      dense(p + "attention.self.query", h, h);
      dense(p + "attention.self.key", h, h);
      dense(p + "attention.self.value", h, h);
      dense(p + "attention.output.dense", h, h);
      layerNorm(p + "attention.output.LayerNorm", h);
      dense(p + "intermediate.dense", config.intermediateSize(), h);
      dense(p + "output.dense", h, config.intermediateSize());
      layerNorm(p + "output.LayerNorm", h);
    }
  }

  private void add(String name, Parameter.Type type, Initializer init, long... shape) {
    Parameter p =
        addParameter(
            Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(shape))
                .optInitializer(init)
                .build());
    params.put(name, p);
  }

  private void weight(String name, long... shape) {
    add(name, Parameter.Type.WEIGHT, new NormalInitializer(0.02f), shape);
  }

  private void dense(String prefix, int out, int in) {
    weight(prefix + ".weight", out, in);
    add(prefix + ".bias", Parameter.Type.BIAS, Initializer.ZEROS, out);
  }

  private void layerNorm(String prefix, int size) {
    add(prefix + ".weight", Parameter.Type.GAMMA, Initializer.ONES, size);
    add(prefix + ".bias", Parameter.Type.BETA, Initializer.ZEROS, size);
  }

  /**
   * The encoder shape.
   *
   * @return the configuration
   */
  public BertConfig config() {
    return config;
  }

  /**
   * Parameter names and shapes, in creation order (Hugging Face BERT names).
   *
   * @return name to shape
   */
  public Map<String, Shape> parameterShapes() {
    Map<String, Shape> out = new LinkedHashMap<>();
    params.forEach((n, p) -> out.put(n, p.getShape()));
    return out;
  }

  /**
   * Total number of weights (scalars) in the encoder.
   *
   * @return the count
   */
  public long parameterCount() {
    return params.values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params2) {
    if (inputs.size() != 3) {
      throw new MlException(
          "BERT encoder needs 3 inputs (input_ids, attention_mask, token_type_ids), got "
              + inputs.size());
    }
    NDArray ids = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray types = inputs.get(2);
    long batch = ids.getShape().get(0);
    long tokens = ids.getShape().get(1);
    if (tokens > config.maxPositions()) {
      throw new MlException(
          "input has " + tokens + " tokens, the encoder takes at most " + config.maxPositions());
    }
    NDManager m = ids.getManager();
    int h = config.hiddenSize();
    NDArray positions = m.arange(0, tokens, 1, DataType.INT64).reshape(1, tokens);

    NDArray x =
        Embedding.embedding(
                ids, p(ps, ids, "embeddings.word_embeddings.weight"), SparseFormat.DENSE)
            .singletonOrThrow();
    x =
        x.add(
            Embedding.embedding(
                    types,
                    p(ps, ids, "embeddings.token_type_embeddings.weight"),
                    SparseFormat.DENSE)
                .singletonOrThrow());
    x =
        x.add(
            Embedding.embedding(
                    positions,
                    p(ps, ids, "embeddings.position_embeddings.weight"),
                    SparseFormat.DENSE)
                .singletonOrThrow());
    x = norm(ps, ids, "embeddings.LayerNorm", x);
    x = dropout(x, config.hiddenDropout(), training);

    // additive mask [batch, 1, 1, tokens]: 0 for tokens, a large negative number for padding
    NDArray additive =
        mask.toType(DataType.FLOAT32, false)
            .neg()
            .add(1f)
            .mul(MASK_VALUE)
            .reshape(batch, 1, 1, tokens);
    int heads = config.heads();
    int d = config.headSize();
    float scale = (float) (1.0 / Math.sqrt(d));
    for (int l = 0; l < config.layers(); l++) {
      String pre = "encoder.layer." + l + ".";
      NDArray q = heads(linear(ps, ids, pre + "attention.self.query", x), batch, tokens, heads, d);
      NDArray k = heads(linear(ps, ids, pre + "attention.self.key", x), batch, tokens, heads, d);
      NDArray v = heads(linear(ps, ids, pre + "attention.self.value", x), batch, tokens, heads, d);
      NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(additive);
      NDArray probs = dropout(scores.softmax(-1), config.attentionDropout(), training);
      NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, h);
      NDArray attn = linear(ps, ids, pre + "attention.output.dense", context);
      attn = dropout(attn, config.hiddenDropout(), training);
      x = norm(ps, ids, pre + "attention.output.LayerNorm", attn.add(x));
      NDArray ff = Activation.gelu(linear(ps, ids, pre + "intermediate.dense", x));
      ff = dropout(linear(ps, ids, pre + "output.dense", ff), config.hiddenDropout(), training);
      x = norm(ps, ids, pre + "output.LayerNorm", ff.add(x));
    }
    return new NDList(x);
  }

  private static NDArray heads(NDArray a, long batch, long tokens, int heads, int d) {
    return a.reshape(batch, tokens, heads, d).transpose(0, 2, 1, 3);
  }

  private NDArray p(ParameterStore ps, NDArray device, String name) {
    return ps.getValue(params.get(name), device.getDevice(), false);
  }

  private NDArray linear(ParameterStore ps, NDArray device, String prefix, NDArray x) {
    return Linear.linear(x, p(ps, device, prefix + ".weight"), p(ps, device, prefix + ".bias"))
        .singletonOrThrow();
  }

  private NDArray norm(ParameterStore ps, NDArray device, String prefix, NDArray x) {
    return LayerNorm.layerNorm(
            x,
            new Shape(config.hiddenSize()),
            p(ps, device, prefix + ".weight"),
            p(ps, device, prefix + ".bias"),
            config.layerNormEps())
        .singletonOrThrow();
  }

  private static NDArray dropout(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0) {
      return x;
    }
    return Dropout.dropout(x, rate, true).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
  }

  /**
   * Copies pretrained weights from a BERT ONNX export into this (initialized) block. Weights named
   * like the block's parameters are taken by name; dense weights that the exporter renamed (e.g.
   * {@code onnx::MatMul_787}, stored {@code [in, out]}) are found by following the graph from the
   * {@code MatMul} that consumes them to the {@code Add} with the layer's named bias, and are
   * transposed to {@code [out, in]}.
   *
   * @param onnx the ONNX model's weights
   * @throws MlException if a weight is missing, has another shape or is not FP32, naming it
   */
  public void loadOnnxWeights(OnnxWeights onnx) {
    Objects.requireNonNull(onnx, "onnx");
    Map<String, float[]> values = mapOnnxWeights(onnx);
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Parameter param = e.getValue();
      if (!param.isInitialized()) {
        throw new MlException("initialize the block before loading weights");
      }
      float[] v = values.get(e.getKey());
      if (v == null) {
        throw new MlException(
            onnx.source() + ": no weight found for encoder parameter '" + e.getKey() + "'");
      }
      if (v.length != param.getShape().size()) {
        throw new MlException(
            onnx.source()
                + ": weight for '"
                + e.getKey()
                + "' has "
                + v.length
                + " values, the encoder expects shape "
                + param.getShape());
      }
      NDArray array = param.getArray();
      boolean grad = array.hasGradient();
      if (grad) {
        array.setRequiresGradient(false);
      }
      array.set(FloatBuffer.wrap(v));
      if (grad) {
        array.setRequiresGradient(true);
      }
    }
  }

  /** Maps the ONNX initializers to this block's parameter names, dense weights as [out, in]. */
  private Map<String, float[]> mapOnnxWeights(OnnxWeights onnx) {
    Map<String, float[]> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      String name = e.getKey();
      Shape shape = e.getValue().getShape();
      boolean dense =
          name.startsWith("encoder.") && name.endsWith("dense.weight")
              || name.endsWith("query.weight")
              || name.endsWith("key.weight")
              || name.endsWith("value.weight");
      if (!dense) {
        if (onnx.contains(name)) {
          out.put(name, onnx.floats(name, shape.getShape()));
        } else {
          missing.add(name);
        }
        continue;
      }
      String onnxName = onnx.contains(name) ? name : denseWeightByGraph(onnx, name);
      if (onnxName == null) {
        missing.add(name);
        continue;
      }
      long outDim = shape.get(0);
      long inDim = shape.get(1);
      if (onnxName.equals(name) && onnx.contains(name)) {
        out.put(name, onnx.floats(name, outDim, inDim)); // stored like torch.nn.Linear
      } else {
        out.put(name, transpose(onnx.floats(onnxName, inDim, outDim), (int) inDim, (int) outDim));
      }
    }
    if (!missing.isEmpty()) {
      throw new MlException(
          onnx.source()
              + ": cannot find "
              + missing.size()
              + " encoder weights, e.g. "
              + missing.subList(0, Math.min(5, missing.size()))
              + "; is this a BERT export with the same shape ("
              + config
              + ")?");
    }
    return out;
  }

  /** Finds the MatMul weight whose output feeds the Add with the named bias of this layer. */
  private static String denseWeightByGraph(OnnxWeights onnx, String weightName) {
    String biasName = weightName.substring(0, weightName.length() - "weight".length()) + "bias";
    if (!onnx.contains(biasName)) {
      return null;
    }
    for (var add : onnx.consumers(biasName)) {
      if (!"Add".equals(add.opType())) {
        continue;
      }
      for (String in : add.inputs()) {
        var producer = onnx.producer(in);
        if (producer.isPresent() && "MatMul".equals(producer.get().opType())) {
          for (String w : producer.get().inputs()) {
            if (onnx.contains(w)) {
              return w;
            }
          }
        }
      }
    }
    return null;
  }

  private static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }
}
