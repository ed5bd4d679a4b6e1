package dev.mle4j.nlp.tfidf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected numbers come from scikit-learn 1.9.1:
 *
 * <pre>
 * from sklearn.feature_extraction.text import TfidfVectorizer
 * import numpy as np
 * docs = ["The cat sat on the mat.",
 *         "The dog sat on the log!",
 *         "Cats and dogs: the cat chased the dog, the dog chased the cat.",
 *         "A bird; a plane? It is Superman, the bird."]
 * v = TfidfVectorizer(ngram_range=(1, 2)).fit(docs)
 * print(sorted(v.vocabulary_, key=v.vocabulary_.get), list(v.idf_))
 * for q in [docs[0], "the cat and the bird sat"]:
 *     r = v.transform([q]); o = np.argsort(r.indices)
 *     print(list(r.indices[o]), [repr(float(x)) for x in r.data[o]])
 * v2 = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=5).fit(docs)
 * print(sorted(v2.vocabulary_, key=v2.vocabulary_.get), list(v2.idf_))
 * r = v2.transform(["The cat sat with the cat on the mat"]); o = np.argsort(r.indices)
 * print(list(r.indices[o]), [repr(float(x)) for x in r.data[o]])
 * </pre>
 */
class TfidfVectorizerTest {

  static final List<String> DOCS =
      List.of(
          "The cat sat on the mat.",
          "The dog sat on the log!",
          "Cats and dogs: the cat chased the dog, the dog chased the cat.",
          "A bird; a plane? It is Superman, the bird.");

  static final double DF1 = 1.916290731874155; // ln(5/2)+1
  static final double DF2 = 1.5108256237659907; // ln(5/3)+1
  static final double DF4 = 1.0; // ln(5/5)+1

  private static TfidfOptions sklearnDefaults() {
    return TfidfOptions.builder().ngramRange(1, 2).minDf(1).build();
  }

