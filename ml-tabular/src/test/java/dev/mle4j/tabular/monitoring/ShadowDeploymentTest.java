package dev.mle4j.tabular.monitoring;

import static dev.mle4j.tabular.monitoring.LogFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.serving.PredictionLog;
import dev.mle4j.core.serving.PredictionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ShadowDeploymentTest {
  @TempDir Path dir;

  private static RowPredictor threshold(int cut) {
    return row -> {
      int x = ((Number) row.get("x")).intValue();
      if (cut == 52 && x == 13) {
        throw new IllegalStateException("candidate bug on x=13");
      }
      return x >= cut ? Prediction.of("yes", 0.5 + x / 200.0) : Prediction.of("no", 0.9);
    };
  }

  private String register(ModelRegistry registry, String content) throws IOException {
    Path art = Files.createDirectories(dir.resolve("art-" + content));
    Files.writeString(art.resolve("model.txt"), content);
    ModelCard card =
        new ModelCard(
            "churn",
            null,
            "tabular-classification",
            "test",
            List.of("no", "yes"),
            Map.of("accuracy", 0.9),
            "fp",
            Map.of(),
            T0);
    return registry.register("churn", art, card).version();
  }

  /** Primary: x >= 60 (accuracy 0.90); candidate: x >= 52 (0.98), fails on x = 13. */
  private Path shadowLog(String primaryVersion, String candidateVersion) throws IOException {
    Path log = dir.resolve("shadow.jsonl");
    StringBuilder labels = new StringBuilder("request_id,label\n");
    try (PredictionLog plog = PredictionLog.builder(log).build()) {
      try (ShadowDeployment shadow =
          ShadowDeployment.builder(
                  new ShadowDeployment.Model("churn", primaryVersion, threshold(60)),
                  new ShadowDeployment.Model("churn", candidateVersion, threshold(52)))
              .log(plog)
              .queueCapacity(200)
              .clock(Clock.fixed(T0, ZoneOffset.UTC))
              .build()) {
        for (int x = 0; x < 100; x++) {
          Prediction p = shadow.predict("req-" + x, Map.of("x", x));
          assertThat(p.label()).isEqualTo(x >= 60 ? "yes" : "no");
          labels.append("req-").append(x).append(',').append(x >= 50 ? "yes" : "no").append('\n');
        }
        shadow.close();
        assertThat(shadow.mirrored()).isEqualTo(100);
        assertThat(shadow.candidateErrors()).isEqualTo(1);
        assertThat(shadow.candidateCompleted()).isEqualTo(99);
        assertThat(shadow.candidateRejected()).isZero();
      }
    }
    Files.writeString(dir.resolve("labels.csv"), labels);
    return log;
  }

  @Test
  void logsBothAnswersAndPromotesABetterCandidate() throws IOException {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
    String v1 = register(registry, "primary");
    String v2 = register(registry, "candidate");
    registry.promote("churn", v1, "production");
    Path log = shadowLog(v1, v2);

    List<LoggedPrediction> records = PredictionLogReader.read(log);
    assertThat(records).hasSize(199);
    assertThat(records.stream().filter(r -> r.requestId().equals("req-70")))
        .extracting(LoggedPrediction::version)
        .containsExactlyInAnyOrder(v1, v2);

    ShadowComparison cmp =
        ShadowComparison.builder(v1, v2)
            .margin(0.05)
            .maxCandidateErrorRate(0.02)
            .minLabelled(50)
            .build();
    ShadowComparison.Report report = cmp.compare(log, dir.resolve("labels.csv"));
    assertThat(report.primaryRequests()).isEqualTo(100);
    assertThat(report.pairs()).isEqualTo(99);
    assertThat(report.candidateMissing()).isEqualTo(1);
    assertThat(report.candidateErrorRate()).isEqualTo(0.01);
    assertThat(report.agreementRate()).isCloseTo(91.0 / 99, within(1e-12)); // 52..59 disagree
    assertThat(report.labelled()).isEqualTo(99);
    assertThat(report.primaryMetric()).isCloseTo(89.0 / 99, within(1e-12));
    assertThat(report.candidateMetric()).isCloseTo(97.0 / 99, within(1e-12));
    assertThat(report.primaryLatency().p50()).isNotNaN();
    assertThat(report.candidateLatency().p50()).isNotNaN();
    assertThat(report.decision().promote()).isTrue();
    assertThat(report.decision().reason()).contains("candidate is better");

    Optional<ModelVersion> promoted = cmp.promoteIfBetter(report, registry, "churn", "production");
    assertThat(promoted).map(ModelVersion::version).contains(v2);
    assertThat(registry.stage("churn", "production")).map(ModelVersion::version).contains(v2);

    // stricter rules say no, and nothing is promoted
    ShadowComparison.Report strictErrors =
        ShadowComparison.builder(v1, v2)
            .maxCandidateErrorRate(0)
            .minLabelled(50)
            .build()
            .compare(log, dir.resolve("labels.csv"));
    assertThat(strictErrors.decision().promote()).isFalse();
    assertThat(strictErrors.decision().reason()).contains("missing-answer rate");
    ShadowComparison.Report bigMargin =
        ShadowComparison.builder(v1, v2)
            .margin(0.2)
            .maxCandidateErrorRate(0.02)
            .build()
            .compare(log, dir.resolve("labels.csv"));
    assertThat(bigMargin.decision().reason()).contains("not better by the margin");
    ShadowComparison.Report unlabelled =
        ShadowComparison.builder(v1, v2).maxCandidateErrorRate(0.02).build().compare(log);
    assertThat(unlabelled.primaryMetric()).isNaN();
    assertThat(unlabelled.decision().reason()).contains("only 0 labelled pairs");
    assertThat(
            ShadowComparison.builder(v1, v2)
                .build()
                .promoteIfBetter(unlabelled, registry, "churn", "staging"))
        .isEmpty();
    assertThat(registry.stage("churn", "staging")).isEmpty();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // a hang guard, not a timing assertion
  void aStuckCandidateNeverBlocksThePrimary() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    RowPredictor stuck =
        row -> {
          calls.incrementAndGet();
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Prediction.of(1.0);
        };
    Path log = dir.resolve("stuck.jsonl");
    try (PredictionLog plog = PredictionLog.builder(log).build();
        ShadowDeployment shadow =
            ShadowDeployment.builder(
                    new ShadowDeployment.Model("bikes", "p", row -> Prediction.of(2.0)),
                    new ShadowDeployment.Model("bikes", "c", stuck))
                .log(plog)
                .threads(1)
                .queueCapacity(1)
                .build()) {
      assertThat(shadow.predict("a", Map.of("x", 1)).value()).isEqualTo(2.0);
      started.await();
      for (int i = 0; i < 4; i++) {
        assertThat(shadow.predict(Map.of("x", i)).value()).isEqualTo(2.0);
      }
      assertThat(shadow.mirrored()).isEqualTo(2); // one running, one queued
      assertThat(shadow.candidateRejected()).isEqualTo(3);
      release.countDown();
    }
    assertThat(calls.get()).isEqualTo(2);
    List<LoggedPrediction> records = PredictionLogReader.read(log);
    assertThat(records).hasSize(7);
    ShadowComparison.Report report =
        ShadowComparison.builder("p", "c").build().compare(records, Map.of());
    assertThat(report.regression()).isTrue();
    assertThat(report.pairs()).isEqualTo(2);
    assertThat(report.candidateMissing()).isEqualTo(3);
    assertThat(report.meanAbsDifference()).isEqualTo(1.0);
    assertThat(report.agreementRate()).isZero();
    assertThat(report.decision().promote()).isFalse();
  }

  @Test
  void regressionMetricsAndPrimaryErrors() throws IOException {
    Path log = dir.resolve("reg.jsonl");
    List<PredictionRecord> rs = new ArrayList<>();
    double[] truth = {10, 20, 30, 40};
    StringBuilder labels = new StringBuilder("request_id,label\n");
    for (int i = 0; i < 4; i++) {
      rs.add(LogFixtures.reg(T0, "r" + i, "p", Map.of("x", i), truth[i] + 4, 2));
      rs.add(LogFixtures.reg(T0, "r" + i, "c", Map.of("x", i), truth[i] - 1, 3));
      labels.append("r").append(i).append(',').append(truth[i]).append('\n');
    }
    LogFixtures.write(log, rs);
    Path csv = Files.writeString(dir.resolve("labels.csv"), labels);
    ShadowComparison.Report report =
        ShadowComparison.builder("p", "c")
            .minLabelled(4)
            .margin(1)
            .tolerance(0.5)
            .build()
            .compare(log, csv);
    assertThat(report.metric()).isEqualTo("rmse");
    assertThat(report.primaryMetric()).isEqualTo(4.0);
    assertThat(report.candidateMetric()).isEqualTo(1.0);
    assertThat(report.meanAbsDifference()).isEqualTo(5.0);
    assertThat(report.primaryLatency().mean()).isEqualTo(2.0);
    assertThat(report.candidateLatency().mean()).isEqualTo(3.0);
    assertThat(report.decision().promote()).isTrue();

    try (PredictionLog plog = PredictionLog.builder(dir.resolve("err.jsonl")).build();
        ShadowDeployment shadow =
            ShadowDeployment.builder(
                    new ShadowDeployment.Model(
                        "m",
                        "p",
                        row -> {
                          throw new IllegalArgumentException("primary down");
                        }),
                    new ShadowDeployment.Model("m", "c", row -> Prediction.of(1.0)))
                .log(plog)
                .build()) {
      assertThatThrownBy(() -> shadow.predict(Map.of("x", 1))).hasMessage("primary down");
      assertThat(shadow.mirrored()).isZero();
    }
  }

  @Test
  void badInputs() throws IOException {
    RowPredictor any = row -> Prediction.of(1.0);
    assertThatThrownBy(
            () ->
                ShadowDeployment.builder(
                    new ShadowDeployment.Model("m", "v", any),
                    new ShadowDeployment.Model("m", "v", any)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("same model version m@v");
    assertThatThrownBy(
            () ->
                ShadowDeployment.builder(
                        new ShadowDeployment.Model("m", "p", any),
                        new ShadowDeployment.Model("m", "c", any))
                    .build())
        .hasMessageContaining("needs a prediction log");
    assertThatThrownBy(() -> new ShadowDeployment.Model("m", " ", any))
        .hasMessageContaining("version");
    assertThatThrownBy(() -> ShadowComparison.builder("v", "v"))
        .hasMessageContaining("same version");
    Path log =
        LogFixtures.write(
            dir.resolve("other.jsonl"),
            List.of(LogFixtures.reg(T0, "a", "x", Map.of("x", 1), 1.0, 1)));
    assertThatThrownBy(() -> ShadowComparison.builder("p", "c").build().compare(log))
        .hasMessageContaining("no records of the primary version p");
    assertThatThrownBy(
            () -> ShadowComparison.builder("p", "c").build().compare(log, dir.resolve("no.csv")))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ShadowComparison.builder("p", "c").margin(-1))
        .hasMessageContaining("margin");
    assertThatThrownBy(() -> Prediction.of(Double.NaN)).hasMessageContaining("finite");
  }
}
