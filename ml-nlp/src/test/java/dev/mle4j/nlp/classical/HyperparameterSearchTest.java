package dev.mle4j.nlp.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.SplitIndices;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.data.Splits;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperparameterSearchTest {

  /** The label shows only in a stop word ("not" vs "with"); the other words are noise. */
  private static List<LabeledText> stopWordSignal(int n, long seed) {
    String[] filler = {"cake", "river", "train", "music", "paper", "garden", "window", "phone"};
    Random rnd = new Random(seed);
    List<LabeledText> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean neg = i % 2 == 0;
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 5; w++) {
        sb.append(filler[rnd.nextInt(filler.length)]).append(' ');
      }
      sb.append(neg ? "not" : "with");
      out.add(new LabeledText(sb.toString(), neg ? "neg" : "pos"));
    }
    return out;
  }

  @Test
  void gridSearchPicksTheObviouslyBetterSettingAndWritesTheTable(@TempDir Path dir)
      throws Exception {
    ClassicalTextTrainers provider = new ClassicalTextTrainers();
    SearchResult result =
        HyperparameterSearch.builder()
            .model("tfidf-nb")
            .trainerFactory(p -> provider.create("tfidf-nb", p, true, 1L))
            .space(
                ParameterSpace.builder()
                    .add("stop_words", "true", "false")
                    .add("alpha", "0.1", "1.0")
                    .build())
            .folds(3)
            .seed(5L)
            .build()
            .run(stopWordSignal(90, 3L));
    assertThat(result.trials()).hasSize(4);
    assertThat(result.trials()).extracting(SearchTrial::rank).containsExactly(1, 2, 3, 4);
    assertThat(result.best().parameters()).containsEntry("stop_words", "false");
    assertThat(result.best().meanMacroF1()).isGreaterThan(0.95);
    assertThat(result.best().foldMacroF1()).hasSize(3);
    SearchTrial worst = result.trials().get(3);
    assertThat(worst.parameters()).containsEntry("stop_words", "true");
    assertThat(worst.meanMacroF1()).isLessThan(0.8);
    for (int i = 1; i < 4; i++) {
      assertThat(result.trials().get(i).meanMacroF1())
          .isLessThanOrEqualTo(result.trials().get(i - 1).meanMacroF1());
    }
    result.writeTo(dir);
    List<String> csv = Files.readAllLines(dir.resolve(SearchResult.CSV_FILE));
    assertThat(csv.get(0))
        .isEqualTo("rank,stop_words,alpha,mean_macro_f1,std_macro_f1,fold_macro_f1,fit_seconds");
    assertThat(csv).hasSize(5);
    assertThat(csv.get(1)).startsWith("1,false,");
    assertThat(Files.readString(dir.resolve(SearchResult.JSON_FILE)))
        .contains("\"mode\" : \"grid\"", "\"mean_macro_f1\"", "\"stop_words\" : \"false\"");
  }

  @Test
  void foldsSeeOnlyTheTrainingRowsAndNeverTrainOnTheirOwnTestRows() {
    List<LabeledText> all = stopWordSignal(120, 9L);
    SplitIndices split =
        Splits.stratified(
            all.stream().map(LabeledText::label).toList(), SplitRatios.of(0.6, 0.2, 0.2), 42L);
    List<LabeledText> train = new ArrayList<>();
    for (int i : split.train()) {
      train.add(all.get(i));
    }
    Set<String> trainTexts = new HashSet<>(train.stream().map(LabeledText::text).toList());
    Set<String> heldOut = new HashSet<>();
    for (int i : split.validation()) {
      heldOut.add(all.get(i).text());
    }
    for (int i : split.test()) {
      heldOut.add(all.get(i).text());
    }
    heldOut.removeAll(trainTexts); // identical texts in both sets cannot be told apart
    List<Set<String>> trainedOn = new ArrayList<>();
    List<Set<String>> scored = new ArrayList<>();
    ClassicalTextTrainers provider = new ClassicalTextTrainers();
    SearchResult result =
        HyperparameterSearch.builder()
            .model("bow-nb")
            .trainerFactory(
                p -> new Recording(provider.create("bow-nb", p, true, 1L), trainedOn, scored))
            .space(ParameterSpace.builder().add("alpha", "0.5", "1.0").build())
            .folds(4)
            .build()
            .run(train);
    assertThat(result.folds()).isEqualTo(4);
    assertThat(result.trainRows()).isEqualTo(train.size());
    assertThat(trainedOn).hasSize(8);
    for (int f = 0; f < trainedOn.size(); f++) {
      assertThat(trainedOn.get(f)).isSubsetOf(trainTexts).doesNotContainAnyElementsOf(heldOut);
      assertThat(scored.get(f)).isSubsetOf(trainTexts).doesNotContainAnyElementsOf(heldOut);
      assertThat(scored.get(f)).doesNotContainAnyElementsOf(trainedOn.get(f));
    }
  }

  @Test
  void randomSearchDrawsDistinctSeededCombinations() {
    ParameterSpace space =
        ParameterSpace.builder()
            .add("a", "1", "2", "3")
            .add("b", "x", "y")
            .add("c", "p", "q", "r")
            .build();
    assertThat(space.size()).isEqualTo(18);
    List<Map<String, String>> grid = space.grid();
    assertThat(grid).hasSize(18).doesNotHaveDuplicates();
    assertThat(grid.get(0)).isEqualTo(Map.of("a", "1", "b", "x", "c", "p"));
    assertThat(grid.get(0).keySet()).containsExactly("a", "b", "c");
    assertThat(grid.get(1)).containsEntry("c", "q").containsEntry("a", "1");
    List<Map<String, String>> sample = space.sample(5, 11L);
    assertThat(sample).hasSize(5).doesNotHaveDuplicates().isSubsetOf(grid);
    assertThat(space.sample(5, 11L)).isEqualTo(sample);
    assertThat(space.sample(50, 11L)).isEqualTo(grid);
    HyperparameterSearch search =
        HyperparameterSearch.builder()
            .trainerFactory(p -> new ClassicalTextTrainers().create("bow-nb", true, 1L))
            .space(space)
            .mode(SearchMode.RANDOM)
            .trials(4)
            .seed(3L)
            .build();
    assertThat(search.combinations()).hasSize(4).isEqualTo(space.sample(4, 3L));
  }

  @Test
  void providerSearchRunsTheDefaultSpace() {
    ClassicalTextTrainers provider = new ClassicalTextTrainers();
    SearchResult result =
        provider.search("bow-nb", stopWordSignal(60, 4L), SearchMode.RANDOM, true, 2L);
    assertThat(result.mode()).isEqualTo(SearchMode.RANDOM);
    assertThat(result.folds()).isEqualTo(3);
    assertThat(result.trials()).hasSize(6);
    assertThat(provider.searchSpace("tfidf-xgboost", false).values())
        .containsKeys("max_depth", "eta", "rounds");
    TextClassifierTrainer best = provider.create("bow-nb", result.best().parameters(), true, 2L);
    assertThat(best.parameters()).containsAllEntriesOf(result.best().parameters());
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> ParameterSpace.builder().add("a", List.of()).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'a' has no candidate values");
    assertThatThrownBy(() -> ParameterSpace.builder().add("a", "1", "1").build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("repeats");
    assertThatThrownBy(() -> HyperparameterSearch.builder().build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("factory");
    HyperparameterSearch tooManyFolds =
        HyperparameterSearch.builder()
            .trainerFactory(p -> new ClassicalTextTrainers().create("bow-nb", true, 1L))
            .space(ParameterSpace.builder().build())
            .folds(5)
            .build();
    List<LabeledText> tiny =
        List.of(
            new LabeledText("a b", "x"),
            new LabeledText("c d", "y"),
            new LabeledText("a c", "x"),
            new LabeledText("b d", "y"));
    assertThatThrownBy(() -> tooManyFolds.run(tiny))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("k=5");
    HyperparameterSearch badParam =
        HyperparameterSearch.builder()
            .model("bow-nb")
            .trainerFactory(p -> new ClassicalTextTrainers().create("bow-nb", p, true, 1L))
            .space(ParameterSpace.builder().add("depth", "3").build())
            .folds(2)
            .build();
    assertThatThrownBy(() -> badParam.run(tiny))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("{depth=3}")
        .hasMessageContaining("unknown parameter 'depth'");
  }

  /** Wraps a trainer and records the texts each fold trains on and scores. */
  private record Recording(
      TextClassifierTrainer inner, List<Set<String>> trainedOn, List<Set<String>> scored)
      implements TextClassifierTrainer {

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public SavableTextClassifier train(List<LabeledText> train, List<LabeledText> validation) {
      assertThat(validation).isEmpty();
      trainedOn.add(new HashSet<>(train.stream().map(LabeledText::text).toList()));
      Set<String> seen = new HashSet<>();
      scored.add(seen);
      SavableTextClassifier clf = inner.train(train, validation);
      return new SavableTextClassifier() {
        @Override
        public Classification classify(String input) {
          seen.add(input);
          return clf.classify(input);
        }

        @Override
        public List<Classification> classifyAll(List<String> inputs) {
          seen.addAll(inputs);
          return clf.classifyAll(inputs);
        }

        @Override
        public List<String> labels() {
          return clf.labels();
        }

        @Override
        public ModelCard card() {
          return clf.card();
        }

        @Override
        public void save(Path dir) {
          clf.save(dir);
        }

        @Override
        public void close() {
          clf.close();
        }
      };
    }

    @Override
    public Map<String, String> parameters() {
      return inner.parameters();
    }
  }
}
