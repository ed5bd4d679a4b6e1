package dev.mle4j.nlp.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mle4j.nlp.onnx.OnnxWeights;
import dev.mle4j.nlp.text.TokenBatch;
import dev.mle4j.nlp.text.WordPieceTokenizer;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL encoder with the ONNX initializers gives the same sentence embeddings as ORT. */
class BertEncoderParityTest {

  private static final List<String> SENTENCES =
      List.of(
          "Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005.",
          "Ok lar... Joking wif u oni...",
          "The quick brown fox jumps over the lazy dog, and then it rests for a while.",
          "hi");

  @Test
  void djlEncoderMatchesOnnxRuntime() throws Exception {
    byte[] model;
    try (InputStream in = resource(MiniLm.ONNX_RESOURCE)) {
      model = in.readAllBytes();
    }
    OnnxWeights weights = OnnxWeights.read(model);
    try (WordPieceTokenizer tok = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE, 128);
        NDManager manager = NDManager.newBaseManager()) {
      TokenBatch batch = tok.encode(SENTENCES);

      BertEncoderBlock block = new BertEncoderBlock(BertConfig.miniLmL6());
      Shape s = new Shape(batch.size(), batch.length());
      block.initialize(manager, DataType.FLOAT32, s, s, s);
      block.loadOnnxWeights(weights);
      assertThat(block.parameterCount()).isBetween(22_000_000L, 23_000_000L);
      try (NDManager sub = manager.newSubManager()) {
        NDList in = BertClassifierBlock.inputs(batch, sub);
        NDArray hidden =
            block.forward(new ParameterStore(sub, false), in, false).singletonOrThrow();
        float[] pooled = BertClassifierBlock.meanPool(hidden, in.get(1)).toFloatArray();
        float[][] expected = ortEmbeddings(model, batch);
        int h = 384;
        for (int i = 0; i < SENTENCES.size(); i++) {
          float[] got = new float[h];
          System.arraycopy(pooled, i * h, got, 0, h);
          assertThat(cosine(got, expected[i])).as("sentence %d", i).isGreaterThan(0.999);
        }
      }
    }
  }

  private static float[][] ortEmbeddings(byte[] model, TokenBatch batch) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(2);
      try (OrtSession session = env.createSession(model, opts);
          OnnxTensor ids = OnnxTensor.createTensor(env, batch.ids());
          OnnxTensor mask = OnnxTensor.createTensor(env, batch.mask());
          OnnxTensor types = OnnxTensor.createTensor(env, batch.typeIds());
          OrtSession.Result r =
              session.run(
                  Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
        float[][][] hidden = (float[][][]) r.get(0).getValue();
        float[][] out = new float[hidden.length][];
        for (int i = 0; i < hidden.length; i++) {
          float[] sum = new float[hidden[i][0].length];
          int n = 0;
          for (int t = 0; t < hidden[i].length; t++) {
            if (batch.mask()[i][t] == 1) {
              n++;
              for (int j = 0; j < sum.length; j++) {
                sum[j] += hidden[i][t][j];
              }
            }
          }
          for (int j = 0; j < sum.length; j++) {
            sum[j] /= n;
          }
          out[i] = sum;
        }
        return out;
      }
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static InputStream resource(String name) {
    return BertEncoderParityTest.class.getClassLoader().getResourceAsStream(name);
  }
}
