package dev.mle4j.rag.eval;

import java.util.OptionalDouble;

/**
 * Tokens, latency per stage and cost of one RAG configuration.
 *
 * @param config configuration name
 * @param model generator model name
 * @param queries number of questions
 * @param meanPromptTokens mean prompt tokens per question
 * @param meanCompletionTokens mean completion tokens per question
 * @param retrieve retrieval latency
 * @param rerank reranking latency (all zeros without a reranker)
 * @param generate generation latency (wall time around {@code generate})
 * @param total end-to-end latency (sum of the stages per question)
 * @param usdPer1000Queries cost of 1,000 questions at the mean cost, empty without a price
 */
public record CostRow(
    String config,
    String model,
    int queries,
    double meanPromptTokens,
    double meanCompletionTokens,
    LatencySummary retrieve,
    LatencySummary rerank,
    LatencySummary generate,
    LatencySummary total,
    OptionalDouble usdPer1000Queries) {}
