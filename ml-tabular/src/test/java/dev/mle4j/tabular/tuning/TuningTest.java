package dev.mle4j.tabular.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.MetricDirection;
import dev.mle4j.tabular.eval.ToyLearners;
import dev.mle4j.tabular.features.StepPipeline;
import dev.mle4j.tabular.model.ParamSpace;
import dev.mle4j.tabular.model.TabularLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningTest {

  private static final ToyLearners.Data DATA = ToyLearners.regression(40, 0.05, 21);
  private static final StepPipeline IDENTITY = StepPipeline.of(List.of());
  private static final CrossValidation CV = CrossValidation.builder().folds(3).seed(1).build();

  /** The best fixed line is w = 3, b = 1; rmse grows with the distance from it. */
  private static final Function<Map<String, Object>, TabularLearner> LINE =
      p ->
          new ToyLearners.FixedLineLearner(
              ((Number) p.get("w")).doubleValue(),
              ((Number) p.getOrDefault("b", 1.0)).doubleValue());

  private static ParamSpace space2d() {
    Map<String, ParamSpace.Param> m = new LinkedHashMap<>();
    m.put("w", new ParamSpace.DoubleRange(0, 10, false));
    m.put("b", new ParamSpace.DoubleRange(-5, 5, false));
    return new ParamSpace(m);
  }

  private static ParamSpace space1d() {
    return new ParamSpace(Map.of("w", new ParamSpace.DoubleRange(0.01, 100, true)));
  }

  private static TuningSetup setup(ParamSpace space, int budget, long seed) {
    return TuningSetup.of(space, LINE, budget, CV, "rmse", seed);
  }

  @Test
  void randomSearchIsDeterministicAndFindsTheBestTrial() {
    TuningResult a = new RandomSearch(setup(space2d(), 12, 5)).run(DATA.x(), DATA.y(), IDENTITY);
    TuningResult b = new RandomSearch(setup(space2d(), 12, 5)).run(DATA.x(), DATA.y(), IDENTITY);
    assertThat(a.trials()).hasSize(12);
    for (int i = 0; i < 12; i++) {
      assertThat(a.trials().get(i).params()).isEqualTo(b.trials().get(i).params());
      assertThat(a.trials().get(i).score()).isEqualTo(b.trials().get(i).score());
    }
    double min = a.trials().stream().mapToDouble(Trial::score).min().orElseThrow();
    assertThat(a.bestScore()).isEqualTo(min);
    assertThat(a.best().params()).isEqualTo(a.bestParams());
    assertThat(a.direction()).isEqualTo(MetricDirection.LOWER_IS_BETTER);
    assertThat(a.bestSoFar()[11]).isEqualTo(min);
    TuningResult other =
        new RandomSearch(setup(space2d(), 12, 6)).run(DATA.x(), DATA.y(), IDENTITY);
    assertThat(other.trials().get(0).params()).isNotEqualTo(a.trials().get(0).params());
  }

  @Test
  void tpeIsDeterministicAndBeatsRandomSearchWithTheSameBudget() {
    double tpeTotal = 0;
    double randomTotal = 0;
    for (long seed = 1; seed <= 4; seed++) {
      for (ParamSpace space : List.of(space1d(), space2d())) {
        TuningResult tpe = new TpeSearch(setup(space, 30, seed)).run(DATA.x(), DATA.y(), IDENTITY);
        TuningResult random =
            new RandomSearch(setup(space, 30, seed)).run(DATA.x(), DATA.y(), IDENTITY);
        assertThat(tpe.trials()).hasSize(30);
        // the first startup trials are the same random draws as random search
        assertThat(tpe.trials().get(0).params()).isEqualTo(random.trials().get(0).params());
        tpeTotal += tpe.bestScore();
        randomTotal += random.bestScore();
      }
    }
    assertThat(tpeTotal).isLessThanOrEqualTo(randomTotal);
    TuningResult a = new TpeSearch(setup(space2d(), 20, 9)).run(DATA.x(), DATA.y(), IDENTITY);
    TuningResult b = new TpeSearch(setup(space2d(), 20, 9)).run(DATA.x(), DATA.y(), IDENTITY);
    assertThat(a.trials().stream().map(Trial::params).toList())
        .isEqualTo(b.trials().stream().map(Trial::params).toList());
    // after the start-up phase TPE concentrates near the optimum w = 3
    double lateMean =
        a.trials().subList(10, 20).stream()
            .mapToDouble(t -> Math.abs((Double) t.params().get("w") - 3))
            .average()
            .orElseThrow();
    double earlyMean =
        a.trials().subList(0, 10).stream()
            .mapToDouble(t -> Math.abs((Double) t.params().get("w") - 3))
            .average()
            .orElseThrow();
    assertThat(lateMean).isLessThan(earlyMean);
  }

  @Test
  void tpeHandlesIntegerRangesAndChoices() {
    Map<String, ParamSpace.Param> m = new LinkedHashMap<>();
    m.put("w", new ParamSpace.IntRange(0, 8));
    m.put("b", new ParamSpace.Choice(List.of(-1.0, 1.0, 4.0)));
    TuningResult r =
        new TpeSearch(setup(new ParamSpace(m), 20, 3))
            .withStartupTrials(5)
            .run(DATA.x(), DATA.y(), IDENTITY);
    for (Trial t : r.trials()) {
      assertThat(t.params().get("w")).isInstanceOf(Integer.class);
      assertThat((Integer) t.params().get("w")).isBetween(0, 8);
      assertThat(t.params().get("b")).isIn(-1.0, 1.0, 4.0);
    }
    assertThat(r.bestParams()).containsEntry("w", 3).containsEntry("b", 1.0);
  }

  @Test
  void maximisingMetricsPickTheHighestScore() {
    TuningSetup s =
        new TuningSetup(space2d(), LINE, 8, CV, "r2", MetricDirection.HIGHER_IS_BETTER, 4);
    TuningResult r = new TpeSearch(s).withStartupTrials(3).run(DATA.x(), DATA.y(), IDENTITY);
    double max = r.trials().stream().mapToDouble(Trial::score).max().orElseThrow();
    assertThat(r.bestScore()).isEqualTo(max);
  }

  @Test
  void failedTrialsAreRecordedAndAllFailingIsAnError() {
    Function<Map<String, Object>, TabularLearner> picky =
        p -> {
          if ((Double) p.get("w") > 5) {
            throw new MlException("w too large");
          }
          return LINE.apply(p);
        };
    TuningResult r =
        new RandomSearch(
                new TuningSetup(
                    space2d(), picky, 10, CV, "rmse", MetricDirection.LOWER_IS_BETTER, 2))
            .run(DATA.x(), DATA.y(), IDENTITY);
    assertThat(r.trials()).anyMatch(t -> !t.ok() && t.error().equals("w too large"));
    assertThat(r.trials()).anyMatch(Trial::ok);
    assertThat((Double) r.bestParams().get("w")).isLessThanOrEqualTo(5);
    assertThatThrownBy(
            () ->
                new RandomSearch(TuningSetup.of(space2d(), LINE, 3, CV, "accuracy", 1))
                    .run(DATA.x(), DATA.y(), IDENTITY))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("all 3 tuning trials failed")
        .hasMessageContaining("accuracy");
  }

  @Test
  void writesTrialsAsCsvAndJson(@TempDir Path dir) throws Exception {
    TuningResult r = new RandomSearch(setup(space2d(), 4, 1)).run(DATA.x(), DATA.y(), IDENTITY);
    Path csv = dir.resolve("trials.csv");
    r.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("trial,w,b,rows,rung,score,std,seconds,error");
    assertThat(lines.get(1)).startsWith("0," + r.trials().get(0).params().get("w") + ",");
    Path json = dir.resolve("trials.json");
    r.writeJson(json);
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertThat(root.get("sampler").asText()).isEqualTo("random");
    assertThat(root.get("best_score").asDouble()).isEqualTo(r.bestScore());
    assertThat(root.get("trials")).hasSize(4);
    assertThat(root.get("best_params").get("w").asDouble()).isEqualTo(r.bestParams().get("w"));
  }

  @Test
  void successiveHalvingGrowsRowsAndKeepsTheBestThird() {
    var data = ToyLearners.regression(270, 0.05, 13);
    TuningSetup s = TuningSetup.of(space2d(), LINE, 27, CV, "rmse", 3);
    TuningResult sh = new SuccessiveHalving(s).withMinRows(20).run(data.x(), data.y(), IDENTITY);
    assertThat(sh.sampler()).isEqualTo("successive-halving");
    assertThat(sh.trials()).hasSize(27 + 9 + 3 + 1);
    assertThat(sh.trials().stream().map(Trial::rows).distinct().toList())
        .containsExactly(20, 30, 90, 270);
    assertThat(sh.trials().stream().map(Trial::rung).distinct().toList())
        .containsExactly(0, 1, 2, 3);
    Trial winner = sh.best();
    assertThat(winner.rows()).isEqualTo(270);
    assertThat(winner.rung()).isEqualTo(3);
    // rung 1 holds the best third of rung 0
    List<Trial> rung0 = sh.trials().subList(0, 27);
    double cut =
        rung0.stream().mapToDouble(Trial::score).sorted().skip(8).findFirst().orElseThrow();
    for (Trial t : sh.trials().subList(27, 36)) {
      double firstScore =
          rung0.stream()
              .filter(r -> r.params().equals(t.params()))
              .findFirst()
              .orElseThrow()
              .score();
      assertThat(firstScore).isLessThanOrEqualTo(cut);
    }
    // it starts from the same 27 configurations random search would try and keeps a good one
    TuningResult random = new RandomSearch(s).run(data.x(), data.y(), IDENTITY);
    assertThat(sh.bestScore()).isLessThanOrEqualTo(random.bestScore() * 1.2);
    TuningResult again = new SuccessiveHalving(s).withMinRows(20).run(data.x(), data.y(), IDENTITY);
    assertThat(again.bestParams()).isEqualTo(sh.bestParams());
    assertThatThrownBy(() -> new SuccessiveHalving(s).withEta(1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("eta >= 2");
  }

  @Test
  void successiveHalvingKeepsClassesInSmallClassificationSubsets() {
    var blobs = ToyLearners.blobs(90, 3, 2);
    Map<String, ParamSpace.Param> m = new LinkedHashMap<>();
    m.put("lambda", new ParamSpace.DoubleRange(1e-4, 10, true));
    TuningSetup s =
        TuningSetup.of(
            new ParamSpace(m),
            p -> new dev.mle4j.tabular.ensemble.LogisticMetaLearner((Double) p.get("lambda"), 50),
            9,
            CrossValidation.builder().folds(3).build(),
            "log_loss",
            5);
    TuningResult r = new SuccessiveHalving(s).withMinRows(12).run(blobs.x(), blobs.y(), IDENTITY);
    assertThat(r.trials()).allMatch(Trial::ok);
    assertThat(r.trials().get(0).rows()).isEqualTo(12);
    assertThat(r.best().rows()).isEqualTo(90);
  }

  @Test
  void badSetupsAreRejected() {
    assertThatThrownBy(() -> setup(space2d(), 0, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("budget must be at least 1");
    assertThatThrownBy(() -> setup(new ParamSpace(Map.of()), 5, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("parameter space is empty");
    assertThatThrownBy(() -> TuningSetup.of(space2d(), LINE, 5, CV, " ", 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no metric");
    assertThatThrownBy(() -> new TpeSearch(setup(space2d(), 5, 1)).withGamma(1.5))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("gamma");
  }
}
