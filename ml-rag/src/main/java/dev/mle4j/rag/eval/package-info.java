/**
 * Evaluation of retrieval-augmented question answering: question sets ({@link
 * dev.mle4j.rag.eval.QuestionSet}, {@link dev.mle4j.rag.eval.BeirDataset}), retrieval metrics per
 * strategy ({@link dev.mle4j.rag.eval.RetrievalEvaluator}), Ragas-style answer metrics with an LLM
 * judge or documented non-LLM estimates ({@link dev.mle4j.rag.eval.GenerationEvaluator}), failure
 * categories ({@link dev.mle4j.rag.eval.FailureAnalysis}), tokens, latency and cost ({@link
 * dev.mle4j.rag.eval.CostLatency}) and the run report ({@link
 * dev.mle4j.rag.eval.RagEvaluationReport}).
 */
package dev.mle4j.rag.eval;
