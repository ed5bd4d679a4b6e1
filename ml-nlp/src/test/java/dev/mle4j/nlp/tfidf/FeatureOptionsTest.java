package dev.mle4j.nlp.tfidf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.text.Stemmer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureOptionsTest {
  private static final String P = TfidfVectorizer.CHAR_NGRAM_PREFIX;

  @Test
  void charNgramsFollowScikitLearnCharWb() {
    // sklearn: TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 3)).fit(["ab"]) ->
    // [' a', ' ab', 'ab', 'ab ', 'b ']
    TfidfOptions options =
        TfidfOptions.builder().ngramRange(0, 0).charNgramRange(2, 3).minDf(1).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(List.of("ab"), options)) {
      assertThat(v.terms()).containsExactly(P + " a", P + " ab", P + "ab", P + "ab ", P + "b ");
    }
    // a padded token shorter than n counts once, as a whole
    TfidfOptions longer =
        TfidfOptions.builder().ngramRange(0, 0).charNgramRange(4, 6).minDf(1).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(List.of("ab"), longer)) {
      assertThat(v.terms()).containsExactly(P + " ab ");
    }
  }

  @Test
  void wordAndCharNgramsCombineWithoutCollisions() {
    TfidfOptions options =
        TfidfOptions.builder().ngramRange(1, 1).charNgramRange(2, 2).minDf(1).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(List.of("ab ab"), options)) {
      assertThat(v.terms()).containsExactly(P + " a", P + "ab", P + "b ", "ab");
      SparseVector x = v.transform("ab");
      assertThat(x.size()).isEqualTo(4);
    }
  }

  @Test
  void countAndBinaryWeightingAreUnnormalisedBagsOfWords() {
    List<String> docs = List.of("spam spam ham", "ham eggs");
    TfidfOptions count =
        TfidfOptions.builder().ngramRange(1, 1).minDf(1).weighting(Weighting.COUNT).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(docs, count)) {
      SparseVector x = v.transform("spam spam ham");
      assertThat(x.get(v.indexOf("spam"))).isEqualTo(2.0);
      assertThat(x.get(v.indexOf("ham"))).isEqualTo(1.0);
      assertThat(x.get(v.indexOf("eggs"))).isZero();
    }
    TfidfOptions binary = count.toBuilder().weighting(Weighting.BINARY).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(docs, binary)) {
      SparseVector x = v.transform("spam spam ham");
      assertThat(x.get(v.indexOf("spam"))).isEqualTo(1.0);
      assertThat(x.get(v.indexOf("ham"))).isEqualTo(1.0);
    }
    TfidfOptions tfidf = count.toBuilder().weighting(Weighting.TFIDF).build();
    try (TfidfVectorizer v = TfidfVectorizer.fit(docs, tfidf)) {
      double[] d = v.transform("spam spam ham").toDense();
      double norm = 0;
      for (double x : d) {
        norm += x * x;
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void newOptionsSurviveJsonAndVectorsStayIdentical() {
    TfidfOptions options =
        TfidfOptions.builder()
            .analyzer(
                TextAnalyzerOptions.builder()
                    .removePunctuation(false)
                    .removeStopWords(true)
                    .stemmer(Stemmer.KSTEM)
                    .build())
            .weighting(Weighting.COUNT)
            .charNgramRange(2, 4)
            .minDf(1)
            .build();
    List<String> docs = List.of("Free ponies!!! Call now $$$", "the stables are closed, sorry");
    try (TfidfVectorizer v = TfidfVectorizer.fit(docs, options);
        TfidfVectorizer back = TfidfVectorizer.fromJson(v.toJson())) {
      assertThat(back.options()).isEqualTo(options);
      assertThat(back.transform(docs.get(0))).isEqualTo(v.transform(docs.get(0)));
      assertThat(v.indexOf("!")).isNotNegative();
    }
  }

  @Test
  void vectorizersSavedBeforeTheNewOptionsStillLoad() {
    String old =
        """
        {"format":"mle4j-tfidf/v1","options":{"analyzer":{"lowercase":true,
        "removeStopWords":false,"stem":true,"minTokenLength":2},"minNgram":1,"maxNgram":1,
        "minDf":1,"maxFeatures":10,"sublinearTf":false},"documentCount":2,
        "vocabulary":{"run":0,"win":1},"idf":[1.0,1.5]}
        """;
    try (TfidfVectorizer v = TfidfVectorizer.fromJson(old)) {
      TfidfOptions o = v.options();
      assertThat(o.analyzer().stemmer()).isEqualTo(Stemmer.PORTER);
      assertThat(o.analyzer().removePunctuation()).isTrue();
      assertThat(o.weighting()).isEqualTo(Weighting.TFIDF);
      assertThat(o.charNgrams()).isFalse();
      assertThat(v.transform("Running wins").size()).isEqualTo(2);
    }
    assertThatThrownBy(
            () -> TfidfVectorizer.fromJson(old.replace("\"stem\":true", "\"stemmer\":\"X\"")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("stemmer 'X'");
    assertThatThrownBy(() -> TfidfVectorizer.fromJson(old.replace("\"minDf\":1,", "")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("options.minDf is missing");
  }

  @Test
  void rejectsFeatureRangesThatMakeNoSense() {
    assertThatThrownBy(() -> TfidfOptions.builder().ngramRange(0, 0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("both word and character n-grams are off");
    assertThatThrownBy(() -> TfidfOptions.builder().charNgramRange(3, 2).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("character n-gram range");
    assertThatThrownBy(() -> TfidfOptions.builder().charNgramRange(2, 11).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxCharNgram");
    assertThatThrownBy(() -> TfidfOptions.builder().weighting(null).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("weighting");
  }
}
