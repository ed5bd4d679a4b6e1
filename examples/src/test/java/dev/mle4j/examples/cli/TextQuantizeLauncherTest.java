package dev.mle4j.examples.cli;

import static dev.mle4j.examples.cli.VisionLauncherTest.assertOneLineUsageError;
import static dev.mle4j.examples.cli.VisionLauncherTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.examples.cli.VisionLauncherTest.Run;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.finetune.BertConfig;
import dev.mle4j.nlp.finetune.FineTunedTextClassifier;
import dev.mle4j.nlp.finetune.MiniLmFineTuneTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mle4j text quantize --onnx} on a tiny exported encoder, and its bad inputs. */
class TextQuantizeLauncherTest {

  @TempDir static Path tmp;
  private static Path onnx;

  @BeforeAll
  static void exportTinyModel() throws Exception {
    List<LabeledText> rows = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      rows.add(
          i % 2 == 0
              ? new LabeledText("free cash prize call now " + i, "spam")
              : new LabeledText("see you at lunch tomorrow " + i, "ham"));
    }
    MiniLmFineTuneTrainer trainer =
        MiniLmFineTuneTrainer.builder()
            .randomInit(new BertConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12f, 0f, 0f))
            .epochs(1)
            .batchSize(8)
            .maxLength(16)
            .seed(1)
            .build();
    onnx = tmp.resolve("tiny.onnx");
    try (FineTunedTextClassifier model = trainer.train(rows, rows.subList(0, 8))) {
      Files.write(onnx, model.exportOnnx());
    }
  }

  @Test
  void quantizesAnyOnnxModelAndWritesTheComparison() throws Exception {
    Path out = tmp.resolve("q");
    Run r =
        run(
            "text",
            "quantize",
            "--onnx",
            onnx.toString(),
            "--threads",
            "1",
            "--samples",
            "10",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("quantized").contains("output cosine mean").contains("outputs in");
    JsonNode json = new ObjectMapper().readTree(out.resolve("model_comparison.json").toFile());
    assertThat(json.path("int8").path("size_bytes").asLong())
        .isLessThan(json.path("fp32").path("size_bytes").asLong());
    assertThat(json.path("output_cosine_mean").asDouble()).isGreaterThan(0.95);
    assertThat(out.resolve("model.int8.onnx")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    String out = tmp.resolve("bad").toString();
    assertOneLineUsageError(
        run("text", "quantize", "--onnx", tmp.resolve("missing.onnx").toString(), "--out", out),
        "no such file");
    Path text = tmp.resolve("text.onnx");
    Files.writeString(text, "hello, not a model");
    assertOneLineUsageError(
        run("text", "quantize", "--onnx", text.toString(), "--out", out), "not an ONNX model");
    assertOneLineUsageError(
        run("text", "quantize", "--onnx", onnx.toString(), "--threads", "0", "--out", out),
        "threads");
    assertOneLineUsageError(
        run("text", "quantize", "--onnx", onnx.toString(), "--samples", "3", "--out", out),
        "--samples must be >= 10");
    assertOneLineUsageError(
        run("text", "quantize", "--dataset", "nope", "--no-register", "--out", out),
        "not a text classification data set");
    assertOneLineUsageError(
        run("text", "quantize", "--dataset", "sms-spam", "--onnx", onnx.toString()),
        "mutually exclusive");
    Run none = run("text", "quantize");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).doesNotContain("Exception");
  }
}
