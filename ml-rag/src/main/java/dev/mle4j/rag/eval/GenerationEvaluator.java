package dev.mle4j.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mle4j.core.Answer;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.Generator;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.RefusalDetector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ragas-style metrics of RAG answers, each labelled with how it was computed.
 *
 * <p>With an LLM judge (any {@link Generator}, called with the whole judge prompt as the question
 * and an empty context, so it must send the question text as its prompt) the primary scores are:
 *
 * <ul>
 *   <li>{@code faithfulness}: the judge splits the answer into statements and marks each supported
 *       by the context or not; score = supported / statements.
 *   <li>{@code answer_relevancy}: the judge rates 1-5 how directly the answer addresses the
 *       question; score = (rating - 1) / 4.
 *   <li>{@code context_recall}: the judge marks each reference-answer sentence attributable to the
 *       context or not; score = attributed / sentences.
 *   <li>{@code answer_correctness}: the judge compares the answer with the reference: correct 1,
 *       partially correct 0.5, incorrect 0 (or a {@code score} in [0, 1]).
 * </ul>
 *
 * A judge reply that fails or cannot be parsed makes that score missing (with the reason in its
 * note), never 0. The non-LLM estimates are always computed too (after the judge's score when there
 * is one):
 *
 * <ul>
 *   <li>{@code faithfulness} ({@code token-overlap}): the fraction of answer sentences whose
 *       distinct content tokens are at least {@link Builder#supportCoverage} (0.6) covered by the
 *       context's tokens; with an embedder a sentence also counts as supported when its cosine with
 *       some context chunk is at least {@link Builder#supportCosine} (0.8) ({@code
 *       token-overlap+embedding-cosine:<model>}).
 *   <li>{@code answer_relevancy}: cosine of the query embedding of the question and the passage
 *       embedding of the answer ({@code embedding-cosine:<model>}), or without an embedder the
 *       fraction of the question's content tokens found in the answer ({@code token-overlap}).
 *   <li>{@code context_precision} ({@code ground-truth-ids}): Ragas' definition over the context
 *       chunks, a chunk being relevant when its document is: the mean of Precision@k over the ranks
 *       k holding a relevant chunk; 0 when none is relevant.
 *   <li>{@code context_recall}: the fraction of reference-answer sentences {@link
 *       Builder#supportCoverage} covered by context tokens ({@code token-overlap}), and the
 *       fraction of relevant documents present in the context ({@code ground-truth-ids}).
 *   <li>{@code answer_correctness}: SQuAD token F1 against the reference ({@code token-f1}); with
 *       an embedder 0.5 x token F1 + 0.5 x max(0, cosine(answer, reference)) ({@code
 *       token-f1+embedding-cosine:<model>}).
 * </ul>
 *
 * Refusals are detected with a {@link RefusalDetector}: refused answers get no faithfulness or
 * answer relevancy; negative questions get only refusal detection and faithfulness of a non-refused
 * answer. The results give the correct refusal rate (refused negatives / negatives) and the false
 * refusal rate (refused answerable / answerable).
 */
public final class GenerationEvaluator {

  /** Metric name. */
  public static final String FAITHFULNESS = "faithfulness";

  /** Metric name. */
  public static final String ANSWER_RELEVANCY = "answer_relevancy";

  /** Metric name. */
  public static final String CONTEXT_PRECISION = "context_precision";

  /** Metric name. */
  public static final String CONTEXT_RECALL = "context_recall";

  /** Metric name. */
  public static final String ANSWER_CORRECTNESS = "answer_correctness";

  /** Method label of the non-LLM token estimates. */
  public static final String TOKEN_OVERLAP = "token-overlap";

  /** Method label of SQuAD token F1. */
  public static final String TOKEN_F1 = "token-f1";

  /** Method label of metrics computed from the judged relevant document ids. */
  public static final String GROUND_TRUTH_IDS = "ground-truth-ids";

  private static final Logger LOG = LoggerFactory.getLogger(GenerationEvaluator.class);
  private static final int MAX_CHUNK_CHARS = 2000;

  private final Generator judge;
  private final String judgeMethod;
  private final Embedder embedder;
  private final double supportCoverage;
  private final double supportCosine;
  private final RefusalDetector refusals;
  private final int progressEvery;

  private GenerationEvaluator(Builder b) {
    this.judge = b.judge;
    this.judgeMethod = b.judge == null ? null : "llm-judge:" + b.judgeModel;
    this.embedder = b.embedder;
    this.supportCoverage = b.supportCoverage;
    this.supportCosine = b.supportCosine;
    this.refusals = b.refusals;
    this.progressEvery = b.progressEvery;
  }

  /**
   * A builder: no judge, no embedder, default thresholds and refusal phrases.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Scores every sample.
   *
   * @param samples the answered questions, at least one
   * @return scores per sample and their summaries
   * @throws MlException when there is no sample
   */
  public GenerationResults evaluate(List<RagSample> samples) {
    if (samples == null || samples.isEmpty()) {
      throw new MlException("no answered questions to evaluate");
    }
    List<SampleScores> out = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      out.add(score(samples.get(i)));
      if (progressEvery > 0 && (i + 1) % progressEvery == 0) {
        LOG.info("generation metrics: {}/{} answers scored", i + 1, samples.size());
      }
    }
    return GenerationResults.of(out);
  }

  /**
   * Scores one sample.
   *
   * @param s the sample
   * @return its scores
   */
  public SampleScores score(RagSample s) {
    EvalQuestion q = s.question();
    String answer = s.answer().text();
    boolean refused = refusals.isRefusal(answer);
    Set<String> contextTokens = new HashSet<>();
    for (ScoredChunk c : s.context()) {
      contextTokens.addAll(TextMetrics.contentTokens(c.chunk().text()));
    }
    Vectors v = embedder == null ? null : new Vectors(s);
    List<MetricScore> scores = new ArrayList<>();
    if (!refused) {
      if (judge != null) {
        scores.add(judgeFaithfulness(q, s.context(), answer));
      }
      scores.add(faithfulnessEstimate(answer, contextTokens, v));
      if (judge != null) {
        scores.add(judgeRelevancy(q, answer));
      }
      scores.add(relevancyEstimate(q, answer, v));
    }
    if (q.answerable()) {
      scores.add(MetricScore.of(CONTEXT_PRECISION, contextPrecision(s), GROUND_TRUTH_IDS));
      boolean hasReference = !q.answer().isBlank();
      if (judge != null) {
        scores.add(
            hasReference
                ? judgeContextRecall(q, s.context())
                : MetricScore.missing(CONTEXT_RECALL, judgeMethod, "no reference answer"));
      }
      scores.add(
          hasReference
              ? sentenceCoverage(CONTEXT_RECALL, q.answer(), contextTokens)
              : MetricScore.missing(CONTEXT_RECALL, TOKEN_OVERLAP, "no reference answer"));
      scores.add(MetricScore.of(CONTEXT_RECALL, docRecall(s), GROUND_TRUTH_IDS));
      if (hasReference) {
        if (judge != null) {
          scores.add(judgeCorrectness(q, answer));
        }
        scores.add(correctnessEstimate(answer, q.answer(), v));
      }
    }
    return new SampleScores(q.id(), q.type(), refused, scores);
  }

  // ---------------------------------------------------------------- estimates

  private MetricScore faithfulnessEstimate(String answer, Set<String> contextTokens, Vectors v) {
    String method = v == null ? TOKEN_OVERLAP : TOKEN_OVERLAP + "+" + v.method();
    List<String> sentences = new ArrayList<>();
    for (String sentence : TextMetrics.sentences(answer)) {
      if (!TextMetrics.contentTokens(sentence).isEmpty()) {
        sentences.add(sentence);
      }
    }
    if (sentences.isEmpty()) {
      return MetricScore.missing(FAITHFULNESS, method, "answer has no content words");
    }
    float[][] sentenceVectors = v == null ? null : embedder.embed(sentences);
    int supported = 0;
    for (int i = 0; i < sentences.size(); i++) {
      boolean ok = TextMetrics.coverage(sentences.get(i), contextTokens) >= supportCoverage;
      if (!ok && v != null) {
        for (float[] c : v.context) {
          if (TextMetrics.cosine(sentenceVectors[i], c) >= supportCosine) {
            ok = true;
            break;
          }
        }
      }
      if (ok) {
        supported++;
      }
    }
    return MetricScore.of(FAITHFULNESS, (double) supported / sentences.size(), method);
  }

  private MetricScore relevancyEstimate(EvalQuestion q, String answer, Vectors v) {
    if (v != null) {
      return MetricScore.of(
          ANSWER_RELEVANCY, Math.max(0.0, TextMetrics.cosine(v.question, v.answer)), v.method());
    }
    Set<String> qt = TextMetrics.contentTokens(q.question());
    if (qt.isEmpty()) {
      return MetricScore.missing(ANSWER_RELEVANCY, TOKEN_OVERLAP, "question has no content words");
    }
    return MetricScore.of(
        ANSWER_RELEVANCY,
        TextMetrics.coverage(q.question(), TextMetrics.contentTokens(answer)),
        TOKEN_OVERLAP);
  }

  private MetricScore sentenceCoverage(String metric, String text, Set<String> contextTokens) {
    int n = 0;
    int supported = 0;
    for (String sentence : TextMetrics.sentences(text)) {
      double c = TextMetrics.coverage(sentence, contextTokens);
      if (!Double.isNaN(c)) {
        n++;
        if (c >= supportCoverage) {
          supported++;
        }
      }
    }
    return n == 0
        ? MetricScore.missing(metric, TOKEN_OVERLAP, "text has no content words")
        : MetricScore.of(metric, (double) supported / n, TOKEN_OVERLAP);
  }

  private MetricScore correctnessEstimate(String answer, String reference, Vectors v) {
    double f1 = TextMetrics.tokenF1(answer, reference);
    if (v == null) {
      return MetricScore.of(ANSWER_CORRECTNESS, f1, TOKEN_F1);
    }
    double cos = Math.max(0.0, TextMetrics.cosine(v.answer, v.reference));
    return MetricScore.of(ANSWER_CORRECTNESS, 0.5 * f1 + 0.5 * cos, TOKEN_F1 + "+" + v.method());
  }

  /**
   * Ragas context precision over the context chunks: the mean of Precision@k over the ranks k that
   * hold a chunk of a relevant document; 0 when no chunk is relevant.
   *
   * @param s the sample (its question must be answerable)
   * @return context precision in [0, 1]
   */
  public static double contextPrecision(RagSample s) {
    Set<String> relevant = s.question().relevantSet();
    int hits = 0;
    double sum = 0;
    List<ScoredChunk> ctx = s.context();
    for (int k = 0; k < ctx.size(); k++) {
      if (relevant.contains(RetrievalEvaluator.documentId(ctx.get(k)))) {
        hits++;
        sum += (double) hits / (k + 1);
      }
    }
    return hits == 0 ? 0.0 : sum / hits;
  }

  private static double docRecall(RagSample s) {
    Set<String> relevant = s.question().relevantSet();
    long found = s.contextSources().stream().filter(relevant::contains).count();
    return (double) found / relevant.size();
  }

  // ---------------------------------------------------------------- judge

  private MetricScore judgeFaithfulness(EvalQuestion q, List<ScoredChunk> context, String answer) {
    String prompt =
        "You are grading whether an answer is supported by the context it was written from.\n"
            + "Split the ANSWER into short atomic factual statements. For each statement decide"
            + " whether the CONTEXT supports it (true) or not (false).\n"
            + "Reply with JSON only, in this form:\n"
            + "{\"statements\": [{\"statement\": \"...\", \"supported\": true}]}\n\n"
            + "QUESTION: "
            + q.question()
            + "\n\nCONTEXT:\n"
            + contextText(context)
            + "\nANSWER:\n"
            + answer
            + "\n";
    return askJudge(
        FAITHFULNESS, prompt, root -> JudgeVerdicts.fraction(root, "statements", "supported"));
  }

  private MetricScore judgeRelevancy(EvalQuestion q, String answer) {
    String prompt =
        "You are grading how directly an answer addresses a question (not whether it is"
            + " true). Rate from 1 (off-topic or evasive) to 5 (fully and directly answers it).\n"
            + "Reply with JSON only: {\"score\": <1-5>, \"reason\": \"...\"}\n\n"
            + "QUESTION: "
            + q.question()
            + "\n\nANSWER:\n"
            + answer
            + "\n";
    return askJudge(
        ANSWER_RELEVANCY, prompt, root -> (JudgeVerdicts.number(root, "score", 1, 5) - 1) / 4.0);
  }

  private MetricScore judgeContextRecall(EvalQuestion q, List<ScoredChunk> context) {
    StringBuilder ref = new StringBuilder();
    List<String> sentences = TextMetrics.sentences(q.answer());
    for (int i = 0; i < sentences.size(); i++) {
      ref.append(i + 1).append(". ").append(sentences.get(i)).append('\n');
    }
    String prompt =
        "You are grading whether retrieved context contains the information of a reference"
            + " answer. For each numbered REFERENCE sentence decide whether it can be attributed"
            + " to the CONTEXT (true) or not (false).\n"
            + "Reply with JSON only, one entry per sentence, in order:\n"
            + "{\"sentences\": [{\"sentence\": \"...\", \"attributed\": true}]}\n\n"
            + "QUESTION: "
            + q.question()
            + "\n\nCONTEXT:\n"
            + contextText(context)
            + "\nREFERENCE:\n"
            + ref;
    return askJudge(
        CONTEXT_RECALL, prompt, root -> JudgeVerdicts.fraction(root, "sentences", "attributed"));
  }

  private MetricScore judgeCorrectness(EvalQuestion q, String answer) {
    String prompt =
        "You are grading an answer against a reference answer. Say \"correct\" when it states"
            + " the facts of the reference without contradicting it, \"partially_correct\" when it"
            + " has some of them or adds errors, \"incorrect\" otherwise.\n"
            + "Reply with JSON only: {\"verdict\": \"correct|partially_correct|incorrect\","
            + " \"reason\": \"...\"}\n\n"
            + "QUESTION: "
            + q.question()
            + "\n\nREFERENCE:\n"
            + q.answer()
            + "\n\nANSWER:\n"
            + answer
            + "\n";
    return askJudge(ANSWER_CORRECTNESS, prompt, GenerationEvaluator::correctnessVerdict);
  }

  private static double correctnessVerdict(JsonNode root) {
    JsonNode verdict = root.get("verdict");
    if (verdict != null && verdict.isTextual()) {
      String v =
          verdict.asText().trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
      switch (v) {
        case "correct" -> {
          return 1.0;
        }
        case "partially_correct", "partial", "partly_correct" -> {
          return 0.5;
        }
        case "incorrect", "wrong" -> {
          return 0.0;
        }
        default -> throw new MlException("judge verdict '" + verdict.asText() + "' is unknown");
      }
    }
    return JudgeVerdicts.number(root, "score", 0, 1);
  }

  @FunctionalInterface
  private interface VerdictParser {
    double parse(JsonNode root);
  }

  private MetricScore askJudge(String metric, String prompt, VerdictParser parser) {
    String reply;
    try {
      Answer a = judge.generate(new Question(prompt), List.of());
      reply = a.text();
    } catch (RuntimeException e) {
      LOG.warn("{} judge call failed: {}", metric, e.getMessage());
      return MetricScore.missing(metric, judgeMethod, "judge call failed: " + e.getMessage());
    }
    try {
      return MetricScore.of(metric, parser.parse(JudgeVerdicts.object(reply)), judgeMethod);
    } catch (MlException e) {
      LOG.warn("{} judge reply unusable: {}", metric, e.getMessage());
      return MetricScore.missing(metric, judgeMethod, e.getMessage());
    }
  }

  private static String contextText(List<ScoredChunk> context) {
    if (context.isEmpty()) {
      return "(no context)\n";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < context.size(); i++) {
      String t = context.get(i).chunk().text();
      if (t.length() > MAX_CHUNK_CHARS) {
        t = t.substring(0, MAX_CHUNK_CHARS) + " ...";
      }
      sb.append('[').append(i + 1).append("] ").append(t).append("\n\n");
    }
    return sb.toString();
  }

  /** The embeddings one sample needs, computed in two calls. */
  private final class Vectors {
    final float[] question;
    final float[] answer;
    final float[] reference;
    final List<float[]> context = new ArrayList<>();

    Vectors(RagSample s) {
      question = embedder.embedQueries(List.of(s.question().question()))[0];
      List<String> texts = new ArrayList<>();
      texts.add(s.answer().text().isBlank() ? " " : s.answer().text());
      texts.add(s.question().answer().isBlank() ? " " : s.question().answer());
      s.context().forEach(c -> texts.add(c.chunk().text()));
      float[][] vs = embedder.embed(texts);
      if (vs.length != texts.size()) {
        throw new MlException(
            "embedder "
                + embedder.name()
                + " returned "
                + vs.length
                + " vectors for "
                + texts.size()
                + " texts");
      }
      answer = vs[0];
      reference = vs[1];
      for (int i = 2; i < vs.length; i++) {
        context.add(vs[i]);
      }
    }

    String method() {
      return "embedding-cosine:" + embedder.name();
    }
  }

  /** Options of a {@link GenerationEvaluator}. */
  public static final class Builder {
    private Generator judge;
    private String judgeModel;
    private Embedder embedder;
    private double supportCoverage = 0.6;
    private double supportCosine = 0.8;
    private RefusalDetector refusals = RefusalDetector.defaults();
    private int progressEvery = 25;

    private Builder() {}

    /**
     * Uses an LLM judge for faithfulness, answer relevancy, context recall and answer correctness.
     *
     * @param generator the judge; it gets the full prompt as the question and an empty context
     * @param model the judge's model name, for the method label {@code llm-judge:<model>}
     * @return this builder
     * @throws MlException when the model name is blank
     */
    public Builder judge(Generator generator, String model) {
      if (model == null || model.isBlank()) {
        throw new MlException("judge model name must not be blank");
      }
      this.judge = Objects.requireNonNull(generator, "generator");
      this.judgeModel = model;
      return this;
    }

    /**
     * Uses an embedder for the similarity-based estimates (the caller closes it).
     *
     * @param e the embedder
     * @return this builder
     */
    public Builder embedder(Embedder e) {
      this.embedder = Objects.requireNonNull(e, "embedder");
      return this;
    }

    /**
     * Sets the content-token coverage at which a sentence counts as supported (default 0.6).
     *
     * @param coverage in (0, 1]
     * @return this builder
     * @throws MlException when out of range
     */
    public Builder supportCoverage(double coverage) {
      if (!(coverage > 0 && coverage <= 1)) {
        throw new MlException("supportCoverage must be in (0, 1], got " + coverage);
      }
      this.supportCoverage = coverage;
      return this;
    }

    /**
     * Sets the cosine at which a sentence counts as supported by a chunk (default 0.8).
     *
     * @param cosine in (0, 1]
     * @return this builder
     * @throws MlException when out of range
     */
    public Builder supportCosine(double cosine) {
      if (!(cosine > 0 && cosine <= 1)) {
        throw new MlException("supportCosine must be in (0, 1], got " + cosine);
      }
      this.supportCosine = cosine;
      return this;
    }

    /**
     * Sets the refusal detector.
     *
     * @param detector the detector
     * @return this builder
     */
    public Builder refusals(RefusalDetector detector) {
      this.refusals = Objects.requireNonNull(detector, "detector");
      return this;
    }

    /**
     * Logs progress every {@code n} answers; 0 turns it off.
     *
     * @param n answers between log lines
     * @return this builder
     * @throws MlException when negative
     */
    public Builder progressEvery(int n) {
      if (n < 0) {
        throw new MlException("progressEvery must be >= 0, got " + n);
      }
      this.progressEvery = n;
      return this;
    }

    /**
     * Builds the evaluator.
     *
     * @return the evaluator
     */
    public GenerationEvaluator build() {
      return new GenerationEvaluator(this);
    }
  }
}
