package dev.mle4j.rag.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A set of evaluation questions, loaded from a JSON file:
 *
 * <pre>{@code
 * {"corpus": "...", "description": "...",
 *  "questions": [{"id": "q001", "type": "factual", "question": "...", "answer": "...",
 *                 "relevant_sources": ["sql-createtable.html"],
 *                 "graded": {"sql-createtable.html": 2, "x.html": 1}, "evidence": "..."}]}
 * }</pre>
 *
 * <p>{@code type} is {@code factual}, {@code reasoning}, {@code multi_hop}, {@code negative} or
 * {@code retrieval}; negative questions have empty {@code relevant_sources} and no {@code graded};
 * {@code graded} and {@code evidence} are optional.
 *
 * @param corpus corpus name
 * @param description free text
 * @param questions the questions, at least one, unique ids
 */
public record QuestionSet(String corpus, String description, List<EvalQuestion> questions) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Validates: at least one question, unique ids. */
  public QuestionSet {
    corpus = corpus == null ? "" : corpus;
    description = description == null ? "" : description;
    if (questions == null || questions.isEmpty()) {
      throw new MlException("question set '" + corpus + "' has no questions");
    }
    Set<String> ids = new HashSet<>();
    for (EvalQuestion q : questions) {
      Objects.requireNonNull(q, "question");
      if (!ids.add(q.id())) {
        throw new MlException(
            "question set '" + corpus + "': duplicate question id '" + q.id() + "'");
      }
    }
    questions = List.copyOf(questions);
  }

  /**
   * Loads a question set file.
   *
   * @param file the JSON file
   * @return the question set
   * @throws MlException when the file is missing, not JSON or breaks the format (the message names
   *     the question and field)
   */
  public static QuestionSet load(Path file) {
    Objects.requireNonNull(file, "file");
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new MlException("question set file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new MlException("cannot read question set file " + file + ": " + e.getMessage(), e);
    }
    return parse(json, file.toString());
  }

  /**
   * Parses a question set from JSON text.
   *
   * @param json the JSON
   * @param sourceName the file name for error messages
   * @return the question set
   * @throws MlException when the JSON breaks the format
   */
  public static QuestionSet parse(String json, String sourceName) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MlException(
          sourceName
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new MlException(sourceName + ": must hold a JSON object with a 'questions' array");
    }
    JsonNode qs = root.get("questions");
    if (qs == null || !qs.isArray()) {
      throw new MlException(sourceName + ": missing 'questions' array");
    }
    String corpus = optionalText(root, "corpus", sourceName);
    String description = optionalText(root, "description", sourceName);
    List<EvalQuestion> questions = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      JsonNode q = qs.get(i);
      String where = sourceName + ": questions[" + i + "]";
      if (!q.isObject()) {
        throw new MlException(where + " is not an object");
      }
      String id = requiredText(q, "id", where);
      where = sourceName + ": question '" + id + "'";
      QuestionType type;
      try {
        type = QuestionType.parse(requiredText(q, "type", where));
      } catch (MlException e) {
        throw new MlException(where + ": " + e.getMessage(), e);
      }
      String question = requiredText(q, "question", where);
      String answer = requiredText(q, "answer", where);
      List<String> sources = new ArrayList<>();
      JsonNode rs = q.get("relevant_sources");
      if (rs == null || rs.isNull()) {
        throw new MlException(where + ": missing field 'relevant_sources' (use [] for none)");
      }
      if (!rs.isArray()) {
        throw new MlException(where + ": 'relevant_sources' must be an array of document ids");
      }
      for (JsonNode s : rs) {
        if (!s.isTextual()) {
          throw new MlException(where + ": 'relevant_sources' holds a non-string " + s);
        }
        sources.add(s.asText());
      }
      Map<String, Integer> graded = new LinkedHashMap<>();
      JsonNode g = q.get("graded");
      if (g != null && !g.isNull()) {
        if (!g.isObject()) {
          throw new MlException(where + ": 'graded' must be an object of document id to grade");
        }
        for (Map.Entry<String, JsonNode> e : g.properties()) {
          if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
            throw new MlException(
                where + ": grade of '" + e.getKey() + "' must be an integer, got " + e.getValue());
          }
          graded.put(e.getKey(), e.getValue().asInt());
        }
      }
      String evidence = optionalText(q, "evidence", where);
      try {
        questions.add(new EvalQuestion(id, type, question, answer, sources, graded, evidence));
      } catch (MlException e) {
        throw new MlException(sourceName + ": " + e.getMessage(), e);
      }
    }
    try {
      return new QuestionSet(corpus, description, questions);
    } catch (MlException e) {
      throw new MlException(sourceName + ": " + e.getMessage(), e);
    }
  }

  /**
   * The number of questions.
   *
   * @return the size
   */
  public int size() {
    return questions.size();
  }

  /**
   * The questions of one type.
   *
   * @param type the type
   * @return those questions, in file order
   */
  public List<EvalQuestion> ofType(QuestionType type) {
    return questions.stream().filter(q -> q.type() == type).toList();
  }

  /**
   * The number of questions per type, in enum order, types without questions left out.
   *
   * @return counts
   */
  public Map<QuestionType, Integer> countsByType() {
    Map<QuestionType, Integer> counts = new EnumMap<>(QuestionType.class);
    questions.forEach(q -> counts.merge(q.type(), 1, Integer::sum));
    return counts;
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new MlException(where + ": missing field '" + field + "'");
    }
    if (!v.isTextual()) {
      throw new MlException(where + ": field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static String optionalText(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new MlException(where + ": field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }
}
