package dev.mle4j.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionSetTest {

  private static final String VALID =
      """
      {"corpus": "pg", "description": "d", "questions": [
        {"id": "q001", "type": "factual", "question": "What is the default port?", "answer": "5432",
         "relevant_sources": ["runtime-config.html"], "graded": {"runtime-config.html": 2, "x.html": 1},
         "evidence": "port (integer) default 5432"},
        {"id": "q002", "type": "multi_hop", "question": "Q2?", "answer": "A2",
         "relevant_sources": ["a.html", "b.html"]},
        {"id": "q003", "type": "negative", "question": "Does it run on a toaster?", "answer": "Not documented.",
         "relevant_sources": []}
      ]}
      """;

  @Test
  void loadsQuestionsWithGradesAndTypes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("qa.json");
    Files.writeString(f, VALID);
    QuestionSet set = QuestionSet.load(f);
    assertThat(set.corpus()).isEqualTo("pg");
    assertThat(set.size()).isEqualTo(3);
    EvalQuestion q1 = set.questions().get(0);
    assertThat(q1.type()).isEqualTo(QuestionType.FACTUAL);
    assertThat(q1.graded()).isEqualTo(Map.of("runtime-config.html", 2, "x.html", 1));
    assertThat(q1.relevantSources()).containsExactly("runtime-config.html", "x.html");
    assertThat(set.questions().get(1).graded())
        .containsEntry("a.html", 1)
        .containsEntry("b.html", 1);
    EvalQuestion neg = set.questions().get(2);
    assertThat(neg.answerable()).isFalse();
    assertThat(neg.graded()).isEmpty();
    assertThat(set.countsByType())
        .containsEntry(QuestionType.FACTUAL, 1)
        .containsEntry(QuestionType.MULTI_HOP, 1)
        .containsEntry(QuestionType.NEGATIVE, 1);
  }

  @Test
  void loadsTheProjectQuestionSet() {
    Path file = Path.of("..", "data", "eval", "postgres-qa.json");
    Assumptions.assumeTrue(Files.isRegularFile(file), "data/eval/postgres-qa.json not present");
    QuestionSet set = QuestionSet.load(file);
    assertThat(set.size()).isEqualTo(80);
    assertThat(set.ofType(QuestionType.NEGATIVE)).hasSize(15).allMatch(q -> !q.answerable());
    assertThat(set.ofType(QuestionType.MULTI_HOP)).allMatch(q -> q.relevantSources().size() >= 2);
  }

  @Test
  void rejectsMissingField() {
    String json =
        """
        {"questions": [{"id": "q1", "type": "factual", "answer": "a", "relevant_sources": ["a"]}]}
        """;
    assertThatThrownBy(() -> QuestionSet.parse(json, "qa.json"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("qa.json")
        .hasMessageContaining("'q1'")
        .hasMessageContaining("missing field 'question'");
  }

  @Test
  void rejectsUnknownType() {
    String json =
        """
        {"questions": [{"id": "q1", "type": "trivia", "question": "q", "answer": "a",
          "relevant_sources": ["a"]}]}
        """;
    assertThatThrownBy(() -> QuestionSet.parse(json, "qa.json"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown question type 'trivia'")
        .hasMessageContaining("multi_hop");
  }

  @Test
  void rejectsDuplicateIds() {
    String json =
        """
        {"questions": [
          {"id": "q1", "type": "factual", "question": "q", "answer": "a", "relevant_sources": ["a"]},
          {"id": "q1", "type": "factual", "question": "q2", "answer": "a", "relevant_sources": ["b"]}]}
        """;
    assertThatThrownBy(() -> QuestionSet.parse(json, "qa.json"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duplicate question id 'q1'");
  }

  @Test
  void rejectsEmptySetBadJsonAndInconsistentRelevance(@TempDir Path dir) {
    assertThatThrownBy(() -> QuestionSet.parse("{\"questions\": []}", "qa.json"))
        .hasMessageContaining("no questions");
    assertThatThrownBy(() -> QuestionSet.parse("{\"questions\": [", "qa.json"))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> QuestionSet.parse("{}", "qa.json"))
        .hasMessageContaining("missing 'questions' array");
    assertThatThrownBy(
            () ->
                QuestionSet.parse(
                    "{\"questions\": [{\"id\": \"n\", \"type\": \"negative\", \"question\": \"q\","
                        + " \"answer\": \"\", \"relevant_sources\": [\"a\"]}]}",
                    "qa.json"))
        .hasMessageContaining("negative but lists relevant sources");
    assertThatThrownBy(
            () ->
                QuestionSet.parse(
                    "{\"questions\": [{\"id\": \"f\", \"type\": \"factual\", \"question\": \"q\","
                        + " \"answer\": \"a\", \"relevant_sources\": []}]}",
                    "qa.json"))
        .hasMessageContaining("has no relevant source");
    assertThatThrownBy(
            () ->
                QuestionSet.parse(
                    "{\"questions\": [{\"id\": \"f\", \"type\": \"factual\", \"question\": \"q\","
                        + " \"answer\": \"a\", \"relevant_sources\": [\"a\"], \"graded\": {\"a\": 1.5}}]}",
                    "qa.json"))
        .hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> QuestionSet.load(dir.resolve("missing.json")))
        .hasMessageContaining("does not exist");
  }
}
