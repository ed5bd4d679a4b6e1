/**
 * Answer generation for retrieval-augmented QA.
 *
 * <p>{@link dev.mle4j.rag.generate.PromptBuilder} turns a question and retrieved chunks into a
 * prompt with numbered sources within a token budget. Generators: {@link
 * dev.mle4j.rag.generate.OpenAiChatGenerator} (OpenAI-compatible chat completions: OpenAI, vLLM,
 * Ollama, llama.cpp), {@link dev.mle4j.rag.generate.AnthropicGenerator} (Messages API) and the
 * offline {@link dev.mle4j.rag.generate.ExtractiveGenerator}; {@link
 * dev.mle4j.rag.generate.Generators#fromEnvironment(java.util.Map)} picks one from {@code
 * MLE4J_LLM_*} variables. Both LLM clients are also a {@link dev.mle4j.rag.generate.ChatModel} (raw
 * system + user completion); {@link dev.mle4j.rag.generate.JudgeGenerator} wraps one as an LLM
 * judge, built from {@code MLE4J_JUDGE_*} variables by {@link
 * dev.mle4j.rag.generate.Generators#judgeFromEnvironment(java.util.Map)}. {@link
 * dev.mle4j.rag.generate.OpenAiEmbeddingClient} embeds through an OpenAI-compatible embeddings
 * endpoint. {@link dev.mle4j.rag.generate.PriceTable} turns token usage into an estimated cost.
 *
 * <p>The HTTP clients use {@code java.net.http}: timeouts, retries with exponential backoff and
 * jitter, and typed {@link dev.mle4j.rag.generate.GeneratorException}s whose messages name the
 * endpoint and never contain the API key.
 */
package dev.mle4j.rag.generate;
