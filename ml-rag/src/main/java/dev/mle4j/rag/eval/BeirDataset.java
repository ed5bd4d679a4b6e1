package dev.mle4j.rag.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retrieval benchmark in the BEIR folder format:
 *
 * <pre>
 * DIR/corpus.jsonl        {"_id": "d1", "title": "...", "text": "..."} per line
 * DIR/queries.jsonl       {"_id": "q1", "text": "..."} per line
 * DIR/qrels/test.tsv      query-id TAB corpus-id TAB score, with or without that header line
 * </pre>
 *
 * Each file may also be gzipped ({@code corpus.jsonl.gz}, {@code qrels/test.tsv.gz}). Only queries
 * with at least one judged document of score {@code > 0} are evaluated. Every error names the file
 * and line.
 *
 * @param name dataset name (the folder name)
 * @param documents corpus documents in file order
 * @param queries all queries, id to text, in file order
 * @param qrels query id to document id to grade, for the split loaded
 */
public record BeirDataset(
    String name,
    List<BeirDocument> documents,
    Map<String, String> queries,
    Map<String, Map<String, Integer>> qrels) {

  private static final Logger LOG = LoggerFactory.getLogger(BeirDataset.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One corpus document.
   *
   * @param id document id
   * @param title title (may be empty)
   * @param text body text
   */
  public record BeirDocument(String id, String title, String text) {
    /** Validates. */
    public BeirDocument {
      Objects.requireNonNull(id, "id");
      title = title == null ? "" : title;
      text = text == null ? "" : text;
    }
  }

  /** Copies the collections. */
  public BeirDataset {
    Objects.requireNonNull(name, "name");
    documents = List.copyOf(documents);
    queries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    qrels.forEach(
        (q, docs) -> copy.put(q, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(docs))));
    qrels = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Loads the {@code test} split of a BEIR folder.
   *
   * @param dir the folder
   * @return the dataset
   * @throws MlException when a file is missing or a line is malformed (naming file:line)
   */
  public static BeirDataset load(Path dir) {
    return load(dir, "test");
  }

  /**
   * Loads a split ({@code qrels/<split>.tsv}) of a BEIR folder.
   *
   * @param dir the folder
   * @param split e.g. {@code test} or {@code dev}
   * @return the dataset
   * @throws MlException when a file is missing or a line is malformed (naming file:line)
   */
  public static BeirDataset load(Path dir, String split) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new MlException("BEIR folder " + dir + " does not exist or is not a folder");
    }
    Path corpusFile = find(dir, "corpus.jsonl");
    Path queriesFile = find(dir, "queries.jsonl");
    Path qrelsFile = find(dir.resolve("qrels"), split + ".tsv");
    List<BeirDocument> docs = new ArrayList<>();
    Map<String, Boolean> docIds = new LinkedHashMap<>();
    readLines(
        corpusFile,
        (line, where) -> {
          JsonNode n = json(line, where);
          String id = field(n, "_id", where, true);
          if (docIds.put(id, Boolean.TRUE) != null) {
            throw new MlException(where + ": duplicate document id '" + id + "'");
          }
          docs.add(
              new BeirDocument(
                  id, field(n, "title", where, false), field(n, "text", where, false)));
        });
    Map<String, String> queries = new LinkedHashMap<>();
    readLines(
        queriesFile,
        (line, where) -> {
          JsonNode n = json(line, where);
          String id = field(n, "_id", where, true);
          String text = field(n, "text", where, true);
          if (text.isBlank()) {
            throw new MlException(where + ": query '" + id + "' has blank text");
          }
          if (queries.put(id, text) != null) {
            throw new MlException(where + ": duplicate query id '" + id + "'");
          }
        });
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    int[] unknownDocs = {0};
    int[] unknownQueries = {0};
    int[] lineNo = {0};
    readLines(
        qrelsFile,
        (line, where) -> {
          lineNo[0]++;
          String[] parts = line.split("\t");
          if (parts.length != 3) {
            parts = line.trim().split("\\s+");
          }
          if (lineNo[0] == 1 && parts.length >= 1 && parts[0].equalsIgnoreCase("query-id")) {
            return;
          }
          if (parts.length != 3) {
            throw new MlException(
                where
                    + ": expected 3 tab-separated columns (query-id, corpus-id, score), got "
                    + parts.length);
          }
          int score;
          try {
            score = Integer.parseInt(parts[2].trim());
          } catch (NumberFormatException e) {
            throw new MlException(where + ": score '" + parts[2] + "' is not an integer", e);
          }
          // some BEIR sets (Touché) judge documents below 0: not relevant, like 0
          score = Math.max(0, score);
          String qid = parts[0].trim();
          String did = parts[1].trim();
          if (!queries.containsKey(qid)) {
            unknownQueries[0]++;
            return;
          }
          if (!docIds.containsKey(did)) {
            unknownDocs[0]++;
          }
          qrels.computeIfAbsent(qid, k -> new LinkedHashMap<>()).merge(did, score, Math::max);
        });
    if (unknownQueries[0] > 0) {
      LOG.warn(
          "{}: {} judgements name queries missing from {}; they are ignored",
          qrelsFile,
          unknownQueries[0],
          queriesFile.getFileName());
    }
    if (unknownDocs[0] > 0) {
      LOG.warn(
          "{}: {} judgments name documents missing from the corpus; they count as unretrievable",
          qrelsFile,
          unknownDocs[0]);
    }
    String name =
        dir.toAbsolutePath().normalize().getFileName() == null
            ? dir.toString()
            : dir.toAbsolutePath().normalize().getFileName().toString();
    BeirDataset ds = new BeirDataset(name, docs, queries, qrels);
    if (ds.evalQuestions().isEmpty()) {
      throw new MlException(qrelsFile + ": no query has a judged document with score > 0");
    }
    LOG.info(
        "BEIR {}: {} documents, {} queries, {} evaluated",
        name,
        docs.size(),
        queries.size(),
        ds.evalQuestions().size());
    return ds;
  }

  /**
   * The corpus as chunks: one chunk per document, id and {@code source} = document id, text = title
   * + newline + text (just the text when there is no title), {@code title} metadata.
   *
   * @return the chunks in corpus order
   */
  public List<Chunk> corpusChunks() {
    List<Chunk> chunks = new ArrayList<>(documents.size());
    for (BeirDocument d : documents) {
      String text = d.title().isEmpty() ? d.text() : d.title() + "\n" + d.text();
      chunks.add(
          new Chunk(
              d.id(), text, Map.of(ChunkMetadata.SOURCE, d.id(), ChunkMetadata.TITLE, d.title())));
    }
    return chunks;
  }

  /**
   * The queries with at least one relevant document, as retrieval-only questions with graded
   * relevance, in queries-file order.
   *
   * @return the questions
   */
  public List<EvalQuestion> evalQuestions() {
    List<EvalQuestion> out = new ArrayList<>();
    queries.forEach(
        (qid, text) -> {
          Map<String, Integer> graded = qrels.get(qid);
          if (graded != null && graded.values().stream().anyMatch(g -> g > 0)) {
            out.add(new EvalQuestion(qid, QuestionType.RETRIEVAL, text, "", List.of(), graded, ""));
          }
        });
    return out;
  }

  /**
   * The evaluated queries as a question set.
   *
   * @return the question set
   */
  public QuestionSet toQuestionSet() {
    return new QuestionSet(name, "BEIR dataset " + name, evalQuestions());
  }

  @FunctionalInterface
  private interface LineHandler {
    void accept(String line, String where);
  }

  private static Path find(Path dir, String fileName) {
    Path plain = dir.resolve(fileName);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Path gz = dir.resolve(fileName + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    throw new MlException("BEIR file " + plain + " (or " + gz.getFileName() + ") does not exist");
  }

  private static void readLines(Path file, LineHandler handler) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = reader.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        handler.accept(line, file + ":" + n);
      }
    } catch (IOException e) {
      throw new MlException("cannot read " + file + ": " + e, e);
    }
  }

  private static JsonNode json(String line, String where) {
    try {
      JsonNode n = MAPPER.readTree(line);
      if (n == null || !n.isObject()) {
        throw new MlException(where + ": expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new MlException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String field(JsonNode n, String name, String where, boolean required) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw new MlException(where + ": missing field '" + name + "'");
      }
      return "";
    }
    if (!v.isValueNode()) {
      throw new MlException(where + ": field '" + name + "' must be a string, got " + v);
    }
    String s = v.asText();
    if (required && s.isEmpty()) {
      throw new MlException(where + ": field '" + name + "' is empty");
    }
    return s;
  }
}
