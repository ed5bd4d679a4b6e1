package dev.mle4j.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.Fingerprints;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.tfidf.TfidfLogRegClassifier;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassificationJobTest {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @Test
  void smsSpamJobReachesTargetsAndWritesEverything(@TempDir Path tmp) throws Exception {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"));
    Path out = tmp.resolve("run");
    TextClassificationResult result =
        TextClassificationJob.builder()
            .catalog(SharedData.catalog(tmp.resolve("state")))
            .outDir(out)
            .registry(registry)
            .promoteTo("production")
            .build()
            .run();

    // targets on the held-out test split
    assertThat(result.dataset()).isEqualTo("sms-spam");
    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(result.test().macroF1()).isGreaterThanOrEqualTo(0.92);
    assertThat(result.test().rocAuc()).isPresent();
    assertThat(result.validation()).isPresent();
    assertThat(result.trainRows() + result.validationRows() + result.testRows()).isEqualTo(5574);
    assertThat(result.testRows()).isBetween(555, 559);

    // metrics.json
    assertThat(result.metricsFile()).isEqualTo(out.resolve("metrics.json"));
    MetricsFile metrics = RunOutput.readMetrics(result.metricsFile());
    assertThat(metrics.dataset()).isEqualTo("sms-spam");
    assertThat(metrics.task()).isEqualTo("text-classification");
    Map<String, Double> m = metrics.models().get("tfidf-logreg");
    assertThat(m)
        .containsKeys(
            "accuracy",
            "macro_f1",
            "weighted_f1",
            "roc_auc",
            "precision_spam",
            "recall_spam",
            "f1_ham",
            "validation_accuracy",
            "train_seconds",
            "size_bytes");
    assertThat(m.get("accuracy")).isEqualTo(result.test().accuracy());
    assertThat(m.get("size_bytes")).isEqualTo((double) result.sizeBytes()).isGreaterThan(1000);
    assertThat(metrics.extra())
        .containsEntry("seed", 42)
        .containsEntry("test_rows", result.testRows())
        .containsKey("train_rows")
        .containsKey("validation_rows");

    // model card
    Path dataFile = SharedData.root().resolve("text/sms-spam/SMSSpamCollection");
    ModelCard card = ModelCardJson.read(out.resolve("model-card.json"));
    assertThat(card.name()).isEqualTo("sms-spam");
    assertThat(card.task()).isEqualTo("text-classification");
    assertThat(card.format()).isEqualTo("tfidf-logreg/v1");
    assertThat(card.labels()).containsExactly("ham", "spam");
    assertThat(card.metrics()).containsEntry("accuracy", result.test().accuracy());
    assertThat(card.dataFingerprint()).isEqualTo(Fingerprints.sha256(dataFile));
    assertThat(card.parameters()).containsEntry("split_seed", "42").containsKey("l2");

    // charts and report
    for (String png :
        List.of("confusion-matrix.png", "roc-curve.png", "class-balance.png", "text-length.png")) {
      assertThat(result.charts()).contains(out.resolve(png));
      byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out.resolve(png)), 4);
      assertThat(head).as(png).isEqualTo(PNG_MAGIC);
    }
    String html = Files.readString(result.reportFile());
    assertThat(html).contains("sms-spam", "macro F1", "spam", "data:image/png;base64,");
    assertThat(html.split("<img", -1)).hasSize(5);
    assertThat(html).contains("vocabulary_size", "class_count_spam", "chars_p95");

    // the saved model reproduces the test metrics
    assertThat(result.modelDir()).isEqualTo(out.resolve("model"));
    try (TfidfLogRegClassifier loaded = TfidfLogRegClassifier.load(result.modelDir())) {
      assertThat(loaded.card()).isEqualTo(card);
      assertThat(loaded.classify("WINNER!! Claim your free prize now, call 09061701461").label())
          .isEqualTo("spam");
      assertThat(loaded.classify("Ok, see you at home later").label()).isEqualTo("ham");
    }

    // registry
    assertThat(result.registered()).isPresent();
    ModelVersion version = result.registered().get();
    assertThat(version.stages()).contains("production");
    assertThat(registry.stage("sms-spam", "production")).contains(version);
    assertThat(version.card().metrics()).containsEntry("macro_f1", result.test().macroF1());
  }

  @Test
  void csvJobIsDeterministicAndHandlesManyLabels(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("Toy Messages.csv");
    StringBuilder sb = new StringBuilder("label,message\n");
    for (LabeledText t : SyntheticTexts.make(450, 11L)) {
      sb.append(t.label()).append(",\"").append(t.text()).append("\"\n");
    }
    Files.writeString(csv, sb.toString());
    TfidfLogRegTrainer trainer = TfidfLogRegTrainer.builder().epochs(3).build();
    TextClassificationJob.Builder job =
        TextClassificationJob.builder()
            .csv(csv, "message", "label", ',')
            .splitRatios(SplitRatios.of(0.7, 0.15, 0.15))
            .seed(5L)
            .trainer(trainer);
    TextClassificationResult a = job.outDir(tmp.resolve("a")).build().run();
    TextClassificationResult b = job.outDir(tmp.resolve("b")).build().run();

    assertThat(a.dataset()).isEqualTo("Toy Messages");
    assertThat(a.card().name()).isEqualTo("toy-messages");
    assertThat(a.card().labels()).containsExactly("ham", "spam", "work");
    assertThat(a.registered()).isEmpty();
    assertThat(a.test().confusionMatrix()).isEqualTo(b.test().confusionMatrix());
    assertThat(a.test().toMap()).isEqualTo(b.test().toMap());
    assertThat(a.test().accuracy()).isGreaterThan(0.8);
    assertThat(a.test().rocAuc()).isPresent();
    assertThat(tmp.resolve("a/roc-curve.png")).isRegularFile();
    assertThat(Files.readString(a.reportFile())).contains("ROC curve on the test split");
    assertThat(a.test().confusionMatrix().total()).isEqualTo(a.testRows());
  }

  @Test
  void rejectsBadSettingsAndData(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(
            () -> TextClassificationJob.builder().promoteTo("production").outDir(tmp).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs a registry");
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .splitRatios(SplitRatios.trainTest(1.0, 0.0))
                    .outDir(tmp)
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("test ratio");
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .dataset("titanic")
                    .catalog(SharedData.catalog(tmp.resolve("state")))
                    .outDir(tmp.resolve("out"))
                    .build()
                    .run())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'titanic' is not a text classification data set");
    Path oneLabel = tmp.resolve("one.csv");
    Files.writeString(oneLabel, "text,label\nhello,ham\nhi there,ham\nbye now,ham\n");
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .csv(oneLabel, "text", "label", ',')
                    .outDir(tmp.resolve("out"))
                    .build()
                    .run())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("one.csv")
        .hasMessageContaining("at least two labels");
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .csv(oneLabel, "body", "label", ',')
                    .outDir(tmp.resolve("out"))
                    .build()
                    .run())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Unknown column 'body'");
  }

  @Test
  void rejectsUnseenLabelsNonUtf8AndBlankOnlyData(@TempDir Path tmp) throws Exception {
    // a label with a single row lands in the largest split, here the test split
    Path rare = tmp.resolve("rare.csv");
    StringBuilder sb = new StringBuilder("text,label\n");
    for (LabeledText t : SyntheticTexts.make(60, 3L)) {
      sb.append('"').append(t.text()).append("\",").append(t.label()).append('\n');
    }
    sb.append("a one-off complaint,complaint\n");
    Files.writeString(rare, sb.toString());
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .csv(rare, "text", "label", ',')
                    .splitRatios(SplitRatios.of(0.2, 0.2, 0.6))
                    .trainer(TfidfLogRegTrainer.builder().epochs(1).build())
                    .outDir(tmp.resolve("out1"))
                    .build()
                    .run())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("label 'complaint'")
        .hasMessageContaining("was not seen in training");

    Path latin = tmp.resolve("latin.csv");
    Files.write(
        latin,
        "text,label\nhello,a\nna\u00efve,b\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    TextClassificationJob.Builder strict =
        TextClassificationJob.builder().csv(latin, "text", "label", ',').outDir(tmp.resolve("o2"));
    assertThatThrownBy(() -> strict.build().run())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("latin.csv, line 3")
        .hasMessageContaining("not valid UTF-8");

    Path blank = tmp.resolve("blank.csv");
    Files.writeString(blank, "text,label\n,a\n\" \",b\n");
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .csv(blank, "text", "label", ',')
                    .outDir(tmp.resolve("o3"))
                    .build()
                    .run())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("blank text");
    assertThatThrownBy(
            () ->
                TextClassificationJob.builder()
                    .csvCharset(java.nio.charset.StandardCharsets.ISO_8859_1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs csv(");
  }
}
