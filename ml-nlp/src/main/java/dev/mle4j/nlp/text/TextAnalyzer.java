package dev.mle4j.nlp.text;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits text into tokens with Lucene, then optionally applies a minimum token length (on the raw
 * token, like scikit-learn's token pattern), lowercasing, English stop-word removal and stemming
 * (Porter or KStem), in that order.
 *
 * <p>With {@link TextAnalyzerOptions#removePunctuation()} (the default) the tokenizer is {@link
 * StandardTokenizer} (Unicode word boundaries; punctuation and symbols dropped). Without it, a
 * pattern tokenizer emits runs of letters, digits and marks (joined across a single inner {@code '
 * . , _}) as words, and every single punctuation or symbol character, such as {@code !}, {@code $}
 * or {@code £}, as a one-character token; these punctuation tokens are exempt from the minimum
 * length.
 *
 * <p>Thread-safe: one instance may be shared by any number of threads. The underlying Lucene {@link
 * Analyzer} keeps one reusable token stream per thread, so concurrent calls never share state.
 * {@link #close()} releases those per-thread streams; calls after it fail.
 */
public final class TextAnalyzer implements AutoCloseable {

  private static final Pattern WORD_OR_SYMBOL =
      Pattern.compile(
          "[\\p{L}\\p{N}\\p{M}]+(?:['\u2019.,_][\\p{L}\\p{N}\\p{M}]+)*" + "|[\\p{P}\\p{S}]");

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
      Tokenizer source =
          options.removePunctuation()
              ? new StandardTokenizer()
              : new PatternTokenizer(WORD_OR_SYMBOL, 0);
      TokenStream stream = source;
      if (options.minTokenLength() > 1) {
        stream = new MinWordLengthFilter(stream, options.minTokenLength());
      }
      if (options.lowercase()) {
        stream = new LowerCaseFilter(stream);
      }
      if (options.removeStopWords()) {
        stream = new StopFilter(stream, STOP_WORDS);
      }
      if (options.stemmer() == Stemmer.PORTER) {
        stream = new PorterStemFilter(stream);
      } else if (options.stemmer() == Stemmer.KSTEM) {
        stream = new KStemFilter(stream);
      }
      return new TokenStreamComponents(source, stream);
    }
  }

  /** Drops word tokens shorter than a minimum; single punctuation or symbol tokens pass. */
  private static final class MinWordLengthFilter extends FilteringTokenFilter {
    private final int min;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    MinWordLengthFilter(TokenStream in, int min) {
      super(in);
      this.min = min;
    }

    @Override
    protected boolean accept() {
      int length = term.length();
      if (length >= min) {
        return true;
      }
      if (length == 0) {
        return false;
      }
      int cp = Character.codePointAt(term, 0);
      return Character.charCount(cp) == length && !Character.isLetterOrDigit(cp);
    }
  }
}
