package dev.mle4j.nlp.rnn;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Sub-word encoding with a Hugging Face {@code tokenizer.json} (e.g. MiniLM's WordPiece), without
 * the special tokens {@code [CLS]} and {@code [SEP]}.
 */
final class WordPieceSequenceEncoder implements SequenceEncoder {
  static final String KIND = "wordpiece";
  static final String TOKENIZER_FILE = "tokenizer.json";

  private final byte[] tokenizerJson;
  private final HuggingFaceTokenizer tokenizer;
  private final int vocabularySize;
  private final int unkId;

  WordPieceSequenceEncoder(byte[] tokenizerJson, int vocabularySize, String source) {
    this.tokenizerJson = tokenizerJson.clone();
    this.vocabularySize = vocabularySize;
    try (InputStream in = new ByteArrayInputStream(tokenizerJson)) {
      this.tokenizer =
          HuggingFaceTokenizer.newInstance(
              in, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw new MlException("cannot read tokenizer " + source + ": " + e.getMessage(), e);
    }
    long[] unk = tokenizer.encode("[UNK]").getIds();
    this.unkId = unk.length == 1 ? (int) unk[0] : 0;
    if (unkId < 0 || unkId >= vocabularySize) {
      tokenizer.close();
      throw new MlException(
          "tokenizer " + source + " maps [UNK] to id " + unkId + ", beyond " + vocabularySize);
    }
  }

  @Override
  public int[] encode(String text, int maxLength) {
    if (text == null) {
      throw new MlException("text is null");
    }
    Encoding encoding = tokenizer.encode(text);
    long[] ids = encoding.getIds();
    int n = Math.min(ids.length, maxLength);
    if (n == 0) {
      return new int[] {unkId};
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (ids[i] < 0 || ids[i] >= vocabularySize) {
        throw new MlException(
            "tokenizer produced id "
                + ids[i]
                + " outside the embedding table of "
                + vocabularySize);
      }
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void save(Path dir) {
    AtomicFiles.write(dir.resolve(TOKENIZER_FILE), tokenizerJson);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
