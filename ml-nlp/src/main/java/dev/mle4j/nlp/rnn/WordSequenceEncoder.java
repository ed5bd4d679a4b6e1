package dev.mle4j.nlp.rnn;

import dev.mle4j.nlp.text.TextAnalyzer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Word-level encoding: {@link TextAnalyzer} tokens looked up in a {@link Vocabulary}. */
final class WordSequenceEncoder implements SequenceEncoder {
  static final String KIND = "word";
  static final String VOCABULARY_FILE = "vocabulary.txt";

  private final TextAnalyzer analyzer;
  private final Vocabulary vocabulary;

  WordSequenceEncoder(TextAnalyzer analyzer, Vocabulary vocabulary) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
  }

  Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public int[] encode(String text, int maxLength) {
    List<String> tokens = analyzer.tokens(text);
    int n = Math.min(tokens.size(), maxLength);
    if (n == 0) {
      return new int[] {Vocabulary.UNK_ID};
    }
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = vocabulary.id(tokens.get(i));
    }
    return ids;
  }

  @Override
  public int vocabularySize() {
    return vocabulary.size();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void save(Path dir) {
    vocabulary.save(dir.resolve(VOCABULARY_FILE));
  }

  @Override
  public void close() {
    analyzer.close();
  }
}
