package dev.mle4j.rag.generate;

import dev.mle4j.core.Answer;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the generators: base URLs, API keys, citations and usage. */
final class ChatSupport {
  private ChatSupport() {}

  /** Validates an http(s) base URL and removes trailing slashes. */
  static String baseUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new MlException("baseUrl is empty");
    }
    String u = url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new MlException("baseUrl '" + url + "' is not an http:// or https:// URL");
      }
    } catch (URISyntaxException e) {
      throw new MlException("baseUrl '" + url + "' is not a valid URL: " + e.getReason());
    }
    return u;
  }

  static URI uri(String baseUrl, String path) {
    return URI.create(baseUrl + path);
  }

  /** The key held by the named variable, or null when unset or blank. */
  static String apiKey(Map<String, String> env, String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String key = env.get(name);
    return key == null || key.isBlank() ? null : key.strip();
  }

  /** The hint added to AUTH errors: which variable the key came from, never the key. */
  static String authHint(String envName, boolean hasKey) {
    return hasKey
        ? "the key came from environment variable " + envName
        : "no API key was sent: environment variable " + envName + " is not set";
  }

  /**
   * The chunks an answer cites with {@code [n]} markers, in source-number order. An answer that
   * cites nothing gets no citations: the included chunks stay available in {@link Prompt#chunks()},
   * but the answer is not attributed to sources it did not name.
   */
  static List<ScoredChunk> citations(String text, List<ScoredChunk> included) {
    List<ScoredChunk> out = new ArrayList<>();
    for (int n : Sentences.citedNumbers(text, included.size())) {
      out.add(included.get(n - 1));
    }
    return out;
  }

  /** Builds the generation from the raw text and the usage the endpoint reported (or -1). */
  static Generation finish(
      Prompt prompt,
      String text,
      String model,
      int promptTokens,
      int completionTokens,
      TokenEstimator tokens,
      long startNanos,
      String finishReason) {
    String answer = text.strip();
    boolean estimated = promptTokens < 0 || completionTokens < 0;
    int p = promptTokens < 0 ? prompt.estimatedTokens() : promptTokens;
    int c = completionTokens < 0 ? tokens.count(answer) : completionTokens;
    double latencyMs = (System.nanoTime() - startNanos) / 1e6;
    return new Generation(
        new Answer(answer, citations(answer, prompt.chunks()), p, c, latencyMs),
        prompt,
        model,
        estimated,
        finishReason);
  }

  /** The answer given without calling the endpoint when no source made it into the prompt. */
  static Generation noSources(Prompt prompt, String model, long startNanos) {
    double latencyMs = (System.nanoTime() - startNanos) / 1e6;
    return new Generation(
        new Answer(PromptBuilder.NOT_IN_DOCUMENTS, List.of(), 0, 0, latencyMs),
        prompt,
        model,
        false,
        "no_sources");
  }

  /** The text and usage (-1 when not reported) of one non-streamed reply. */
  record Reply(String text, int promptTokens, int completionTokens, String finishReason) {}

  /** Checks the messages of a raw completion: the user message must have text. */
  static void requireUser(String user) {
    if (user == null || user.isBlank()) {
      throw new MlException("user message is blank; a raw completion needs text to send");
    }
  }

  /** Builds a raw completion from a reply, estimating the usage the endpoint did not report. */
  static Completion completion(
      Reply reply, String system, String user, TokenEstimator tokens, long startNanos) {
    String text = reply.text().strip();
    boolean estimated = reply.promptTokens() < 0 || reply.completionTokens() < 0;
    int p =
        reply.promptTokens() < 0
            ? (system == null || system.isBlank() ? 0 : tokens.count(system)) + tokens.count(user)
            : reply.promptTokens();
    int c = reply.completionTokens() < 0 ? tokens.count(text) : reply.completionTokens();
    return new Completion(text, p, c, estimated, (System.nanoTime() - startNanos) / 1e6);
  }
}
