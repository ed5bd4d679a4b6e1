package dev.mle4j.rag;

/**
 * A source an answer used.
 *
 * @param number the source's number in the prompt ({@code [n]} in the answer), from 1
 * @param chunkId the chunk id ({@code source#index})
 * @param source the document id
 * @param title the document title
 * @param section the section path
 * @param snippet the start of the chunk's text (at most {@value RagService#SNIPPET_CHARS} chars)
 * @param score the retrieval score of the chunk
 */
public record Citation(
    int number,
    String chunkId,
    String source,
    String title,
    String section,
    String snippet,
    double score) {}
