package dev.mle4j.nlp.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoader;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextSource;
import dev.mle4j.nlp.finetune.BertConfig;
import dev.mle4j.nlp.finetune.MiniLmFineTuneTrainer;
import dev.mle4j.nlp.ort.OrtTextClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole quantization job on a tiny random-init encoder and texts made in the test. */
class QuantizationJobTest {

  private static final BertConfig TINY = new BertConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12f, 0f, 0f);
  private static final String[] SPAM = {
    "free prize win cash now",
    "win a free holiday call now",
    "urgent claim your cash prize",
    "you won free tickets text win",
    "call now to claim free cash"
  };
  private static final String[] HAM = {
    "see you at lunch tomorrow",
    "are we still meeting tonight",
    "i will call you after work",
    "thanks for dinner yesterday",
    "can you pick up the kids"
  };

  private static TextSource data() {
    Random r = new Random(11);
    List<LabeledText> rows = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      boolean spam = i % 3 == 0;
      String[] pool = spam ? SPAM : HAM;
      rows.add(new LabeledText(pool[r.nextInt(pool.length)], spam ? "spam" : "ham"));
    }
    return new TextSource("tiny-texts", rows, "fingerprint-1");
  }

  private static MiniLmFineTuneTrainer trainer() {
    return MiniLmFineTuneTrainer.builder()
        .randomInit(TINY)
        .epochs(2)
        .batchSize(8)
        .learningRate(2e-3f)
        .maxLength(16)
        .seed(3)
        .build();
  }

  private static QuantizationJob.Builder job(Path out, ModelRegistry registry) {
    return QuantizationJob.builder()
        .data(data())
        .trainer(trainer())
        .quantizer(OnnxQuantizer.builder().minWeightElements(256).build())
        .threads(List.of(1))
        .latencySamples(10)
        .outDir(out)
        .registry(registry)
        .stage("production");
  }

  @Test
  void quantizesMeasuresWritesAndRegistersThenReusesTheSource(@TempDir Path dir) throws Exception {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
    QuantizationResult r = job(dir.resolve("run1"), registry).build().run();

    ModelComparison c = r.comparison();
    assertThat(r.testRows()).isEqualTo(16);
    assertThat(c.fp32().accuracy()).isBetween(0.0, 1.0);
    assertThat(c.accuracyDrop()).isEqualTo(c.fp32().accuracy() - c.int8().accuracy());
    assertThat(c.int8().sizeBytes()).isLessThan(c.fp32().sizeBytes());
    assertThat(c.fp32().primary().p50MsBatch1()).isPositive();
    assertThat(c.int8().primary().throughputBatch32()).isPositive();
    assertThat(r.report().quantizedNodes()).isNotEmpty();

    JsonNode json =
        new ObjectMapper().readTree(r.outDir().resolve("model_comparison.json").toFile());
    for (String p : List.of("fp32", "int8")) {
      for (String f :
          List.of(
              "accuracy",
              "macro_f1",
              "size_bytes",
              "p50_ms_batch1",
              "p99_ms_batch1",
              "throughput_batch32")) {
        assertThat(json.path(p).path(f).isNumber()).as(p + "." + f).isTrue();
      }
    }
    assertThat(json.path("accuracy_drop").asDouble()).isEqualTo(c.accuracyDrop());
    assertThat(json.path("speedup_p50_batch1").asDouble()).isEqualTo(c.speedupP50Batch1());
    assertThat(json.path("cpu").path("int8_level").asText()).isNotEmpty();
    for (String f :
        List.of(
            "metrics.json",
            "model-card.json",
            "report.html",
            "quantization_report.json",
            "latency_batch1.png",
            "throughput.png",
            "quality.png",
            "size.png")) {
      assertThat(r.outDir().resolve(f)).as(f).isRegularFile();
    }

    // registered: the source model, FP32 and (if recommended) INT8 in production
    assertThat(registry.models())
        .contains("tiny-texts-minilm-finetuned", "tiny-texts-fp32", "tiny-texts-int8");
    ModelVersion int8 = r.int8Version().orElseThrow();
    assertThat(int8.card().format()).isEqualTo(OrtTextClassifier.FORMAT);
    assertThat(int8.card().parameters()).containsEntry("precision", "int8");
    assertThat(registry.stage("tiny-texts-int8", "production").isPresent())
        .isEqualTo("int8".equals(c.recommended()));
    // loadable through the ServiceLoader like `mle4j serve` does
    ModelLoader loader =
        ServiceLoader.load(ModelLoader.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(l -> l.formats().contains(OrtTextClassifier.FORMAT))
            .findFirst()
            .orElseThrow();
    try (Classifier<?> served = loader.load(int8.dir(), int8.card())) {
      @SuppressWarnings("unchecked")
      Classifier<String> text = (Classifier<String>) served;
      assertThat(text.classify("free cash prize now").label()).isIn("ham", "spam");
    }

    // a second run with the same data, split and trainer reuses the registered source model
    QuantizationResult again = job(dir.resolve("run2"), registry).build().run();
    assertThat(again.source().orElseThrow().version())
        .isEqualTo(r.source().orElseThrow().version());
    assertThat(registry.versions("tiny-texts-minilm-finetuned")).hasSize(1);
    assertThat(again.comparison().fp32().accuracy()).isEqualTo(c.fp32().accuracy());
  }

  @Test
  void recommendsFp32WhenTheAccuracyDropIsOverTheLimit(@TempDir Path dir) {
    // a limit below zero can never be met: the job must warn and fall back to FP32
    QuantizationResult r =
        job(dir.resolve("run"), null)
            .maxAccuracyDrop(-1)
            .cpu(new CpuInt8Support("none", CpuInt8Support.Level.NONE, Set.of()))
            .build()
            .run();
    assertThat(r.comparison().recommended()).isEqualTo("fp32");
    assertThat(r.comparison().warnings())
        .anyMatch(w -> w.contains("usually slower than FP32"))
        .anyMatch(w -> w.contains("accuracy points"));
    assertThat(r.int8Version()).isEmpty();
  }

  @Test
  void rejectsBadOptions(@TempDir Path dir) {
    assertThatThrownBy(() -> QuantizationJob.builder().outDir(dir).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("data is required");
    assertThatThrownBy(() -> QuantizationJob.builder().threads(List.of(0)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("threads");
    assertThatThrownBy(() -> QuantizationJob.builder().latencySamples(3))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("latency samples");
  }

  @Test
  void checksAnyOnnxModelOnGeneratedInputs(@TempDir Path dir) throws Exception {
    Path onnx = dir.resolve("tiny.onnx");
    try (var model = trainer().train(data().rows().subList(0, 40), data().rows().subList(40, 48))) {
      Files.write(onnx, model.exportOnnx());
    }
    OnnxModelCheck.Result r =
        OnnxModelCheck.builder()
            .threads(List.of(1))
            .samples(10)
            .quantizer(OnnxQuantizer.builder().minWeightElements(256).build())
            .build()
            .run(onnx, dir.resolve("check"));
    assertThat(r.meanCosine()).isGreaterThan(0.95);
    assertThat(r.minCosine()).isLessThanOrEqualTo(r.meanCosine());
    assertThat(r.int8File()).isRegularFile();
    assertThat(r.comparison().accuracyDrop()).isNull();
    assertThat(r.outDir().resolve("model_comparison.json")).isRegularFile();
    assertThat(r.outDir().resolve("report.html")).isRegularFile();

    Path bad = dir.resolve("bad.onnx");
    Files.writeString(bad, "not a model");
    assertThatThrownBy(() -> OnnxModelCheck.builder().build().run(bad, dir.resolve("bad")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not an ONNX model");
  }
}
