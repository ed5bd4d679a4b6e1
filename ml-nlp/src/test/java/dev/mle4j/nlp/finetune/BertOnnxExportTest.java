package dev.mle4j.nlp.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.ort.OrtTextClassifier;
import dev.mle4j.nlp.quantize.OnnxQuantizer;
import dev.mle4j.nlp.quantize.QuantizedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny fine-tuned encoder exported to ONNX: ONNX Runtime gives the DJL probabilities, the INT8
 * graph stays close, saved folders load back, and bad folders fail clearly.
 */
class BertOnnxExportTest {

  private static final BertConfig TINY = new BertConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12f, 0f, 0f);
  private static final String[] SPAM = {
    "free prize win cash now", "win a free holiday call now", "urgent claim your cash prize"
  };
  private static final String[] HAM = {
    "see you at lunch tomorrow", "are we still meeting tonight", "i will call you after work"
  };
  private static final List<String> TEXTS =
      List.of(
          "free cash prize call now",
          "see you tonight at the meeting after lunch tomorrow, ok?",
          "x",
          "URGENT!!! you have won a holiday, text WIN to claim before midnight",
          "thanks");

  private static FineTunedTextClassifier model;

  @BeforeAll
  static void train() {
    Random r = new Random(3);
    List<LabeledText> rows = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String[] pool = i % 2 == 0 ? SPAM : HAM;
      rows.add(new LabeledText(pool[r.nextInt(pool.length)], i % 2 == 0 ? "spam" : "ham"));
    }
    model =
        MiniLmFineTuneTrainer.builder()
            .randomInit(TINY)
            .epochs(2)
            .batchSize(8)
            .learningRate(2e-3f)
            .maxLength(24)
            .seed(5)
            .build()
            .train(rows, rows.subList(0, 16));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static ModelCard card(String name) {
    return new ModelCard(
        name,
        "",
        "text-classification",
        OrtTextClassifier.FORMAT,
        model.labels(),
        Map.of(),
        "",
        Map.of(),
        Instant.EPOCH);
  }

  @Test
  void onnxRuntimeGivesTheDjlProbabilities() {
    double[][] djl = model.probabilities(TEXTS);
    try (OrtTextClassifier onnx = model.toOnnx(card("tiny-fp32"), 1)) {
      double[][] ort = onnx.probabilities(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        for (int j = 0; j < djl[i].length; j++) {
          assertThat(ort[i][j]).as("text %d label %d", i, j).isCloseTo(djl[i][j], within(1e-5));
        }
      }
      // one text at a time (no padding) equals the batch (padding masked out)
      for (int i = 0; i < TEXTS.size(); i++) {
        double[] single = onnx.probabilities(List.of(TEXTS.get(i)))[0];
        assertThat(single[1]).isCloseTo(ort[i][1], within(1e-5));
      }
      assertThat(onnx.config().precision()).isEqualTo("fp32");
      assertThat(onnx.config().maxLength()).isEqualTo(24);
    }
  }

  @Test
  void onnxRuntimeFusesTheExportedGraph(@TempDir Path dir) throws Exception {
    // hidden states are declared [batch, tokens, width]: without that ONNX Runtime cannot fuse the
    // residual Add + LayerNormalization pairs, and both FP32 and INT8 run slower
    byte[] onnx = model.exportOnnx();
    Path optimized = dir.resolve("optimized.onnx");
    ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
    try (ai.onnxruntime.OrtSession.SessionOptions o =
        new ai.onnxruntime.OrtSession.SessionOptions()) {
      o.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
      o.setOptimizedModelFilePath(optimized.toString());
      env.createSession(onnx, o).close();
    }
    List<String> ops =
        ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(optimized))
            .getGraph()
            .getNodeList()
            .stream()
            .map(ai.onnx.proto.OnnxMl.NodeProto::getOpType)
            .toList();
    // one per encoder layer and sub-layer: 2 layers x (attention + feed-forward)
    assertThat(ops.stream().filter("SkipLayerNormalization"::equals).count()).isEqualTo(4);
  }

  @Test
  void quantizedGraphStaysCloseAndSavesAndLoads(@TempDir Path dir) {
    byte[] fp32 = model.exportOnnx();
    QuantizedModel q = OnnxQuantizer.builder().minWeightElements(256).build().quantize(fp32);
    assertThat(q.report().quantizedNodes()).isNotEmpty();
    assertThat(q.bytes().length).isLessThan(fp32.length / 2);
    try (OrtTextClassifier f = model.toOnnx(card("tiny-fp32"), 1)) {
      ModelCard int8Card = card("tiny-int8");
      OrtTextClassifier.write(
          dir, q.bytes(), f.tokenizerJson(), f.config().withPrecision("int8"), int8Card);
      try (OrtTextClassifier i8 = OrtTextClassifier.load(dir)) {
        double[][] a = f.probabilities(TEXTS);
        double[][] b = i8.probabilities(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
          assertThat(b[i][1]).as("text %d", i).isCloseTo(a[i][1], within(0.05));
        }
        assertThat(i8.config().precision()).isEqualTo("int8");
        List<Classification> c = i8.classifyAll(TEXTS);
        assertThat(c).hasSize(TEXTS.size());
        assertThat(i8.classify(TEXTS.get(0)).label()).isEqualTo(c.get(0).label());
        try (OrtTextClassifier two = i8.withThreads(2)) {
          assertThat(two.probabilities(TEXTS)[3][1]).isCloseTo(b[3][1], within(1e-6));
        }
      }
    }
  }

  @Test
  void badFoldersFailClearly(@TempDir Path dir) throws Exception {
    try (OrtTextClassifier f = model.toOnnx(card("tiny-fp32"), 1)) {
      f.save(dir);
    }
    Files.writeString(dir.resolve(OrtTextClassifier.MODEL_FILE), "not onnx");
    assertThatThrownBy(() -> OrtTextClassifier.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ONNX Runtime cannot open the model of 'tiny-fp32'");
    Files.delete(dir.resolve(OrtTextClassifier.MODEL_FILE));
    assertThatThrownBy(() -> OrtTextClassifier.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ONNX model file not found");
    Files.writeString(dir.resolve(OrtTextClassifier.CONFIG_FILE), "{\"labels\":[\"a\"]}");
    assertThatThrownBy(() -> OrtTextClassifier.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least 2 labels");
    try (OrtTextClassifier f = model.toOnnx(card("tiny-fp32"), 1)) {
      assertThatThrownBy(() -> f.withThreads(0))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("threads must be >= 1");
      f.close();
      assertThatThrownBy(() -> f.classify("hello"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("closed");
    }
  }
}
