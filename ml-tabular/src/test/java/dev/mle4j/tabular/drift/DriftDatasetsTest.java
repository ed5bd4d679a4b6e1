package dev.mle4j.tabular.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real data: a random split of titanic / bike-sharing is not dataset drift, a deliberately shifted
 * copy is; every column's score equals Evidently's within 1e-6. The expected numbers come from
 * {@code benchmarks/peers/drift_evidently.py DATASET [--shift] --psi} (Evidently 0.7.23, SciPy
 * 1.17.1, pandas 2.2), which splits and shifts exactly like {@link #split} and {@link #shift}.
 */
class DriftDatasetsTest {
  private static final Logger LOG = LoggerFactory.getLogger(DriftDatasetsTest.class);

  private record Expected(String test, double score, double psi) {}

  /**
   * Evidently 0.7.23 drift_score, test and scipy PSI per column (titanic; share
   * 0.3333333333333333).
   */
  private static final Map<String, Expected> TITANIC_SPLIT =
      Map.ofEntries(
          Map.entry("survived", new Expected("z", 0.19645374104951951, 0.007523520825267704)),
          Map.entry("pclass", new Expected("chisquare", 0.7124061593703155, 0.0015846950635596514)),
          Map.entry("age", new Expected("ks", 0.2610502387039827, 0.05232430093833883)),
          Map.entry("sibsp", new Expected("ks", 0.9999999989650562, 0.02521664321345342)),
          Map.entry("parch", new Expected("ks", 0.999999999996404, 0.06309594882939812)),
          Map.entry("fare", new Expected("ks", 0.5378977379199642, 0.030351061642702147)),
          Map.entry("sex", new Expected("z", 0.024016473043876996, 0.023040900933422793)),
          Map.entry(
              "embarked", new Expected("chisquare", 0.021891863461694822, 0.02156946244341251)),
          Map.entry("class", new Expected("chisquare", 0.7124061593703155, 0.0015846950635596514)),
          Map.entry("who", new Expected("chisquare", 0.000769487369105841, 0.03459387258311321)),
          Map.entry("adult_male", new Expected("z", 0.1294183972006091, 0.010371307299708497)),
          Map.entry("deck", new Expected("chisquare", 0.021515694356670733, 0.1743964203329344)),
          Map.entry(
              "embark_town", new Expected("chisquare", 0.021891863461694822, 0.02156946244341251)),
          Map.entry("alive", new Expected("z", 0.19645374104951951, 0.007523520825267704)),
          Map.entry("alone", new Expected("z", 0.8975237521286876, 7.464827257950752e-05)));

  /**
   * Evidently 0.7.23 drift_score, test and scipy PSI per column (titanic--shift; share
   * 0.7333333333333333).
   */
  private static final Map<String, Expected> TITANIC_SHIFT =
      Map.ofEntries(
          Map.entry("survived", new Expected("z", 0.19645374104951951, 0.007523520825267704)),
          Map.entry("pclass", new Expected("chisquare", 2.828799608329482e-177, 5.450225401876081)),
          Map.entry("age", new Expected("ks", 1.8685033579707377e-13, 0.846700953045225)),
          Map.entry("sibsp", new Expected("ks", 4.882815304398493e-101, 7.112707818714445)),
          Map.entry("parch", new Expected("ks", 3.015511302186482e-129, 8.228926496391274)),
          Map.entry("fare", new Expected("ks", 1.0363090797011915e-27, 0.199388124216184)),
          Map.entry("sex", new Expected("z", 0.024016473043876996, 0.023040900933422793)),
          Map.entry("embarked", new Expected("chisquare", 0.0, 7.669391707940641)),
          Map.entry("class", new Expected("chisquare", 2.828799608329482e-177, 5.450225401876081)),
          Map.entry("who", new Expected("chisquare", 0.000769487369105841, 0.03459387258311321)),
          Map.entry("adult_male", new Expected("z", 0.1294183972006091, 0.010371307299708497)),
          Map.entry("deck", new Expected("chisquare", 0.021515694356670733, 0.17439642033293443)),
          Map.entry("embark_town", new Expected("chisquare", 0.0, 7.669391707940641)),
          Map.entry("alive", new Expected("z", 0.19645374104951951, 0.007523520825267704)),
          Map.entry("alone", new Expected("z", 0.8975237521286876, 7.464827257950752e-05)));

  /** Evidently 0.7.23 drift_score, test and scipy PSI per column (bike-sharing-hour; share 0.0). */
  private static final Map<String, Expected> BIKE_SPLIT =
      Map.ofEntries(
          Map.entry(
              "season", new Expected("jensenshannon", 0.013801901609563195, 0.0015240850123097584)),
          Map.entry(
              "yr", new Expected("jensenshannon", 0.003307643597277768, 8.752436855498572e-05)),
          Map.entry(
              "mnth", new Expected("wasserstein", 0.022558283867505212, 0.0033835940396103334)),
          Map.entry("hr", new Expected("wasserstein", 0.01116457624661128, 0.0015179607779133041)),
          Map.entry(
              "holiday",
              new Expected("jensenshannon", 0.004293851932176746, 0.00014752705054757575)),
          Map.entry(
              "weekday", new Expected("wasserstein", 0.007476237633900071, 0.0010916618524116435)),
          Map.entry(
              "workingday",
              new Expected("jensenshannon", 0.0012313352746806086, 1.2129502379107385e-05)),
          Map.entry(
              "weathersit",
              new Expected("jensenshannon", 0.004512972620719804, 0.00016455526862079194)),
          Map.entry("temp", new Expected("wasserstein", 0.03893705664665412, 0.004786921428902112)),
          Map.entry(
              "atemp", new Expected("wasserstein", 0.04033196154030617, 0.0045200344581055665)),
          Map.entry(
              "hum", new Expected("wasserstein", 0.017592864329606647, 0.0037758584492789556)),
          Map.entry(
              "windspeed", new Expected("wasserstein", 0.019971350191721908, 0.00251107938786795)),
          Map.entry(
              "casual", new Expected("wasserstein", 0.013784709562798383, 0.001923636626366083)),
          Map.entry(
              "registered",
              new Expected("wasserstein", 0.015728219656844195, 0.005079481910546194)),
          Map.entry("cnt", new Expected("wasserstein", 0.013126349189964437, 0.004739844440396409)),
          Map.entry(
              "dteday", new Expected("wasserstein", 0.018166964635903254, 0.002800014773233793)));

  /**
   * Evidently 0.7.23 drift_score, test and scipy PSI per column (bike-sharing-hour--shift; share
   * 0.5).
   */
  private static final Map<String, Expected> BIKE_SHIFT =
      Map.ofEntries(
          Map.entry(
              "season", new Expected("jensenshannon", 0.013801901609563195, 0.0015240850123097584)),
          Map.entry(
              "yr", new Expected("jensenshannon", 0.003307643597277768, 8.752436855498572e-05)),
          Map.entry(
              "mnth", new Expected("wasserstein", 0.022558283867505212, 0.0033835940396103334)),
          Map.entry("hr", new Expected("wasserstein", 0.01116457624661128, 0.0015179607779133041)),
          Map.entry(
              "holiday",
              new Expected("jensenshannon", 0.004293851932176746, 0.00014752705054757575)),
          Map.entry(
              "weekday", new Expected("wasserstein", 0.007476237633900071, 0.0010916618524116435)),
          Map.entry(
              "workingday",
              new Expected("jensenshannon", 0.0012313352746806086, 1.2129502379107385e-05)),
          Map.entry(
              "weathersit", new Expected("jensenshannon", 0.5682915655908569, 6.571320706132478)),
          Map.entry("temp", new Expected("wasserstein", 0.5594340163576874, 0.5056919467493195)),
          Map.entry("atemp", new Expected("wasserstein", 0.6238878729219929, 0.6791803731192456)),
          Map.entry("hum", new Expected("wasserstein", 0.6640606123331136, 1.5842411108962595)),
          Map.entry("windspeed", new Expected("wasserstein", 0.8037406198584385, 0.70689982164473)),
          Map.entry("casual", new Expected("wasserstein", 0.3662737497916617, 0.1048197175003365)),
          Map.entry(
              "registered", new Expected("wasserstein", 0.4948995213268152, 0.21102135882127498)),
          Map.entry("cnt", new Expected("wasserstein", 0.5127734507599447, 0.22699742711918278)),
          Map.entry(
              "dteday", new Expected("wasserstein", 0.018166964635903254, 0.002800014773233793)));

  private static DataFrame load(String name) {
    return TableLoader.read(
        SharedData.root().resolve("tabular").resolve(name + ".csv"), SchemaInference.defaults());
  }

  /** SplitMix64 of the row index: the row is in the reference half when the top bit is 0. */
  static boolean inReference(long i) {
    long z = (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 63) == 0;
  }

  static DataFrame[] split(DataFrame frame) {
    List<Integer> ref = new ArrayList<>();
    List<Integer> cur = new ArrayList<>();
    for (int i = 0; i < frame.rows(); i++) {
      (inReference(i) ? ref : cur).add(i);
    }
    return new DataFrame[] {
      frame.rows(ref.stream().mapToInt(Integer::intValue).toArray()),
      frame.rows(cur.stream().mapToInt(Integer::intValue).toArray())
    };
  }

  private static DataFrame mapNumeric(DataFrame f, String col, DoubleUnaryOperator op) {
    double[] v = f.numeric(col).clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = op.applyAsDouble(v[i]);
    }
    return f.with(col, f.type(col), v);
  }

  private static DataFrame replace(DataFrame f, String col, String from, String to) {
    String[] v = f.strings(col).clone();
    for (int i = 0; i < v.length; i++) {
      if (from.equals(v[i])) {
        v[i] = to;
      }
    }
    return f.with(col, ColumnType.CATEGORICAL, v);
  }

  static DataFrame shift(String name, DataFrame cur) {
    DataFrame f = cur;
    if (name.equals("titanic")) {
      f = mapNumeric(f, "fare", x -> x * 1.5);
      f = mapNumeric(f, "age", x -> x + 10);
      f = mapNumeric(f, "sibsp", x -> x + 1);
      f = mapNumeric(f, "parch", x -> x + 1);
      f = replace(f, "embarked", "S", "Q");
      f = replace(f, "embark_town", "Southampton", "Queenstown");
      f = mapNumeric(f, "pclass", x -> x == 3 ? 2 : x);
      f = replace(f, "class", "Third", "Second");
    } else {
      f = mapNumeric(f, "temp", x -> x + 0.1);
      f = mapNumeric(f, "atemp", x -> x + 0.1);
      f = mapNumeric(f, "hum", x -> x * 0.8);
      f = mapNumeric(f, "windspeed", x -> x * 1.5);
      f = mapNumeric(f, "weathersit", x -> x == 1 ? 2 : x);
      for (String c : List.of("casual", "registered", "cnt")) {
        f = mapNumeric(f, c, x -> x * 1.5);
      }
    }
    return f;
  }

  private static void assertMatches(
      String name, boolean shifted, Map<String, Expected> expected, boolean datasetDrift) {
    DataFrame[] halves = split(load(name));
    DataFrame current = shifted ? shift(name, halves[1]) : halves[1];
    DriftResult result = new DriftDetector(DriftConfig.defaults()).detect(name, halves[0], current);
    DriftConfig.Builder psi = DriftConfig.builder();
    expected.keySet().forEach(c -> psi.method(c, DriftMethod.PSI));
    DriftResult psiResult = new DriftDetector(psi.build()).detect(name, halves[0], current);
    assertThat(result.features())
        .extracting(ColumnDrift::column)
        .hasSameElementsAs(expected.keySet());
    long drifted = 0;
    double maxAbs = 0;
    double maxRel = 0;
    double maxPsi = 0;
    for (ColumnDrift c : result.features()) {
      Expected e = expected.get(c.column());
      assertThat(c.method().id()).as(c.column()).isEqualTo(e.test());
      // relative 1e-6 (absolute 1e-15 for a zero p-value): stricter than 1e-6 absolute
      assertThat(c.score())
          .as(c.column())
          .isCloseTo(e.score(), within(Math.max(1e-6 * Math.abs(e.score()), 1e-15)));
      double p = psiResult.feature(c.column()).orElseThrow().score();
      assertThat(p).as("psi " + c.column()).isCloseTo(e.psi(), within(1e-6 * Math.abs(e.psi())));
      drifted += c.drift() ? 1 : 0;
      double abs = Math.abs(c.score() - e.score());
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, e.score() == 0 ? 0 : abs / Math.abs(e.score()));
      maxPsi = Math.max(maxPsi, Math.abs(p - e.psi()) / Math.abs(e.psi()));
    }
    LOG.info(
        "{}{}: {} of {} columns drifted; vs Evidently max abs diff {}, max rel diff {}, PSI max"
            + " rel diff {}",
        name,
        shifted ? " (shifted)" : "",
        drifted,
        result.features().size(),
        maxAbs,
        maxRel,
        maxPsi);
    assertThat(result.driftedColumns()).isEqualTo(drifted);
    assertThat(result.datasetDrift()).isEqualTo(datasetDrift);
  }

  @Test
  void titanicRandomSplitMatchesEvidentlyAndIsNotDatasetDrift() {
    assertMatches("titanic", false, TITANIC_SPLIT, false);
  }

  @Test
  void titanicShiftedCopyIsDatasetDrift() {
    assertMatches("titanic", true, TITANIC_SHIFT, true);
  }

  @Test
  void bikeSharingRandomSplitMatchesEvidentlyAndIsNotDatasetDrift() {
    assertMatches("bike-sharing-hour", false, BIKE_SPLIT, false);
  }

  @Test
  void bikeSharingShiftedCopyIsDatasetDrift() {
    assertMatches("bike-sharing-hour", true, BIKE_SHIFT, true);
  }
}
