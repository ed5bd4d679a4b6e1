package dev.mle4j.rag.generate;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds grounded chat prompts: a system message with the answering rules and a user message with
 * numbered sources followed by the question:
 *
 * <pre>
 * Sources:
 * [1] &lt;title&gt; — &lt;section&gt; (&lt;source&gt;)
 * &lt;text&gt;
 *
 * [2] ...
 *
 * Question: ...
 * </pre>
 *
 * <p>The sources block is held to {@link Builder#maxContextTokens(int)} estimated tokens. Chunks
 * are taken in the given order (best first); when the next chunk does not fit, it is cut at the
 * last sentence boundary that fits and every lower-ranked chunk is dropped. A chunk of which not
 * even one sentence fits is dropped, except the first, which is then cut at a word boundary so a
 * prompt never loses all its context. Instances are immutable and thread-safe.
 */
public final class PromptBuilder {

  /** The sentence an answer consists of when the sources do not contain the answer. */
  public static final String NOT_IN_DOCUMENTS = "The answer is not in the provided documents.";

  /** The default system prompt. */
  public static final String DEFAULT_SYSTEM_PROMPT =
      "You answer questions using only the numbered sources provided. Cite the sources that"
          + " support each statement with their numbers in square brackets, like [1] or [2]."
          + " If the sources do not contain the answer, reply exactly: \""
          + NOT_IN_DOCUMENTS
          + "\" Do not use outside knowledge. Be concise.";

  /** The default budget for the sources block, in estimated tokens. */
  public static final int DEFAULT_MAX_CONTEXT_TOKENS = 3000;

  private final String systemPrompt;
  private final int maxContextTokens;
  private final TokenEstimator tokens;

  private PromptBuilder(Builder b) {
    this.systemPrompt = b.systemPrompt;
    this.maxContextTokens = b.maxContextTokens;
    this.tokens = b.tokens;
  }

  /**
   * A prompt builder with the defaults.
   *
   * @return the builder instance
   */
  public static PromptBuilder defaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The token estimator used for budgeting.
   *
   * @return the estimator
   */
  public TokenEstimator tokenEstimator() {
    return tokens;
  }

  /**
   * The sources budget.
   *
   * @return the maximum estimated tokens of the sources block
   */
  public int maxContextTokens() {
    return maxContextTokens;
  }

  /**
   * Builds the prompt.
   *
   * @param question the question
   * @param context the retrieved chunks, best first
   * @return the prompt
   * @throws MlException when the context is null or holds a null chunk
   */
  public Prompt build(Question question, List<ScoredChunk> context) {
    Objects.requireNonNull(question, "question");
    if (context == null) {
      throw new MlException("context is null; pass an empty list when nothing was retrieved");
    }
    List<ScoredChunk> included = new ArrayList<>();
    StringBuilder sources = new StringBuilder();
    int used = 0;
    for (int i = 0; i < context.size(); i++) {
      ScoredChunk sc = context.get(i);
      if (sc == null) {
        throw new MlException("context chunk " + i + " is null");
      }
      int number = included.size() + 1;
      String header = header(number, sc.chunk());
      String text = sc.chunk().text().strip();
      int blockTokens = tokens.count(header + "\n" + text);
      if (used + blockTokens <= maxContextTokens) {
        appendBlock(sources, header, text);
        included.add(sc);
        used += blockTokens;
        continue;
      }
      int remaining = maxContextTokens - used - tokens.count(header + "\n");
      String cut = truncate(text, remaining, included.isEmpty());
      if (!cut.isEmpty()) {
        appendBlock(sources, header, cut);
        Chunk c = sc.chunk();
        included.add(new ScoredChunk(new Chunk(c.id(), cut, c.metadata()), sc.score()));
      }
      break;
    }
    String user =
        "Sources:\n"
            + (included.isEmpty() ? "(none)\n\n" : sources.toString())
            + "Question: "
            + question.text().strip();
    return new Prompt(
        systemPrompt, user, included, tokens.count(systemPrompt) + tokens.count(user));
  }

  private static void appendBlock(StringBuilder sb, String header, String text) {
    sb.append(header).append('\n').append(text).append("\n\n");
  }

  /** {@code [n] title — section (source)}, leaving out the parts a chunk does not have. */
  static String header(int number, Chunk chunk) {
    String title = chunk.metadata().getOrDefault(ChunkMetadata.TITLE, "").strip();
    String section = chunk.metadata().getOrDefault(ChunkMetadata.SECTION, "").strip();
    String source = chunk.metadata().getOrDefault(ChunkMetadata.SOURCE, "").strip();
    if (source.isEmpty()) {
      source = ChunkMetadata.sourceOf(chunk.id());
    }
    String label = title;
    if (!section.isEmpty() && !section.equals(title)) {
      label = label.isEmpty() ? section : label + " \u2014 " + section;
    }
    StringBuilder sb = new StringBuilder("[").append(number).append(']');
    if (label.isEmpty()) {
      return source.isEmpty() ? sb.toString() : sb.append(' ').append(source).toString();
    }
    sb.append(' ').append(label);
    if (!source.isEmpty()) {
      sb.append(" (").append(source).append(')');
    }
    return sb.toString();
  }

  /** The longest sentence prefix within the budget; a word prefix if allowed and none fits. */
  private String truncate(String text, int budget, boolean allowWordCut) {
    if (budget <= 0) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    for (String sentence : Sentences.split(text)) {
      String next = kept.isEmpty() ? sentence : kept + " " + sentence;
      if (tokens.count(next) > budget) {
        break;
      }
      kept.setLength(0);
      kept.append(next);
    }
    if (!kept.isEmpty() || !allowWordCut) {
      return kept.toString();
    }
    String[] words = text.split("\\s+");
    for (String word : words) {
      String next = kept.isEmpty() ? word : kept + " " + word;
      if (tokens.count(next + " \u2026") > budget) {
        break;
      }
      kept.setLength(0);
      kept.append(next);
    }
    return kept.isEmpty() ? "" : kept + " \u2026";
  }

  /** Options for {@link PromptBuilder}. */
  public static final class Builder {
    private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
    private int maxContextTokens = DEFAULT_MAX_CONTEXT_TOKENS;
    private TokenEstimator tokens = TokenEstimator.heuristic();

    private Builder() {}

    /**
     * Sets the system prompt (default {@link #DEFAULT_SYSTEM_PROMPT}).
     *
     * @param systemPrompt the system prompt, not blank
     * @return this builder
     */
    public Builder systemPrompt(String systemPrompt) {
      if (systemPrompt == null || systemPrompt.isBlank()) {
        throw new MlException("systemPrompt is empty");
      }
      this.systemPrompt = systemPrompt;
      return this;
    }

    /**
     * Sets the budget of the sources block in estimated tokens (default 3000).
     *
     * @param maxContextTokens the budget, at least 1
     * @return this builder
     */
    public Builder maxContextTokens(int maxContextTokens) {
      if (maxContextTokens < 1) {
        throw new MlException("maxContextTokens must be at least 1, got " + maxContextTokens);
      }
      this.maxContextTokens = maxContextTokens;
      return this;
    }

    /**
     * Sets the token estimator (default {@link TokenEstimator#heuristic()}).
     *
     * @param tokens the estimator
     * @return this builder
     */
    public Builder tokenEstimator(TokenEstimator tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokenEstimator");
      return this;
    }

    /**
     * Builds the prompt builder.
     *
     * @return the prompt builder
     */
    public PromptBuilder build() {
      return new PromptBuilder(this);
    }
  }
}
