package dev.mle4j.rag.generate;

import static dev.mle4j.rag.generate.TestChunks.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
  private static final Question Q = new Question("What is the default port?");

  /** One token per whitespace-separated word: makes budgets easy to reason about. */
  private static final TokenEstimator WORDS =
      t -> t == null || t.isBlank() ? 0 : t.strip().split("\\s+").length;

  @Test
  void numbersSourcesInRankOrderWithHeaders() {
    Prompt p = PromptBuilder.defaults().build(Q, TestChunks.postgres());
    assertThat(p.system()).isEqualTo(PromptBuilder.DEFAULT_SYSTEM_PROMPT);
    assertThat(p.system())
        .contains("[1]")
        .contains(PromptBuilder.NOT_IN_DOCUMENTS)
        .contains("only the numbered sources");
    assertThat(p.chunks()).isEqualTo(TestChunks.postgres());
    assertThat(p.user())
        .isEqualTo(
            "Sources:\n"
                + "[1] Connections and Authentication \u2014 Connection Settings"
                + " (runtime-config-connection.html)\n"
                + TestChunks.postgres().get(0).chunk().text()
                + "\n\n[2] CREATE TABLE \u2014 Description (sql-createtable.html)\n"
                + TestChunks.postgres().get(1).chunk().text()
                + "\n\n[3] VACUUM \u2014 Description (sql-vacuum.html)\n"
                + TestChunks.postgres().get(2).chunk().text()
                + "\n\nQuestion: What is the default port?");
    TokenEstimator t = TokenEstimator.heuristic();
    assertThat(p.estimatedTokens()).isEqualTo(t.count(p.system()) + t.count(p.user()));
  }

  @Test
  void headersLeaveOutMissingParts() {
    assertThat(PromptBuilder.header(4, new Chunk("doc-7", "x", Map.of()))).isEqualTo("[4] doc-7");
    assertThat(
            PromptBuilder.header(
                1,
                new Chunk(
                    "a.html#0", "x", Map.of("title", "T", "section", "T", "source", "a.html"))))
        .isEqualTo("[1] T (a.html)");
    assertThat(PromptBuilder.header(2, new Chunk("a.html#3", "x", Map.of("section", "S"))))
        .isEqualTo("[2] S (a.html)");
  }

  @Test
  void budgetDropsLowestRankedAndCutsTheLastAtASentence() {
    List<ScoredChunk> ctx =
        List.of(
            chunk("a", 0, "A", "", "one two three four five six seven eight.", 3),
            chunk(
                "b", 0, "B", "", "Alpha beta gamma. Delta epsilon zeta. Eta theta iota kappa.", 2),
            chunk("c", 0, "C", "", "lowest ranked chunk text here.", 1));
    // block a: header "[1] A (a)" 3 words + 8 = 11; block b: header 3, leaving 6 = 2 sentences
    PromptBuilder pb = PromptBuilder.builder().tokenEstimator(WORDS).maxContextTokens(20).build();
    Prompt p = pb.build(Q, ctx);
    assertThat(p.chunks()).hasSize(2);
    assertThat(p.chunks().get(0)).isEqualTo(ctx.get(0));
    assertThat(p.chunks().get(1).chunk().id()).isEqualTo("b#0");
    assertThat(p.chunks().get(1).chunk().text()).isEqualTo("Alpha beta gamma. Delta epsilon zeta.");
    assertThat(p.chunks().get(1).chunk().metadata()).isEqualTo(ctx.get(1).chunk().metadata());
    assertThat(p.user())
        .contains("[2] B (b)\nAlpha beta gamma. Delta epsilon zeta.\n\n")
        .doesNotContain("Eta theta")
        .doesNotContain("[3]")
        .doesNotContain("lowest ranked");

    // with room for only the first chunk and not one sentence of the second, the second is dropped
    Prompt p2 =
        PromptBuilder.builder().tokenEstimator(WORDS).maxContextTokens(13).build().build(Q, ctx);
    assertThat(p2.chunks()).containsExactly(ctx.get(0));
  }

  @Test
  void firstChunkLargerThanTheBudgetIsCutAtAWord() {
    String[] words = new String[100];
    Arrays.fill(words, "word");
    List<ScoredChunk> ctx = List.of(chunk("big", 0, "Big", "", String.join(" ", words), 1));
    Prompt p =
        PromptBuilder.builder().tokenEstimator(WORDS).maxContextTokens(20).build().build(Q, ctx);
    assertThat(p.chunks()).hasSize(1);
    String text = p.chunks().get(0).chunk().text();
    assertThat(text).endsWith(" \u2026");
    assertThat(WORDS.count(text)).isLessThanOrEqualTo(20 - 3);
  }

  @Test
  void defaultBudgetHoldsOnManyChunks() {
    List<ScoredChunk> ctx = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ctx.add(chunk("doc" + i, 0, "T" + i, "", "This sentence repeats a lot. ".repeat(40), 50 - i));
    }
    PromptBuilder pb = PromptBuilder.defaults();
    Prompt p = pb.build(Q, ctx);
    assertThat(p.chunks().size()).isBetween(1, 49);
    assertThat(pb.maxContextTokens()).isEqualTo(3000);
    int sources = 0;
    for (int i = 0; i < p.chunks().size(); i++) {
      sources +=
          pb.tokenEstimator()
              .count(
                  PromptBuilder.header(i + 1, p.chunks().get(i).chunk())
                      + "\n"
                      + p.chunks().get(i).chunk().text());
    }
    assertThat(sources).isLessThanOrEqualTo(3000 + p.chunks().size());
    for (int i = 0; i < p.chunks().size(); i++) {
      assertThat(p.chunks().get(i).chunk().id()).isEqualTo("doc" + i + "#0");
    }
  }

  @Test
  void emptyContextAndBadInput() {
    Prompt p = PromptBuilder.defaults().build(Q, List.of());
    assertThat(p.chunks()).isEmpty();
    assertThat(p.user()).isEqualTo("Sources:\n(none)\n\nQuestion: What is the default port?");
    assertThatThrownBy(() -> PromptBuilder.defaults().build(Q, null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("context is null");
    List<ScoredChunk> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> PromptBuilder.defaults().build(Q, withNull))
        .hasMessage("context chunk 0 is null");
    assertThatThrownBy(() -> PromptBuilder.builder().maxContextTokens(0))
        .hasMessageContaining("maxContextTokens must be at least 1");
    assertThatThrownBy(() -> PromptBuilder.builder().systemPrompt(" "))
        .hasMessageContaining("systemPrompt is empty");
  }

  @Test
  void heuristicTokenEstimate() {
    TokenEstimator t = TokenEstimator.heuristic();
    assertThat(t.count("")).isZero();
    assertThat(t.count(null)).isZero();
    // 19 chars -> 5; 4 words -> 5.2 -> 6; mean 5.5 -> 6
    assertThat(t.count("The default is 5432")).isEqualTo(6);
    // 1 char -> 1; 1 word -> 1.3 -> 2; mean 1.5 -> 2
    assertThat(t.count("a")).isEqualTo(2);
  }

  @Test
  void citationMarkersAreParsed() {
    assertThat(Sentences.citedNumbers("x [1] y [3, 2] z [2-4] [9] [0]", 5))
        .containsExactly(1, 2, 3, 4);
    assertThat(Sentences.citedNumbers("no markers, [a] [ ]", 3)).isEmpty();
    assertThat(Sentences.split("First one. Second one!\n\nThird para"))
        .containsExactly("First one.", "Second one!", "Third para");
  }
}
