package dev.mle4j.nlp.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quantizes the FP32 all-MiniLM-L6-v2 encoder from the langchain4j jar and compares its sentence
 * embeddings with the FP32 model and with the independently quantized all-MiniLM-L6-v2-q.
 */
class MiniLmQuantizationTest {

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmQuantizationTest.class);

  private static final List<String> SENTENCES =
      List.of(
          "The cat sat on the mat.",
          "A quick brown fox jumps over the lazy dog.",
          "Stock markets fell sharply after the central bank raised interest rates.",
          "How do I reset my password?",
          "The recipe calls for two cups of flour and a pinch of salt.",
          "Quantum computers use qubits instead of classical bits.",
          "She plays the violin in the city orchestra every weekend.",
          "Please send the invoice to the accounting department by Friday.",
          "The patient was prescribed antibiotics for a bacterial infection.",
          "Our team won the championship after a dramatic penalty shootout.",
          "Heavy rain is expected across the northern regions tomorrow.",
          "Java is a statically typed, object-oriented programming language.",
          "The museum exhibits paintings from the Renaissance period.",
          "I would like to book a table for four people at eight o'clock.",
          "Electric cars are becoming cheaper as battery prices drop.",
          "The novel tells the story of a family across three generations.",
          "Congratulations, you have won a free cruise! Click here now.",
          "Photosynthesis converts sunlight, water and carbon dioxide into sugar.",
          "The server returned an internal error while processing the request.",
          "Mountains covered in snow rose above the quiet valley.");

  @Test
  void quantizedMiniLmMatchesFloatAndReferenceInt8() throws Exception {
    byte[] fp32 = resource("/all-minilm-l6-v2.onnx");
    byte[] theirs = resource("/all-minilm-l6-v2-q.onnx");
    QuantizedModel ours = OnnxQuantizer.builder().build().quantize(fp32);
    QuantizationReport report = ours.report();
    assertThat(report.quantizedNodes()).hasSizeGreaterThanOrEqualTo(36);
    assertThat(report.sizeRatio()).isLessThan(0.4);

    float[][] eFloat;
    float[][] eOurs;
    float[][] eTheirs;
    Map<String, String> options = new HashMap<>();
    options.put("addSpecialTokens", "true");
    options.put("truncation", "true");
    options.put("padding", "false");
    options.put("maxLength", "128");
    try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json");
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(in, options)) {
      Encoding[] encodings = tokenizer.batchEncode(SENTENCES.toArray(String[]::new));
      eFloat = embed(fp32, encodings);
      eOurs = embed(ours.bytes(), encodings);
      eTheirs = embed(theirs, encodings);
    }
    double vsFloat = meanCosine(eOurs, eFloat);
    double vsTheirs = meanCosine(eOurs, eTheirs);
    double theirsVsFloat = meanCosine(eTheirs, eFloat);
    LOG.info(
        "MiniLM INT8: {} nodes quantized, {} skipped, {} -> {} bytes (ratio {}, theirs {} bytes);"
            + " mean cosine ours-fp32 {}, ours-theirs {}, theirs-fp32 {}",
        report.quantizedNodes().size(),
        report.skippedNodes().size(),
        report.bytesBefore(),
        report.bytesAfter(),
        String.format("%.3f", report.sizeRatio()),
        theirs.length,
        String.format("%.4f", vsFloat),
        String.format("%.4f", vsTheirs),
        String.format("%.4f", theirsVsFloat));
    assertThat(vsFloat).isGreaterThanOrEqualTo(0.98);
    assertThat(vsTheirs).isGreaterThanOrEqualTo(0.97);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = MiniLmQuantizationTest.class.getResourceAsStream(name)) {
      assertThat(in).as("class-path resource %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Mean pooling of last_hidden_state over the attention mask, L2-normalised. */
  private static float[][] embed(byte[] model, Encoding[] encodings) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[][] out = new float[encodings.length][];
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(2);
      try (OrtSession session = env.createSession(model, options)) {
        for (int i = 0; i < encodings.length; i++) {
          long[][] ids = {encodings[i].getIds()};
          long[][] mask = {encodings[i].getAttentionMask()};
          long[][] types = {new long[ids[0].length]};
          try (OnnxTensor tIds = OnnxTensor.createTensor(env, ids);
              OnnxTensor tMask = OnnxTensor.createTensor(env, mask);
              OnnxTensor tTypes = OnnxTensor.createTensor(env, types)) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put("input_ids", tIds);
            feed.put("attention_mask", tMask);
            if (session.getInputNames().contains("token_type_ids")) {
              feed.put("token_type_ids", tTypes);
            }
            try (OrtSession.Result result = session.run(feed)) {
              float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
              out[i] = meanPool(hidden, mask[0]);
            }
          }
        }
      }
    }
    return out;
  }

  private static float[] meanPool(float[][] hidden, long[] mask) {
    float[] v = new float[hidden[0].length];
    int count = 0;
    for (int t = 0; t < hidden.length; t++) {
      if (mask[t] != 0) {
        count++;
        for (int d = 0; d < v.length; d++) {
          v[d] += hidden[t][d];
        }
      }
    }
    double norm = 0;
    for (int d = 0; d < v.length; d++) {
      v[d] /= count;
      norm += v[d] * v[d];
    }
    norm = Math.sqrt(norm);
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) norm;
    }
    return v;
  }

  private static double meanCosine(float[][] a, float[][] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double dot = 0;
      for (int d = 0; d < a[i].length; d++) {
        dot += a[i][d] * b[i][d];
      }
      sum += dot;
    }
    return sum / a.length;
  }
}
