package dev.mle4j.nlp.rnn;

import dev.mle4j.core.MlException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrained word vectors, e.g. GloVe, used to initialise the embedding layer of an {@link
 * RnnTextTrainer}.
 *
 * <p>{@link #readGlove(Path)} reads the GloVe text format: UTF-8, one word per line followed by its
 * values separated by single spaces ({@code word v1 v2 ... vd}). The dimension is taken from the
 * first line and every later line must match it. A first line of exactly two integers (the word2vec
 * text header {@code count dimension}) is accepted and checked. Words that hold spaces (as in GloVe
 * 840B) are read as everything before the last {@code d} fields. A word listed twice keeps its
 * first vector. Immutable and thread-safe.
 */
public final class WordVectors {

  private static final Logger LOG = LoggerFactory.getLogger(WordVectors.class);

  private final Map<String, Integer> index;
  private final float[] values;
  private final int dimension;

  private WordVectors(Map<String, Integer> index, float[] values, int dimension) {
    this.index = Map.copyOf(index);
    this.values = values;
    this.dimension = dimension;
  }

  /**
   * Creates word vectors from a map (for tests and programmatic use).
   *
   * @param vectors word to vector; all vectors of the same length, at least 1
   * @return the word vectors
   * @throws MlException if the map is empty, a vector is null, empty, of another length or not
   *     finite
   */
  public static WordVectors of(Map<String, float[]> vectors) {
    Objects.requireNonNull(vectors, "vectors");
    if (vectors.isEmpty()) {
      throw new MlException("word vectors are empty");
    }
    int dim = -1;
    Map<String, Integer> index = new HashMap<>();
    float[] values = new float[0];
    int n = 0;
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      float[] v = e.getValue();
      if (e.getKey() == null || e.getKey().isEmpty() || v == null || v.length == 0) {
        throw new MlException("word vector for '" + e.getKey() + "' is empty");
      }
      if (dim < 0) {
        dim = v.length;
        values = new float[vectors.size() * dim];
      } else if (v.length != dim) {
        throw new MlException(
            "word vector for '" + e.getKey() + "' has " + v.length + " values, expected " + dim);
      }
      for (float f : v) {
        if (!Float.isFinite(f)) {
          throw new MlException("word vector for '" + e.getKey() + "' holds " + f);
        }
      }
      System.arraycopy(v, 0, values, n * dim, dim);
      index.put(e.getKey(), n++);
    }
    return new WordVectors(index, values, dim);
  }

  /**
   * Reads every vector of a GloVe-format text file.
   *
   * @param file the file
   * @return the vectors
   * @throws MlException if the file is missing, not UTF-8, empty or malformed (the message names
   *     the line)
   */
  public static WordVectors readGlove(Path file) {
    return readGlove(file, word -> true);
  }

  /**
   * Reads the vectors of the words a filter accepts (e.g. a training vocabulary), which keeps
   * memory small for large files; every line is still checked.
   *
   * @param file the file
   * @param keep which words to keep
   * @return the kept vectors
   * @throws MlException if the file is missing, not UTF-8, empty, malformed (the message names the
   *     line) or no word is kept
   */
  public static WordVectors readGlove(Path file, Predicate<String> keep) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(keep, "keep");
    Map<String, Integer> index = new HashMap<>();
    float[] values = new float[0];
    int dim = -1;
    int count = 0;
    int duplicates = 0;
    long lineNo = 0;
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.strip().split(" ");
        if (dim < 0 && lineNo == 1 && fields.length == 2 && isInteger(fields[0])) {
          if (!isInteger(fields[1]) || Integer.parseInt(fields[1]) < 1) {
            throw new MlException(
                file
                    + " line 1: header '"
                    + line
                    + "' must be 'count dimension' with dimension >= 1");
          }
          dim = Integer.parseInt(fields[1]);
          continue;
        }
        if (dim < 0) {
          dim = fields.length - 1;
          if (dim < 1) {
            throw new MlException(
                file + " line " + lineNo + ": expected 'word v1 v2 ...', found no values");
          }
        }
        if (fields.length < dim + 1) {
          throw new MlException(
              file
                  + " line "
                  + lineNo
                  + ": expected a word and "
                  + dim
                  + " values, found "
                  + (fields.length - 1)
                  + " values");
        }
        int wordFields = fields.length - dim;
        String word =
            wordFields == 1 ? fields[0] : String.join(" ", Arrays.copyOf(fields, wordFields));
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
          String field = fields[wordFields + i];
          try {
            v[i] = Float.parseFloat(field);
          } catch (NumberFormatException e) {
            throw new MlException(
                file + " line " + lineNo + ": value " + (i + 1) + " '" + field + "' is no number",
                e);
          }
          if (!Float.isFinite(v[i])) {
            throw new MlException(
                file + " line " + lineNo + ": value " + (i + 1) + " '" + field + "' is not finite");
          }
        }
        if (!keep.test(word)) {
          continue;
        }
        if (index.containsKey(word)) {
          duplicates++;
          continue;
        }
        if ((count + 1L) * dim > Integer.MAX_VALUE - 8) {
          throw new MlException(
              file + ": too many vectors to hold in memory; read with a filter of needed words");
        }
        if (values.length < (count + 1) * dim) {
          values = Arrays.copyOf(values, Math.max((count + 1) * dim, values.length * 2));
        }
        System.arraycopy(v, 0, values, count * dim, dim);
        index.put(word, count++);
      }
    } catch (NoSuchFileException e) {
      throw new MlException("word vector file not found: " + file, e);
    } catch (CharacterCodingException e) {
      throw new MlException(
          "word vector file " + file + " is not valid UTF-8 (near line " + (lineNo + 1) + ")", e);
    } catch (IOException e) {
      throw new MlException("cannot read word vector file " + file + ": " + e.getMessage(), e);
    }
    if (dim < 0) {
      throw new MlException("word vector file " + file + " holds no vectors");
    }
    if (count == 0) {
      throw new MlException(
          "word vector file " + file + " holds no vector for the words asked for");
    }
    if (duplicates > 0) {
      LOG.warn("{}: {} words listed more than once; their first vector is used", file, duplicates);
    }
    LOG.info("read {} word vectors of dimension {} from {}", count, dim, file);
    return new WordVectors(index, Arrays.copyOf(values, count * dim), dim);
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The vector length.
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * The number of words.
   *
   * @return the count
   */
  public int size() {
    return index.size();
  }

  /**
   * Whether a word has a vector.
   *
   * @param word the word
   * @return true if present
   */
  public boolean contains(String word) {
    return index.containsKey(word);
  }

  /**
   * The vector of a word (a copy).
   *
   * @param word the word
   * @return the vector, or empty if the word has none
   */
  public Optional<float[]> vector(String word) {
    Integer i = index.get(word);
    if (i == null) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(values, i * dimension, (i + 1) * dimension));
  }

  /** Copies a word's vector into {@code out} at {@code offset}; false if the word has none. */
  boolean copyTo(String word, float[] out, int offset) {
    Integer i = index.get(word);
    if (i == null) {
      return false;
    }
    System.arraycopy(values, i * dimension, out, offset, dimension);
    return true;
  }
}
