package dev.mle4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.tfidf.TfidfLogRegClassifier;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registered text classifier (TF-IDF + Tribuo logistic regression) scored by Spark. */
class SparkTextScoringTest {

  @TempDir Path tmp;

  @Test
  void textModelScoresEqualTheInProcessClassifier() throws IOException {
    Path sms = TestSpark.data().resolve("text").resolve("sms-spam").resolve("SMSSpamCollection");
    List<LabeledText> all = new ArrayList<>();
    for (String line : Files.readAllLines(sms, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0 && !line.substring(tab + 1).isBlank()) {
        all.add(new LabeledText(line.substring(tab + 1), line.substring(0, tab)));
      }
    }
    List<LabeledText> train = all.subList(0, 1500);
    List<LabeledText> test = all.subList(1500, 1900);
    Path registryRoot = tmp.resolve("registry");
    ModelRegistry registry = ModelRegistry.open(registryRoot);
    try (TfidfLogRegClassifier trained =
        TfidfLogRegTrainer.builder().epochs(2).build().train(train)) {
      ModelCard c = trained.card();
      ModelCard named =
          new ModelCard(
              "sms-tfidf",
              c.version(),
              c.task(),
              c.format(),
              c.labels(),
              c.metrics(),
              c.dataFingerprint(),
              c.parameters(),
              c.createdAt());
      trained.withCard(named).save(tmp.resolve("model"));
      registry.register("sms-tfidf", tmp.resolve("model"), named);
    }
    StringBuilder csv = new StringBuilder("id,label,message\n");
    for (int i = 0; i < test.size(); i++) {
      csv.append("m")
          .append(i)
          .append(',')
          .append(test.get(i).label())
          .append(",\"")
          .append(test.get(i).text().replace("\"", "\"\""))
          .append("\"\n");
    }
    Path input = tmp.resolve("sms.csv");
    Files.writeString(input, csv, StandardCharsets.UTF_8);

    SparkSession spark = TestSpark.session();
    ModelRef ref = ModelRef.resolve(registryRoot, "sms-tfidf", "latest");
    Dataset<Row> rows = DataFiles.read(spark, input.toString(), DataFiles.Format.AUTO);
    assertThatThrownBy(() -> SparkScorer.builder(ref).build().score(rows))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no text column 'text'");
    Dataset<Row> scored =
        SparkScorer.builder(ref)
            .textColumn("message")
            .outputPrefix("pred_")
            .batchSize(50)
            .build()
            .score(rows);
    Map<String, Row> byId = new HashMap<>();
    for (Row r : scored.select("id", "pred_label", "pred_confidence").collectAsList()) {
      byId.put(r.getString(0), r);
    }
    assertThat(byId).hasSize(test.size());

    try (TfidfLogRegClassifier local = TfidfLogRegClassifier.load(Path.of(ref.versionDir()))) {
      List<Classification> expected =
          local.classifyAll(test.stream().map(LabeledText::text).toList());
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        Row r = byId.get("m" + i);
        assertThat(r.getString(1)).as("m%d", i).isEqualTo(expected.get(i).label());
        assertThat(r.getDouble(2)).isCloseTo(expected.get(i).confidence(), within(1e-12));
        correct += r.getString(1).equals(test.get(i).label()) ? 1 : 0;
      }
      // a real classifier, not a constant
      assertThat(correct).isGreaterThan((int) (0.93 * test.size()));
    }
  }
}
