package dev.mle4j.nlp.rnn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.nlp.text.Stemmer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The architecture and preprocessing of a saved recurrent model ({@value #FILE}). */
record RnnModelConfig(
    String format,
    CellType cell,
    boolean bidirectional,
    Pooling pooling,
    int vocabularySize,
    int embeddingSize,
    int hiddenSize,
    int numLayers,
    float dropout,
    int maxLength,
    List<String> labels,
    String tokenizer,
    boolean lowercase,
    boolean removeStopWords,
    Stemmer stemmer,
    int minTokenLength,
    boolean removePunctuation) {

  static final String FILE = "rnn-config.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  RnnModelConfig {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  TextAnalyzerOptions analyzerOptions() {
    return TextAnalyzerOptions.builder()
        .lowercase(lowercase)
        .removeStopWords(removeStopWords)
        .stemmer(stemmer)
        .minTokenLength(minTokenLength)
        .removePunctuation(removePunctuation)
        .build();
  }

  RnnTextBlock newBlock() {
    return new RnnTextBlock(
        cell,
        bidirectional,
        vocabularySize,
        embeddingSize,
        hiddenSize,
        numLayers,
        pooling,
        dropout,
        labels.size());
  }

  void validate(String source) {
    if (!RnnTextClassifier.FORMAT.equals(format)) {
      throw new MlException(
          source + ": format '" + format + "', expected '" + RnnTextClassifier.FORMAT + "'");
    }
    if (cell == null || pooling == null || tokenizer == null || stemmer == null) {
      throw new MlException(source + ": cell, pooling, tokenizer and stemmer are required");
    }
    if (!tokenizer.equals(WordSequenceEncoder.KIND)
        && !tokenizer.equals(WordPieceSequenceEncoder.KIND)) {
      throw new MlException(source + ": unknown tokenizer '" + tokenizer + "'");
    }
    if (vocabularySize < 2
        || embeddingSize < 1
        || hiddenSize < 1
        || numLayers < 1
        || maxLength < 1
        || minTokenLength < 1
        || !(dropout >= 0f && dropout < 1f)) {
      throw new MlException(source + ": a size is out of range: " + this);
    }
    if (labels.size() < 2) {
      throw new MlException(source + ": needs at least two labels, has " + labels);
    }
  }

  void save(Path dir) {
    try {
      AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new MlException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  static RnnModelConfig load(Path dir) {
    Path file = dir.resolve(FILE);
    RnnModelConfig config;
    try {
      config = JSON.readValue(Files.readAllBytes(file), RnnModelConfig.class);
    } catch (NoSuchFileException e) {
      throw new MlException("model config not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read model config " + file + ": " + e.getMessage(), e);
    }
    config.validate(file.toString());
    return config;
  }
}