  @Test
  void matchesScikitLearnDefaults() {
    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, sklearnDefaults())) {
      assertThat(v.terms())
          .containsExactly(
              "and",
              "and dogs",
              "bird",
              "bird plane",
              "cat",
              "cat chased",
              "cat sat",
              "cats",
              "cats and",
              "chased",
              "chased the",
              "dog",
              "dog chased",
              "dog sat",
              "dog the",
              "dogs",
              "dogs the",
              "is",
              "is superman",
              "it",
              "it is",
              "log",
              "mat",
              "on",
              "on the",
              "plane",
              "plane it",
              "sat",
              "sat on",
              "superman",
              "superman the",
              "the",
              "the bird",
              "the cat",
              "the dog",
              "the log",
              "the mat");
      double[] expectedIdf = new double[37];
      Arrays.fill(expectedIdf, DF1);
      for (int i : new int[] {4, 11, 23, 24, 27, 28, 33, 34}) {
        expectedIdf[i] = DF2;
      }
      expectedIdf[31] = DF4;
      assertThat(v.idf()).containsExactly(expectedIdf, within(1e-12));
      assertThat(v.documentCount()).isEqualTo(4);

      SparseVector first = v.transform(DOCS.get(0));
      assertThat(first.indices()).containsExactly(4, 6, 22, 23, 24, 27, 28, 31, 33, 36);
      assertThat(first.values())
          .containsExactly(
              new double[] {
                0.2819564622517529,
                0.35762602043923697,
                0.35762602043923697,
                0.2819564622517529,
                0.2819564622517529,
                0.2819564622517529,
                0.2819564622517529,
                0.3732481867085737,
                0.2819564622517529,
                0.35762602043923697
              },
              within(1e-12));

      SparseVector query = v.transform("the cat and the bird sat");
      assertThat(query.indices()).containsExactly(0, 2, 4, 27, 31, 32, 33);
      assertThat(query.values())
          .containsExactly(
              new double[] {
                0.4098205037041262,
                0.4098205037041262,
                0.3231071923701922,
                0.3231071923701922,
                0.427722679954014,
                0.4098205037041262,
                0.3231071923701922
              },
              within(1e-12));
      assertThat(query.dimension()).isEqualTo(37);
    }
  }

  @Test
  void matchesScikitLearnWithMinDfSublinearTfAndMaxFeatures() {
    TfidfOptions options =
        TfidfOptions.builder().ngramRange(1, 2).minDf(2).sublinearTf(true).maxFeatures(5).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, options)) {
      // min_df=2 keeps 9 terms; the 5 with the highest total count win
      assertThat(v.terms()).containsExactly("cat", "dog", "the", "the cat", "the dog");
      assertThat(v.idf()).containsExactly(new double[] {DF2, DF2, DF4, DF2, DF2}, within(1e-12));
      SparseVector x = v.transform("The cat sat with the cat on the mat");
      assertThat(x.indices()).containsExactly(0, 2, 3);
      assertThat(x.values())
          .containsExactly(
              new double[] {0.6116409952208206, 0.5017873911633974, 0.6116409952208206},
              within(1e-12));
    }
  }

  @Test
  void unigramOnlyAndDefaultOptions() {
    TfidfOptions defaults = TfidfOptions.defaults();
    assertThat(defaults.minNgram()).isEqualTo(1);
    assertThat(defaults.maxNgram()).isEqualTo(2);
    assertThat(defaults.minDf()).isEqualTo(2);
    assertThat(defaults.maxFeatures()).isEqualTo(50_000);
    assertThat(defaults.sublinearTf()).isFalse();
    TfidfOptions unigrams = TfidfOptions.builder().ngramRange(1, 1).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, unigrams)) {
      // sklearn: TfidfVectorizer(min_df=2) -> ['cat', 'dog', 'on', 'sat', 'the']
      assertThat(v.terms()).containsExactly("cat", "dog", "on", "sat", "the");
      assertThat(v.indexOf("the")).isEqualTo(4);
      assertThat(v.indexOf("zebra")).isEqualTo(-1);
    }
  }

  @Test
  void emptyAndUnknownTextsGiveZeroVectors() {
    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, sklearnDefaults())) {
      assertThat(v.transform("").size()).isZero();
      assertThat(v.transform("zebra unicorn").size()).isZero();
      assertThat(v.transform("zebra unicorn").dimension()).isEqualTo(37);
    }
  }

  @Test
  void jsonRoundTripKeepsVectorsIdentical(@TempDir Path dir) throws Exception {
    TfidfOptions options = TfidfOptions.builder().minDf(1).sublinearTf(true).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, options)) {
      Path file = dir.resolve("sub/vectorizer.json");
      v.save(file);
      assertThat(Files.readString(file)).contains("\"vocabulary\"", "\"idf\"", "\"the cat\"");
      try (TfidfVectorizer back = TfidfVectorizer.load(file)) {
        assertThat(back.options()).isEqualTo(options);
        assertThat(back.terms()).isEqualTo(v.terms());
        assertThat(back.idf()).isEqualTo(v.idf());
        for (String text : DOCS) {
          assertThat(back.transform(text)).isEqualTo(v.transform(text));
        }
      }
      try (TfidfVectorizer back = TfidfVectorizer.fromJson(v.toJson())) {
        assertThat(back.transform("the dog sat")).isEqualTo(v.transform("the dog sat"));
      }
    }
  }

  @Test
  void rejectsBadInput(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> TfidfVectorizer.fit(List.of(), TfidfOptions.defaults()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no texts");
    List<String> withNull = new ArrayList<>(DOCS);
    withNull.add(null);
    assertThatThrownBy(() -> TfidfVectorizer.fit(withNull, TfidfOptions.defaults()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("index 4 is null");
    assertThatThrownBy(() -> TfidfVectorizer.fit(DOCS, TfidfOptions.builder().minDf(5).build()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("minDf=5");
    assertThatThrownBy(() -> TfidfOptions.builder().ngramRange(2, 1).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("n-gram range");
    assertThatThrownBy(() -> TfidfOptions.builder().maxFeatures(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxFeatures");

    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, sklearnDefaults())) {
      assertThatThrownBy(() -> v.transform(null))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("text is null");
      assertThatThrownBy(() -> v.transformAll(Arrays.asList("cat", null)))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("index 1");
      String json = v.toJson();
      assertThatThrownBy(() -> TfidfVectorizer.fromJson(json.replace("mle4j-tfidf/v1", "other")))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("unsupported TF-IDF format 'other'");
      assertThatThrownBy(
              () -> TfidfVectorizer.fromJson(json.replace("\"the mat\" : 36", "\"the mat\" : 3")))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("'the mat' has invalid or duplicate index 3");
      assertThatThrownBy(() -> TfidfVectorizer.fromJson("{\"format\": "))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("invalid TF-IDF JSON");
    }
    assertThatThrownBy(() -> TfidfVectorizer.load(dir.resolve("missing.json")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("missing.json");
  }

  @Test
  void concurrentTransformsAgree() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      texts.add(DOCS.get(i % DOCS.size()) + " cat number " + i);
    }
    try (TfidfVectorizer v = TfidfVectorizer.fit(DOCS, sklearnDefaults())) {
      List<SparseVector> expected = v.transformAll(texts);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<SparseVector>>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          futures.add(pool.submit(() -> v.transformAll(texts)));
        }
        for (Future<List<SparseVector>> f : futures) {
          assertThat(f.get()).isEqualTo(expected);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
