package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranking (retrieval) metrics of one query and their means over a run, with the definitions of
 * trec_eval / pytrec_eval (as used by BEIR) and scikit-learn's {@code ndcg_score}.
 *
 * <p>A ranking is a list of distinct document ids, best first; rank {@code r} is 1-based. A
 * document is relevant when its judged grade is {@code > 0}; unjudged documents count as grade 0.
 * Per-query functions:
 *
 * <ul>
 *   <li>Recall@K = |relevant ∩ top K| / |relevant|.
 *   <li>Precision@K = |relevant ∩ top K| / K, divided by K even when fewer than K documents are
 *       ranked (trec_eval's {@code P_K}).
 *   <li>reciprocal rank = 1 / rank of the first relevant document in the whole ranking, 0 if none
 *       is ranked.
 *   <li>average precision = Σ over relevant documents in the ranking of Precision@rank, divided by
 *       |relevant| (trec_eval's {@code map}: relevant documents missing from the ranking count as
 *       precision 0).
 *   <li>nDCG@K = DCG@K / IDCG@K with DCG@K = Σ_{r ≤ K} grade(doc at r) / log2(r + 1) (linear gains)
 *       and IDCG@K the DCG@K of all judged documents sorted by decreasing grade, whether ranked or
 *       not (scikit-learn {@code ndcg_score(..., k=K)}).
 * </ul>
 *
 * <p>Queries with no relevant document make recall, average precision and nDCG undefined (zero
 * denominator): the per-query functions refuse them and {@link #evaluate} skips them, like
 * BEIR/pytrec_eval, reporting how many it skipped.
 */
public final class RankingMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(RankingMetrics.class);

  private RankingMetrics() {}

  /**
   * Recall@K: the fraction of the relevant documents found in the top {@code k}.
   *
   * @param ranked document ids, best first, distinct
   * @param relevant ids of the relevant documents, not empty
   * @param k cutoff, {@code >= 1}
   * @return recall in [0, 1]
   * @throws MlException on bad input or an empty relevant set
   */
  public static double recallAtK(List<String> ranked, Set<String> relevant, int k) {
    checkRanking(ranked);
    checkRelevantNotEmpty(relevant, "Recall@K");
    checkK(k);
    return (double) hitsAtK(ranked, relevant, k) / relevant.size();
  }

  /**
   * Precision@K: the fraction of the top {@code k} positions holding a relevant document (always
   * divided by {@code k}).
   *
   * @param ranked document ids, best first, distinct
   * @param relevant ids of the relevant documents (may be empty: the precision is then 0)
   * @param k cutoff, {@code >= 1}
   * @return precision in [0, 1]
   * @throws MlException on bad input
   */
  public static double precisionAtK(List<String> ranked, Set<String> relevant, int k) {
    checkRanking(ranked);
    checkRelevant(relevant);
    checkK(k);
    return (double) hitsAtK(ranked, relevant, k) / k;
  }

  /**
   * Reciprocal rank: 1 / (1-based rank of the first relevant document), 0 when none is ranked.
   *
   * @param ranked document ids, best first, distinct
   * @param relevant ids of the relevant documents (may be empty: the value is then 0)
   * @return the reciprocal rank in [0, 1]
   * @throws MlException on bad input
   */
  public static double reciprocalRank(List<String> ranked, Set<String> relevant) {
    checkRanking(ranked);
    checkRelevant(relevant);
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant.contains(ranked.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0.0;
  }

  /**
   * Average precision (IR definition): the sum of Precision@rank over the ranks holding a relevant
   * document, divided by the number of relevant documents (so unranked relevant documents count as
   * 0).
   *
   * @param ranked document ids, best first, distinct
   * @param relevant ids of the relevant documents, not empty
   * @return average precision in [0, 1]
   * @throws MlException on bad input or an empty relevant set
   */
  public static double averagePrecision(List<String> ranked, Set<String> relevant) {
    checkRanking(ranked);
    checkRelevantNotEmpty(relevant, "average precision");
    int hits = 0;
    double sum = 0.0;
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant.contains(ranked.get(i))) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return sum / relevant.size();
  }

  /**
   * nDCG@K with linear gains: DCG@K of the ranking divided by the DCG@K of the ideal ranking of all
   * judged documents; the document at 1-based rank r contributes grade / log2(r + 1).
   *
   * @param ranked document ids, best first, distinct
   * @param graded judged grade of each document, {@code >= 0}; at least one {@code > 0}. Documents
   *     not in the map have grade 0
   * @param k cutoff, {@code >= 1}
   * @return nDCG in [0, 1]
   * @throws MlException on bad input, a negative grade or no positive grade
   */
  public static double ndcgAtK(List<String> ranked, Map<String, Integer> graded, int k) {
    checkRanking(ranked);
    checkK(k);
    List<Integer> ideal = positiveGrades(graded);
    if (ideal.isEmpty()) {
      throw new MlException(
          "nDCG@K is undefined for a query with no relevant document (no grade > 0)");
    }
    return ndcg(ranked, graded, ideal, k);
  }

  /**
   * Evaluates a run against relevance judgments and averages every metric over the queries.
   *
   * <p>The queries evaluated are those of {@code qrels} with at least one relevant document (grade
   * {@code > 0}); judged queries without one are skipped (BEIR/pytrec_eval), and so are run queries
   * that have no judgments. A judged query missing from {@code runs} is evaluated as an empty
   * ranking, so every metric is 0 for it (trec_eval {@code -c}): a retriever that answers nothing
   * is not rewarded.
   *
   * @param runs for each query id, its ranking (document ids best first, distinct)
   * @param qrels for each query id, the grade of each judged document ({@code >= 0})
   * @param ks the cutoffs for Recall@K, Precision@K and nDCG@K, each {@code >= 1}, at least one
   * @return the means
   * @throws MlException on bad input or when no query has a relevant document
   */
  public static RankingReport evaluate(
      Map<String, List<String>> runs, Map<String, Map<String, Integer>> qrels, int... ks) {
    if (runs == null) {
      throw new MlException("runs is null");
    }
    if (qrels == null) {
      throw new MlException("qrels is null");
    }
    List<Integer> cutoffs = cutoffs(ks);
    Map<String, Map<String, Integer>> sortedQrels = new TreeMap<>();
    for (Map.Entry<String, Map<String, Integer>> e : qrels.entrySet()) {
      if (e.getKey() == null) {
        throw new MlException("qrels has a null query id");
      }
      if (e.getValue() == null) {
        throw new MlException("qrels of query '" + e.getKey() + "' is null");
      }
      sortedQrels.put(e.getKey(), e.getValue());
    }
    int unjudged = 0;
    for (String qid : runs.keySet()) {
      if (qid == null) {
        throw new MlException("runs has a null query id");
      }
      if (!qrels.containsKey(qid)) {
        unjudged++;
      }
    }
    int c = cutoffs.size();
    double[] recall = new double[c];
    double[] precision = new double[c];
    double[] ndcg = new double[c];
    double rr = 0.0;
    double ap = 0.0;
    int queries = 0;
    int skipped = 0;
    for (Map.Entry<String, Map<String, Integer>> e : sortedQrels.entrySet()) {
      String qid = e.getKey();
      Map<String, Integer> graded = e.getValue();
      List<Integer> ideal;
      try {
        ideal = positiveGrades(graded);
      } catch (MlException ex) {
        throw new MlException("query '" + qid + "': " + ex.getMessage(), ex);
      }
      if (ideal.isEmpty()) {
        skipped++;
        continue;
      }
      List<String> ranked = runs.getOrDefault(qid, List.of());
      try {
        checkRanking(ranked);
      } catch (MlException ex) {
        throw new MlException("run of query '" + qid + "': " + ex.getMessage(), ex);
      }
      Set<String> relevant = new HashSet<>();
      graded.forEach(
          (doc, grade) -> {
            if (grade > 0) {
              relevant.add(doc);
            }
          });
      for (int i = 0; i < c; i++) {
        int k = cutoffs.get(i);
        int hits = hitsAtK(ranked, relevant, k);
        recall[i] += (double) hits / relevant.size();
        precision[i] += (double) hits / k;
        ndcg[i] += ndcg(ranked, graded, ideal, k);
      }
      rr += reciprocalRank(ranked, relevant);
      ap += averagePrecision(ranked, relevant);
      queries++;
    }
    if (queries == 0) {
      throw new MlException(
          "no query to evaluate: none of the "
              + qrels.size()
              + " judged queries has a relevant document (grade > 0)");
    }
    if (skipped > 0 || unjudged > 0) {
      LOG.info(
          "ranking evaluation over {} queries; skipped {} judged queries without a relevant"
              + " document and {} run queries without judgments",
          queries,
          skipped,
          unjudged);
    }
    Map<Integer, Double> recallMap = new LinkedHashMap<>();
    Map<Integer, Double> precisionMap = new LinkedHashMap<>();
    Map<Integer, Double> ndcgMap = new LinkedHashMap<>();
    for (int i = 0; i < c; i++) {
      recallMap.put(cutoffs.get(i), recall[i] / queries);
      precisionMap.put(cutoffs.get(i), precision[i] / queries);
      ndcgMap.put(cutoffs.get(i), ndcg[i] / queries);
    }
    return new RankingReport(
        cutoffs,
        queries,
        skipped,
        unjudged,
        recallMap,
        precisionMap,
        ndcgMap,
        rr / queries,
        ap / queries);
  }

  private static double ndcg(
      List<String> ranked, Map<String, Integer> graded, List<Integer> ideal, int k) {
    double dcg = 0.0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      Integer grade = graded.get(ranked.get(i));
      if (grade != null && grade > 0) {
        dcg += grade * discount(i);
      }
    }
    double idcg = 0.0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) * discount(i);
    }
    return dcg / idcg;
  }

  /** 1 / log2(i + 2) for the 0-based position i, computed as scikit-learn does. */
  private static double discount(int i) {
    return 1.0 / (Math.log(i + 2) / Math.log(2));
  }

  private static int hitsAtK(List<String> ranked, Set<String> relevant, int k) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        hits++;
      }
    }
    return hits;
  }

  /** The grades > 0, in decreasing order, after validating every grade. */
  private static List<Integer> positiveGrades(Map<String, Integer> graded) {
    if (graded == null) {
      throw new MlException("graded is null");
    }
    List<Integer> grades = new ArrayList<>();
    for (Map.Entry<String, Integer> e : graded.entrySet()) {
      if (e.getKey() == null) {
        throw new MlException("graded has a null document id");
      }
      Integer grade = e.getValue();
      if (grade == null || grade < 0) {
        throw new MlException(
            "grade of document '" + e.getKey() + "' is " + grade + "; grades must be >= 0");
      }
      if (grade > 0) {
        grades.add(grade);
      }
    }
    grades.sort(Collections.reverseOrder());
    return grades;
  }

  private static List<Integer> cutoffs(int[] ks) {
    if (ks == null || ks.length == 0) {
      throw new MlException("ks is empty: give at least one cutoff K (e.g. 10)");
    }
    TreeSet<Integer> sorted = new TreeSet<>();
    for (int k : ks) {
      checkK(k);
      sorted.add(k);
    }
    return List.copyOf(sorted);
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new MlException("k must be >= 1, got " + k);
    }
  }

  private static void checkRanking(List<String> ranked) {
    if (ranked == null) {
      throw new MlException("ranked is null");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ranked.size(); i++) {
      String doc = ranked.get(i);
      if (doc == null) {
        throw new MlException("ranked[" + i + "] is null");
      }
      if (!seen.add(doc)) {
        throw new MlException(
            "ranked["
                + i
                + "] = '"
                + doc
                + "' appears earlier in the ranking; ids must be distinct");
      }
    }
  }

  private static void checkRelevant(Set<String> relevant) {
    if (relevant == null) {
      throw new MlException("relevant is null");
    }
  }

  private static void checkRelevantNotEmpty(Set<String> relevant, String metric) {
    checkRelevant(relevant);
    if (relevant.isEmpty()) {
      throw new MlException(
          "relevant is empty: "
              + metric
              + " is undefined for a query with no relevant document"
              + " (evaluate() skips such queries)");
    }
  }
}
