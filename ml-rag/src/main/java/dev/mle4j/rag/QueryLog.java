package dev.mle4j.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends one JSON line per answered question: time, question, retrieved chunk ids, cited ids,
 * answer, latency per stage, tokens and cost. Lines are written and flushed under a lock, so
 * concurrent requests never interleave; a failed write is logged by the caller's exception, never
 * silently dropped.
 */
public final class QueryLog implements AutoCloseable {
  private final Path file;
  private final BufferedWriter out;
  private final ObjectMapper mapper = new ObjectMapper();
  private long written;

  private QueryLog(Path file) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
  }

  /**
   * Opens (appends to) a log file.
   *
   * @param file the JSONL file
   * @return the log
   * @throws MlException when the file cannot be opened
   */
  public static QueryLog open(Path file) {
    try {
      return new QueryLog(file);
    } catch (IOException e) {
      throw new MlException("cannot open query log " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The log file.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Lines written so far.
   *
   * @return the count
   */
  public synchronized long written() {
    return written;
  }

  /**
   * Appends a response.
   *
   * @param r the response
   */
  public void append(RagResponse r) {
    ObjectNode line = mapper.createObjectNode();
    line.put("time", Instant.now().toString());
    line.put("question", r.question());
    ArrayNode retrieved = line.putArray("retrieved_ids");
    r.retrievedIds().forEach(retrieved::add);
    ArrayNode cited = line.putArray("cited_ids");
    r.citations().forEach(c -> cited.add(c.chunkId()));
    line.put("answer", r.answer());
    line.put("generator", r.generator());
    line.put("latency_ms", r.latencyMs());
    line.put("retrieve_ms", r.retrieveMs());
    line.put("generate_ms", r.generateMs());
    line.put("prompt_tokens", r.promptTokens());
    line.put("completion_tokens", r.completionTokens());
    line.put("cost_usd", r.costUsd());
    String text = line.toString();
    synchronized (this) {
      try {
        out.write(text);
        out.write('\n');
        out.flush();
        written++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write query log " + file, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close query log " + file, e);
    }
  }
}
