package dev.mle4j.nlp.rnn;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A word vocabulary: token to id, with {@value #PAD} at id {@value #PAD_ID} and {@value #UNK} at id
 * {@value #UNK_ID}. Built on training texts only: tokens seen at least {@code minFrequency} times,
 * most frequent first (ties in alphabetical order), at most {@code maxSize} ids in all. Any token
 * not in the vocabulary (out of vocabulary, OOV) maps to {@link #UNK_ID}.
 *
 * <p>Immutable and thread-safe. Saved as UTF-8 text, one token per line in id order.
 */
public final class Vocabulary {

  /** The padding token. */
  public static final String PAD = "<pad>";

  /** The unknown-token token. */
  public static final String UNK = "<unk>";

  /** Id of {@link #PAD}. */
  public static final int PAD_ID = 0;

  /** Id of {@link #UNK}. */
  public static final int UNK_ID = 1;

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
        throw new MlException("vocabulary token at id " + i + " is empty or holds a line break");
      }
      if (map.put(token, i) != null) {
        throw new MlException("vocabulary token '" + token + "' appears twice (id " + i + ")");
      }
    }
    if (tokens.size() < 2 || !PAD.equals(tokens.get(PAD_ID)) || !UNK.equals(tokens.get(UNK_ID))) {
      throw new MlException("a vocabulary must start with " + PAD + " and " + UNK);
    }
    this.ids = Collections.unmodifiableMap(map);
  }

  /**
   * Builds a vocabulary from tokenized training texts.
   *
   * @param documents the tokens of each training text
   * @param minFrequency keep tokens seen at least this many times (at least 1)
   * @param maxSize the maximum number of ids including {@link #PAD} and {@link #UNK} (at least 2)
   * @return the vocabulary
   * @throws MlException if an argument is out of range
   */
  public static Vocabulary build(List<List<String>> documents, int minFrequency, int maxSize) {
    Objects.requireNonNull(documents, "documents");
    if (minFrequency < 1) {
      throw new MlException("minFrequency must be at least 1, got " + minFrequency);
    }
    if (maxSize < 2) {
      throw new MlException("maxSize must be at least 2 (pad and unk), got " + maxSize);
    }
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> doc : documents) {
      for (String token : doc) {
        if (!token.isEmpty() && !PAD.equals(token) && !UNK.equals(token)) {
          counts.merge(token, 1, Integer::sum);
        }
      }
    }
    List<Map.Entry<String, Integer>> entries = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() >= minFrequency) {
        entries.add(e);
      }
    }
    entries.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<String> tokens = new ArrayList<>();
    tokens.add(PAD);
    tokens.add(UNK);
    for (Map.Entry<String, Integer> e : entries) {
      if (tokens.size() >= maxSize) {
        break;
      }
      tokens.add(e.getKey());
    }
    return new Vocabulary(tokens);
  }

  /**
   * Creates a vocabulary from tokens in id order.
   *
   * @param tokens the tokens; the first two must be {@link #PAD} and {@link #UNK}
   * @return the vocabulary
   * @throws MlException if a token is empty, repeated or holds a line break, or pad/unk are missing
   */
  public static Vocabulary of(List<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return new Vocabulary(tokens);
  }

  /**
   * The number of ids, including {@link #PAD} and {@link #UNK}.
   *
   * @return the size
   */
  public int size() {
    return tokens.size();
  }

  /**
   * The id of a token, {@link #UNK_ID} when it is not in the vocabulary.
   *
   * @param token the token
   * @return the id
   */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? UNK_ID : id;
  }

  /**
   * Whether the token has its own id.
   *
   * @param token the token
   * @return true when known
   */
  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /**
   * The token of an id.
   *
   * @param id the id, in {@code [0, size())}
   * @return the token
   * @throws MlException if the id is out of range
   */
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new MlException("token id " + id + " out of range [0, " + tokens.size() + ")");
    }
    return tokens.get(id);
  }

  /**
   * All tokens in id order.
   *
   * @return the tokens
   */
  public List<String> tokens() {
    return tokens;
  }

  /**
   * Writes the tokens, one per line in id order (atomically: temporary file, then rename).
   *
   * @param file the target file
   */
  public void save(Path file) {
    Objects.requireNonNull(file, "file");
    AtomicFiles.writeString(file, String.join("\n", tokens) + "\n");
  }

  /**
   * Reads a vocabulary written by {@link #save(Path)}.
   *
   * @param file the file
   * @return the vocabulary
   * @throws MlException if the file is missing, unreadable or malformed
   */
  public static Vocabulary load(Path file) {
    Objects.requireNonNull(file, "file");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new MlException("vocabulary file not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read vocabulary file " + file + ": " + e.getMessage(), e);
    }
    try {
      return new Vocabulary(lines);
    } catch (MlException e) {
      throw new MlException("vocabulary file " + file + ": " + e.getMessage(), e);
    }
  }
}
