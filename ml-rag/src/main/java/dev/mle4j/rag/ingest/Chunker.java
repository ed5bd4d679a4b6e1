package dev.mle4j.rag.ingest;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a {@link Document} into chunks of at most {@code maxTokens} tokens (as a {@link
 * TokenCounter} counts them) that respect the document's structure.
 *
 * <p>The text is cut into units: sentences of prose paragraphs ({@link SentenceSplitter}), lines of
 * pre-formatted blocks (code, tables). Units are packed greedily in reading order; when the next
 * unit does not fit, the chunk ends at the latest section end if the chunk then holds at least a
 * quarter of {@code maxTokens} (small sections are packed together), else at the latest paragraph
 * end if it holds at least half, else after the last whole sentence. Only sentences longer than
 * {@code maxTokens} are cut, between words. A chunk that continues the section of the previous one
 * starts with the previous chunk's trailing whole sentences of that section, up to {@code
 * overlapTokens}. A final chunk with fewer than {@code minTokens} new tokens is rebalanced: it
 * takes trailing sentences of the previous chunk (instead of overlap) until it holds {@code
 * minTokens}.
 *
 * <p>Chunk ids are {@link ChunkMetadata#chunkId}; metadata holds the document's own metadata plus
 * the {@link ChunkMetadata} keys. The chunk text is the document text only (no title prefix).
 */
public final class Chunker {

  private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t]*\\n");
  private static final Pattern WORD = Pattern.compile("\\S+");
  private static final Pattern TOKEN = Pattern.compile("\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]");

  private final int maxTokens;
  private final int overlapTokens;
  private final int minTokens;
  private final TokenCounter counter;

  private Chunker(Builder b) {
    this.maxTokens = b.maxTokens;
    this.overlapTokens = b.overlapTokens;
    this.minTokens = b.minTokens;
    this.counter = b.counter;
  }

  /**
   * A chunker with the defaults (512 / 64 / 32 tokens, {@link WordPieceApproxCounter}).
   *
   * @return the chunker
   */
  public static Chunker defaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The largest chunk size.
   *
   * @return tokens
   */
  public int maxTokens() {
    return maxTokens;
  }

  /**
   * The overlap budget.
   *
   * @return tokens
   */
  public int overlapTokens() {
    return overlapTokens;
  }

  /**
   * The size below which a final chunk is rebalanced with its predecessor.
   *
   * @return tokens
   */
  public int minTokens() {
    return minTokens;
  }

  /**
   * The token counter.
   *
   * @return the counter
   */
  public TokenCounter counter() {
    return counter;
  }

  /** A piece of text that is never split further (unless longer than maxTokens). */
  private record Unit(
      String text, int tokens, int section, int paragraph, boolean line, boolean whole) {}

  /** A chunk as a range of units [from, to). */
  private record Range(int from, int to, int newFrom) {}

  /**
   * Chunks a document.
   *
   * @param document the document
   * @return its chunks in order (empty when the document has no text)
   */
  public List<Chunk> chunk(Document document) {
    Objects.requireNonNull(document, "document");
    List<Unit> units = units(document);
    List<Range> ranges = pack(units);
    List<Chunk> chunks = new ArrayList<>(ranges.size());
    for (int c = 0; c < ranges.size(); c++) {
      Range r = ranges.get(c);
      StringBuilder text = new StringBuilder();
      int tokens = 0;
      for (int u = r.from(); u < r.to(); u++) {
        Unit unit = units.get(u);
        if (u > r.from()) {
          Unit prev = units.get(u - 1);
          if (prev.section() == unit.section() && prev.paragraph() == unit.paragraph()) {
            text.append(unit.line() ? "\n" : " ");
          } else {
            text.append("\n\n");
          }
        }
        text.append(unit.text());
        tokens += unit.tokens();
      }
      Section section = document.sections().get(units.get(r.from()).section());
      Map<String, String> meta = new LinkedHashMap<>(document.metadata());
      meta.put(ChunkMetadata.SOURCE, document.source());
      meta.put(ChunkMetadata.TITLE, document.title());
      meta.put(ChunkMetadata.SECTION, section.pathString());
      meta.put(ChunkMetadata.DATE, document.date());
      meta.put(ChunkMetadata.INDEX, Integer.toString(c));
      meta.put(ChunkMetadata.TOKENS, Integer.toString(tokens));
      meta.put(ChunkMetadata.DOC_HASH, document.contentHash());
      chunks.add(new Chunk(ChunkMetadata.chunkId(document.source(), c), text.toString(), meta));
    }
    return chunks;
  }

  private List<Unit> units(Document document) {
    List<Unit> units = new ArrayList<>();
    List<Section> sections = document.sections();
    for (int s = 0; s < sections.size(); s++) {
      String[] paragraphs = BLANK_LINE.split(sections.get(s).text());
      for (int p = 0; p < paragraphs.length; p++) {
        String paragraph = paragraphs[p].stripTrailing();
        if (paragraph.isBlank()) {
          continue;
        }
        boolean pre = preformatted(paragraph);
        List<String> pieces =
            pre
                ? paragraph.lines().filter(l -> !l.isBlank()).map(String::stripTrailing).toList()
                : SentenceSplitter.split(paragraph.strip().replace('\n', ' '));
        for (String piece : pieces) {
          int tokens = counter.count(piece);
          if (tokens == 0) {
            continue;
          }
          if (tokens <= maxTokens) {
            units.add(new Unit(piece, tokens, s, p, pre, true));
          } else {
            for (String part : splitLong(piece.strip())) {
              int t = counter.count(part);
              if (t > 0) {
                units.add(new Unit(part, t, s, p, false, false));
              }
            }
          }
        }
      }
    }
    return units;
  }

  /** Whether a paragraph is laid out by lines (code, tables) rather than flowing prose. */
  static boolean preformatted(String paragraph) {
    if (paragraph.indexOf('\n') < 0) {
      return false;
    }
    List<String> lines = paragraph.lines().filter(l -> !l.isBlank()).toList();
    int indented = 0;
    int table = 0;
    int code = 0;
    for (String line : lines) {
      if (line.startsWith(" ") || line.startsWith("\t")) {
        indented++;
      }
      if (line.contains(" | ")) {
        table++;
      }
      String t = line.stripTrailing();
      if (t.endsWith(";") || t.endsWith("{") || t.endsWith("}") || t.endsWith("\\")) {
        code++;
      }
    }
    return indented > 0 || table * 2 >= lines.size() || code * 2 >= lines.size();
  }

  /** Cuts an over-long sentence between words (or, for a giant word, between tokens). */
  private List<String> splitLong(String sentence) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int currentTokens = 0;
    Matcher words = WORD.matcher(sentence);
    while (words.find()) {
      String word = words.group();
      int t = counter.count(word);
      if (t > maxTokens) {
        if (!current.isEmpty()) {
          parts.add(current.toString());
          current.setLength(0);
          currentTokens = 0;
        }
        parts.addAll(splitWord(word));
        continue;
      }
      if (currentTokens + t > maxTokens && !current.isEmpty()) {
        parts.add(current.toString());
        current.setLength(0);
        currentTokens = 0;
      }
      if (!current.isEmpty()) {
        current.append(' ');
      }
      current.append(word);
      currentTokens += t;
    }
    if (!current.isEmpty()) {
      parts.add(current.toString());
    }
    return parts;
  }

  private List<String> splitWord(String word) {
    List<String> parts = new ArrayList<>();
    Matcher m = TOKEN.matcher(word);
    int start = 0;
    int tokens = 0;
    int end = 0;
    while (m.find()) {
      int t = Math.max(1, counter.count(m.group()));
      if (tokens + t > maxTokens && end > start) {
        parts.add(word.substring(start, end));
        start = end;
        tokens = 0;
      }
      tokens += t;
      end = m.end();
    }
    if (end > start) {
      parts.add(word.substring(start, end));
    }
    return parts;
  }

  private List<Range> pack(List<Unit> units) {
    List<Range> ranges = new ArrayList<>();
    int sectionMin = Math.max(minTokens, maxTokens / 4);
    int paragraphMin = maxTokens / 2;
    int from = 0; // first unit of the current chunk (overlap included)
    int newFrom = 0; // first unit not in the previous chunk
    int i = 0;
    int tokens = 0;
    while (i < units.size()) {
      Unit u = units.get(i);
      if (tokens + u.tokens() <= maxTokens) {
        tokens += u.tokens();
        i++;
        continue;
      }
      if (i == newFrom) {
        // the overlap leaves no room for the next unit: shrink it
        tokens -= units.get(from).tokens();
        from++;
        continue;
      }
      // choose where to end: after unit end-1, end in (newFrom, i]
      int end = i;
      int sectionEnd = -1;
      int paragraphEnd = -1;
      int running = tokens;
      for (int e = i; e > newFrom; e--) {
        Unit last = units.get(e - 1);
        Unit next = units.get(e);
        if (sectionEnd < 0 && last.section() != next.section() && running >= sectionMin) {
          sectionEnd = e;
        }
        if (paragraphEnd < 0
            && (last.section() != next.section() || last.paragraph() != next.paragraph())
            && running >= paragraphMin) {
          paragraphEnd = e;
        }
        running -= last.tokens();
      }
      if (sectionEnd > 0) {
        end = sectionEnd;
      } else if (paragraphEnd > 0) {
        end = paragraphEnd;
      }
      ranges.add(new Range(from, end, newFrom));
      // the next chunk starts at 'end', preceded by overlap from the same section
      int start = end;
      int overlap = 0;
      int sec = units.get(end).section();
      while (start - 1 > from
          && units.get(start - 1).section() == sec
          && units.get(start - 1).whole()
          && overlap + units.get(start - 1).tokens() <= overlapTokens) {
        start--;
        overlap += units.get(start).tokens();
      }
      from = start;
      newFrom = end;
      i = end;
      tokens = overlap;
    }
    if (i > newFrom) {
      ranges.add(new Range(from, i, newFrom));
    }
    mergeTinyTail(ranges, units);
    return ranges;
  }

  /**
   * A final chunk with fewer than minTokens new tokens takes whole units from the end of its
   * predecessor (and drops its overlap) until it has minTokens, when the predecessor keeps new
   * content and the final chunk stays within maxTokens.
   */
  private void mergeTinyTail(List<Range> ranges, List<Unit> units) {
    if (ranges.size() < 2 || minTokens == 0) {
      return;
    }
    Range last = ranges.get(ranges.size() - 1);
    Range prev = ranges.get(ranges.size() - 2);
    int fresh = 0;
    for (int k = last.newFrom(); k < last.to(); k++) {
      fresh += units.get(k).tokens();
    }
    if (fresh >= minTokens || prev.to() != last.newFrom()) {
      return;
    }
    int start = last.newFrom();
    int tokens = fresh;
    while (tokens < minTokens
        && start - 1 > prev.newFrom()
        && tokens + units.get(start - 1).tokens() <= maxTokens) {
      start--;
      tokens += units.get(start).tokens();
    }
    if (tokens >= minTokens) {
      ranges.set(ranges.size() - 2, new Range(prev.from(), start, prev.newFrom()));
      ranges.set(ranges.size() - 1, new Range(start, last.to(), start));
    }
  }

  /** Options for {@link Chunker}. */
  public static final class Builder {
    private int maxTokens = 512;
    private int overlapTokens = 64;
    private int minTokens = 32;
    private TokenCounter counter = TokenCounter.defaults();

    private Builder() {}

    /**
     * Sets the largest chunk size (default 512).
     *
     * @param tokens a positive number of tokens
     * @return this builder
     */
    public Builder maxTokens(int tokens) {
      if (tokens < 1) {
        throw new MlException("maxTokens must be at least 1, got " + tokens);
      }
      this.maxTokens = tokens;
      return this;
    }

    /**
     * Sets how many tokens of trailing sentences a chunk repeats from its predecessor in the same
     * section (default 64; 0 for none).
     *
     * @param tokens 0 or more, less than maxTokens
     * @return this builder
     */
    public Builder overlapTokens(int tokens) {
      if (tokens < 0) {
        throw new MlException("overlapTokens must not be negative, got " + tokens);
      }
      this.overlapTokens = tokens;
      return this;
    }

    /**
     * Sets the size below which a final chunk takes sentences from the previous one (default 32).
     *
     * @param tokens 0 or more, at most maxTokens
     * @return this builder
     */
    public Builder minTokens(int tokens) {
      if (tokens < 0) {
        throw new MlException("minTokens must not be negative, got " + tokens);
      }
      this.minTokens = tokens;
      return this;
    }

    /**
     * Sets the token counter (default {@link WordPieceApproxCounter}).
     *
     * @param counter the counter
     * @return this builder
     */
    public Builder tokenCounter(TokenCounter counter) {
      this.counter = Objects.requireNonNull(counter, "counter");
      return this;
    }

    /**
     * Builds the chunker.
     *
     * @return the chunker
     * @throws MlException if overlapTokens is not below maxTokens or minTokens exceeds maxTokens
     */
    public Chunker build() {
      if (overlapTokens >= maxTokens) {
        throw new MlException(
            "overlapTokens ("
                + overlapTokens
                + ") must be smaller than maxTokens ("
                + maxTokens
                + ")");
      }
      if (minTokens > maxTokens) {
        throw new MlException(
            "minTokens (" + minTokens + ") must not exceed maxTokens (" + maxTokens + ")");
      }
      return new Chunker(this);
    }
  }
}
