package dev.mle4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.serving.BatchPredictor;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores real registered models with Spark and compares with the single-JVM scorer. */
class SparkScorerTest {

  @TempDir static Path tmp;
  private static Path registryRoot;
  private static ModelVersion classifier;
  private static ModelVersion regressor;
  private static Path inputCsv;
  private static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    Path data = TestSpark.data();
    DataFrame titanic = TitanicModels.read(data);
    registryRoot = tmp.resolve("registry");
    ModelRegistry registry = ModelRegistry.open(registryRoot);
    classifier = TitanicModels.registerClassifier(titanic, tmp.resolve("work"), registry);
    regressor = TitanicModels.registerRegressor(titanic, tmp.resolve("work"), registry);
    inputCsv = TitanicModels.withRowIds(data, tmp.resolve("titanic-with-ids.csv"));
    spark = TestSpark.session();
  }

  @Test
  void csvToParquetScoringEqualsSingleJvmBatchPredictionRowForRow() throws Exception {
    ModelRef ref = ModelRef.resolve(registryRoot, "titanic-survival", "latest");
    assertThat(ref.version()).isEqualTo(classifier.version());
    String out = tmp.resolve("scored-survival").toString();
    ScoreResult result =
        SparkScorer.builder(ref)
            .batchSize(64)
            .build()
            .scoreFile(spark, inputCsv.toString(), DataFiles.Format.AUTO, out, false);
    assertThat(result.rows()).isEqualTo(891);
    assertThat(result.modelVersion()).isEqualTo(classifier.version());

    // the single-JVM scorer of the same registered artifact
    Path expectedCsv = tmp.resolve("expected-survival.csv");
    try (TabularPredictor p = TabularPredictor.load(classifier.dir())) {
      BatchPredictor.builder(p).idColumn("row_id").build().predict(inputCsv, expectedCsv);
    }
    CsvTable expected = CsvReader.builder().build().read(expectedCsv);
    Map<String, Row> byId = new HashMap<>();
    Dataset<Row> scored = spark.read().parquet(out);
    assertThat(scored.columns()).contains("row_id", "survived", "label", "confidence");
    for (Row r : scored.select("row_id", "label", "confidence", "model_version").collectAsList()) {
      byId.put(r.getString(0), r);
    }
    assertThat(byId).hasSize(expected.size());
    int differentLabels = 0;
    for (int i = 0; i < expected.size(); i++) {
      Row r = byId.get(expected.value(i, "row_id"));
      assertThat(r).as("row %s", expected.value(i, "row_id")).isNotNull();
      String label = expected.value(i, "label");
      assertThat(r.getString(1)).as("label of %s", r.getString(0)).isEqualTo(label);
      double p = Double.parseDouble(expected.value(i, "probability_" + label));
      assertThat(r.getDouble(2)).as("confidence of %s", r.getString(0)).isCloseTo(p, within(1e-12));
      assertThat(r.getString(3)).isEqualTo(classifier.version());
      differentLabels += label.equals("1") ? 1 : 0;
    }
    // a real model: both classes predicted
    assertThat(differentLabels).isBetween(100, 800);
    assertThat(ExecutorCache.contains(ref.cacheKey())).isTrue();
  }

  @Test
  void regressorScoresEqualSingleJvmPredictions() {
    ModelRef ref = ModelRef.resolve(registryRoot, "titanic-fare", regressor.version());
    Dataset<Row> input = DataFiles.read(spark, inputCsv.toString(), DataFiles.Format.CSV);
    Dataset<Row> scored = SparkScorer.builder(ref).batchSize(100).build().score(input);
    assertThat(scored.columns()).contains("score", "model_version").doesNotContain("label");
    List<Row> rows = scored.select("row_id", "score").collectAsList();

    Path expectedCsv = tmp.resolve("expected-fare.csv");
    try (TabularPredictor p = TabularPredictor.load(regressor.dir())) {
      BatchPredictor.builder(p).idColumn("row_id").build().predict(inputCsv, expectedCsv);
    }
    CsvTable expected = CsvReader.builder().build().read(expectedCsv);
    Map<String, Double> want = new HashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      want.put(expected.value(i, "row_id"), Double.parseDouble(expected.value(i, "prediction")));
    }
    assertThat(rows).hasSize(891);
    for (Row r : rows) {
      assertThat(r.getDouble(1))
          .as(r.getString(0))
          .isCloseTo(want.get(r.getString(0)), within(1e-9));
    }
  }

  @Test
  void featuresOfARegisteredTabularModelEqualItsPipeline() {
    ModelRef ref = ModelRef.resolve(registryRoot, "titanic-survival", "latest");
    SparkFeatures features = SparkFeatures.builder(ref).keepColumns(List.of("row_id")).build();
    Dataset<Row> input = DataFiles.read(spark, inputCsv.toString(), DataFiles.Format.CSV);
    List<Row> rows = features.transform(input).collectAsList();
    FeatureMatrix expected;
    try (TabularPredictor p = TabularPredictor.load(classifier.dir())) {
      expected = p.artifact().pipeline().transform(TitanicModels.read(TestSpark.data()));
      assertThat(features.features()).isEqualTo(p.artifact().pipeline().features());
    }
    assertThat(rows).hasSize(expected.size());
    for (Row r : rows) {
      int i = Integer.parseInt(r.getString(0).substring(1)) - 1;
      double[] got = new double[expected.names().size()];
      for (int j = 0; j < got.length; j++) {
        got[j] = r.getDouble(1 + j);
      }
      assertThat(got).as(r.getString(0)).containsExactly(expected.rows()[i]);
    }
    ModelRef text = new ModelRef(registryRoot.toString(), "x", "000000000000", tmp.toString());
    assertThatThrownBy(() -> SparkFeatures.builder(text))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("only tabular models carry a feature pipeline");
  }

  @Test
  void theClosureCarriesTheReferenceNotTheModel() throws Exception {
    ModelRef ref = ModelRef.resolve(registryRoot, "titanic-survival", classifier.version());
    PartitionScorer f = new PartitionScorer(ref, new String[] {"a", "b"}, "text", 256, false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(f);
    }
    long modelBytes;
    try (var files = Files.walk(classifier.dir())) {
      modelBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(bytes.size()).isLessThan(2048).isLessThan((int) modelBytes);
  }

  @Test
  void invalidRowsFailTheJobNamingTheFieldOrAreKeptWithAnError() {
    ModelRef ref = ModelRef.resolve(registryRoot, "titanic-survival", "latest");
    Dataset<Row> input =
        DataFiles.read(spark, inputCsv.toString(), DataFiles.Format.CSV)
            .withColumn(
                "sex",
                functions
                    .when(functions.col("row_id").equalTo("R5"), functions.lit("alien"))
                    .otherwise(functions.col("sex")));
    String out = tmp.resolve("scored-invalid").toString();
    assertThatThrownBy(
            () -> DataFiles.writeParquet(SparkScorer.builder(ref).build().score(input), out, true))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("field 'sex' has unknown category 'alien'");

    Dataset<Row> kept = SparkScorer.builder(ref).keepInvalidRows(true).build().score(input).cache();
    List<Row> bad = kept.filter(functions.col("error").isNotNull()).collectAsList();
    assertThat(bad).hasSize(1);
    assertThat(bad.get(0).<String>getAs("row_id")).isEqualTo("R5");
    assertThat(bad.get(0).<String>getAs("label")).isNull();
    assertThat(kept.filter(functions.col("label").isNotNull()).count()).isEqualTo(890);
  }

  @Test
  void badInputsGiveClearMessages() {
    assertThatThrownBy(() -> ModelRef.resolve(registryRoot, "no-such-model", "latest"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model 'no-such-model' is not registered")
        .hasMessageContaining("titanic-survival");
    assertThatThrownBy(() -> ModelRef.resolve(tmp.resolve("nowhere"), "titanic-survival", null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ModelRef.resolve(registryRoot, "titanic-survival", "production"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no version in stage 'production'");

    ModelRef ref = ModelRef.resolve(registryRoot, "titanic-survival", "latest");
    Dataset<Row> noSex =
        DataFiles.read(spark, inputCsv.toString(), DataFiles.Format.CSV).drop("sex", "deck");
    assertThatThrownBy(() -> SparkScorer.builder(ref).build().score(noSex))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("input lacks column(s) [sex, deck]");

    Dataset<Row> hasLabel =
        DataFiles.read(spark, inputCsv.toString(), DataFiles.Format.CSV)
            .withColumn("label", functions.lit("x"));
    assertThatThrownBy(() -> SparkScorer.builder(ref).build().score(hasLabel))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("already has a column 'label'");
    assertThat(SparkScorer.builder(ref).outputPrefix("pred_").build().score(hasLabel).columns())
        .contains("label", "pred_label", "pred_confidence");

    assertThatThrownBy(
            () ->
                SparkScorer.builder(ref)
                    .build()
                    .scoreFile(
                        spark,
                        tmp.resolve("missing.csv").toString(),
                        DataFiles.Format.AUTO,
                        tmp.resolve("o").toString(),
                        false))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("missing.csv does not exist");

    assertThatThrownBy(() -> SparkSessions.open("lokal[2]", "bad"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("invalid Spark master URL 'lokal[2]'");
    assertThatThrownBy(() -> SparkSessions.checkMaster("local[0]")).isInstanceOf(MlException.class);
    assertThat(SparkSessions.checkMaster("spark://host:7077")).isEqualTo("spark://host:7077");
    assertThat(SparkSessions.checkMaster("local[*]")).isEqualTo("local[*]");
  }
}
