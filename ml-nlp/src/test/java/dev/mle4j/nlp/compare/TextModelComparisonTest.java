package dev.mle4j.nlp.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextModelComparisonTest {

  @TempDir Path tmp;

  /** Always answers the most frequent training label: a real baseline, not a stand-in. */
  static final class MajorityTrainer implements TextClassifierTrainer {
    @Override
    public String name() {
      return "majority";
    }

    @Override
    public SavableTextClassifier train(List<LabeledText> train, List<LabeledText> validation) {
      long spam = train.stream().filter(t -> t.label().equals("spam")).count();
      String label = spam * 2 > train.size() ? "spam" : "ham";
      return new SavableTextClassifier() {
        @Override
        public Classification classify(String input) {
          return Classification.fromScores(
              List.of("ham", "spam"),
              label.equals("ham") ? new double[] {1, 0} : new double[] {0, 1});
        }

        @Override
        public List<String> labels() {
          return List.of("ham", "spam");
        }

        @Override
        public ModelCard card() {
          return new ModelCard(
              "majority",
              "",
              "text-classification",
              "majority/v1",
              labels(),
              Map.of(),
              "",
              Map.of("label", label),
              Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Override
        public void save(Path dir) {
          ModelCardJson.write(card(), dir.resolve(ModelCardJson.FILE_NAME));
        }
      };
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }
  }

  /** Fails while training, to show the comparison goes on. */
  static final class FailingTrainer implements TextClassifierTrainer {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public SavableTextClassifier train(List<LabeledText> train, List<LabeledText> validation) {
      throw new MlException("out of luck");
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }
  }

  static List<LabeledText> data() {
    Random rnd = new Random(7);
    String[] hamWords = {"lunch", "meeting", "home", "later", "call", "tonight", "bus", "thanks"};
    String[] spamWords = {"free", "prize", "winner", "claim", "cash", "urgent", "offer", "txt"};
    List<LabeledText> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      boolean spam = i % 4 == 0;
      String[] words = spam ? spamWords : hamWords;
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 6; w++) {
        sb.append(words[rnd.nextInt(words.length)]).append(' ');
      }
      rows.add(new LabeledText(sb.toString().trim(), spam ? "spam" : "ham"));
    }
    return rows;
  }

  @Test
  void comparesModelsOnTheSameTestRowsAndWritesEveryOutput() throws Exception {
    Path out = tmp.resolve("cmp");
    ComparisonResult result =
        TextModelComparison.builder()
            .data("synthetic", data(), "abc")
            .add(TfidfLogRegTrainer.builder().seed(1).build())
            .add(new MajorityTrainer())
            .add(new FailingTrainer())
            .outDir(out)
            .build()
            .run();

    assertThat(result.models())
        .extracting(ModelResult::name)
        .containsExactly("tfidf-logreg", "majority");
    assertThat(result.failures()).containsOnlyKeys("broken");
    assertThat(result.testRows()).isEqualTo(30);
    ModelResult tfidf = result.models().get(0);
    ModelResult majority = result.models().get(1);
    assertThat(tfidf.test().macroF1()).isGreaterThan(0.95);
    // 8 of the 30 stratified test rows are spam, all wrong for the majority (ham) model
    assertThat(majority.test().accuracy()).isEqualTo(22.0 / 30);
    assertThat(result.best()).map(ModelResult::name).contains("tfidf-logreg");
    // every spam row is wrong for the majority model; tfidf-logreg gets them right, so no row is
    // wrong for both
    assertThat(result.sharedErrors()).isZero();
    assertThat(tfidf.p50Ms()).isPositive();
    assertThat(tfidf.p99Ms()).isGreaterThanOrEqualTo(tfidf.p50Ms());
    assertThat(tfidf.throughputBatch32()).isPositive();
    assertThat(tfidf.sizeBytes()).isPositive();

    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.get("models").has("tfidf-logreg")).isTrue();
    assertThat(metrics.get("models").get("majority").get("accuracy").asDouble())
        .isEqualTo(22.0 / 30);
    for (String key : List.of("accuracy", "macro_f1", "train_seconds", "p50_ms", "size_bytes")) {
      assertThat(metrics.get("models").get("tfidf-logreg").has(key)).as(key).isTrue();
    }
    assertThat(metrics.get("failed_models").toString()).contains("broken");
    assertThat(metrics.get("best_model").asText()).isEqualTo("tfidf-logreg");

    List<String> table = Files.readAllLines(out.resolve("comparison_table.csv"));
    assertThat(table).hasSize(3);
    assertThat(table.get(0)).startsWith("model,accuracy,macro_f1");
    List<String> errors = Files.readAllLines(out.resolve("errors.csv"));
    assertThat(errors.stream().filter(l -> l.startsWith("majority,")).count()).isEqualTo(8);
    for (String f :
        List.of(
            "report.html",
            "model-card.json",
            "split.json",
            "accuracy_vs_latency.png",
            "macro_f1.png",
            "train_seconds.png",
            "confusion-tfidf-logreg.png",
            "models/tfidf-logreg/model-card.json")) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("Error analysis")
        .contains("broken");
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> TextModelComparison.builder().outDir(tmp).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no data");
    assertThatThrownBy(
            () -> TextModelComparison.builder().data("d", data(), "").outDir(tmp).build())
        .hasMessageContaining("no models");
    assertThatThrownBy(
            () ->
                TextModelComparison.builder()
                    .data("d", data(), "")
                    .add(new MajorityTrainer())
                    .add(new MajorityTrainer())
                    .outDir(tmp)
                    .build())
        .hasMessageContaining("listed twice");
    List<LabeledText> oneClass =
        List.of(new LabeledText("a b", "ham"), new LabeledText("c d", "ham"));
    assertThatThrownBy(
            () ->
                TextModelComparison.builder()
                    .data("d", oneClass, "")
                    .add(new MajorityTrainer())
                    .outDir(tmp)
                    .build()
                    .run())
        .hasMessageContaining("need at least two");
  }

  @Test
  void percentileIsNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(TextModelComparison.percentile(sorted, 50)).isEqualTo(5);
    assertThat(TextModelComparison.percentile(sorted, 99)).isEqualTo(10);
    assertThat(TextModelComparison.percentile(new double[0], 50)).isNaN();
  }
}
