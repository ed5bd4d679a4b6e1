package dev.mle4j.nlp.text;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits text into tokens with Lucene: {@link StandardTokenizer} (Unicode word boundaries), then
 * optionally a minimum token length (on the raw token, like scikit-learn's token pattern),
 * lowercasing, English stop-word removal and Porter stemming, in that order.
 *
 * <p>Thread-safe: one instance may be shared by any number of threads. The underlying Lucene {@link
 * Analyzer} keeps one reusable token stream per thread, so concurrent calls never share state.
 * {@link #close()} releases those per-thread streams; calls after it fail.
 */
public final class TextAnalyzer implements AutoCloseable {

  private static final CharArraySet STOP_WORDS =
      CharArraySet.unmodifiableSet(new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true));

  private final TextAnalyzerOptions options;
  private final Analyzer analyzer;
  private volatile boolean closed;

  /**
   * Creates an analyzer.
   *
   * @param options the analysis options
   */
  public TextAnalyzer(TextAnalyzerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.analyzer = new OptionsAnalyzer(options);
  }

  /**
   * The options this analyzer applies.
   *
   * @return the options
   */
  public TextAnalyzerOptions options() {
    return options;
  }

  /**
   * Tokenizes a text.
   *
   * @param text the text (empty text gives no tokens)
   * @return the tokens, in text order
   * @throws MlException if {@code text} is null
   * @throws IllegalStateException if this analyzer is closed
   */
  public List<String> tokens(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    if (closed) {
      throw new IllegalStateException("TextAnalyzer is closed");
    }
    List<String> out = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      // Lucene reads from a StringReader: this cannot happen, but do not hide it if it does
      throw new UncheckedIOException("tokenizing failed", e);
    }
    return out;
  }

  /** Releases the per-thread token streams. */
  @Override
  public void close() {
    closed = true;
    analyzer.close();
  }

  /** The Lucene analysis chain built from the options. */
  private static final class OptionsAnalyzer extends Analyzer {
    private final TextAnalyzerOptions options;

    OptionsAnalyzer(TextAnalyzerOptions options) {
      this.options = options;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      StandardTokenizer source = new StandardTokenizer();
      TokenStream stream = source;
      if (options.minTokenLength() > 1) {
        stream = new LengthFilter(stream, options.minTokenLength(), Integer.MAX_VALUE);
      }
      if (options.lowercase()) {
        stream = new LowerCaseFilter(stream);
      }
      if (options.removeStopWords()) {
        stream = new StopFilter(stream, STOP_WORDS);
      }
      if (options.stem()) {
        stream = new PorterStemFilter(stream);
      }
      return new TokenStreamComponents(source, stream);
    }
  }
}
