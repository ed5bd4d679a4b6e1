package dev.mle4j.rag.generate;

import static dev.mle4j.rag.generate.TestChunks.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ExtractiveGeneratorTest {

  /** Hashed bag of words, L2-normalised: a small deterministic embedder. */
  static final class HashedEmbedder implements Embedder {
    final List<String> queries = new ArrayList<>();

    @Override
    public float[][] embed(List<String> texts) {
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < texts.size(); i++) {
        float[] v = new float[64];
        for (String w : texts.get(i).toLowerCase(Locale.ROOT).split("\\W+")) {
          if (!w.isEmpty()) {
            v[Math.floorMod(w.hashCode(), 64)] += 1;
          }
        }
        out[i] = v;
      }
      return out;
    }

    @Override
    public float[][] embedQueries(List<String> q) {
      queries.addAll(q);
      return embed(q);
    }

    @Override
    public int dimension() {
      return 64;
    }
  }

  @Test
  void answersWithTheSupportingSentenceAndItsMarker() {
    try (ExtractiveGenerator g = ExtractiveGenerator.defaults()) {
      Generation gen =
          g.generateDetailed(
              new Question("What is the default port?"), TestChunks.postgres(), null);
      Answer a = gen.answer();
      assertThat(a.text()).isEqualTo("The default port is 5432. [1]");
      assertThat(a.citations())
          .extracting(c -> c.chunk().id())
          .containsExactly("runtime-config-connection.html#0");
      assertThat(a.promptTokens()).isPositive();
      assertThat(a.completionTokens()).isEqualTo(TokenEstimator.heuristic().count(a.text()));
      assertThat(gen.model()).isEqualTo("extractive");
      assertThat(gen.usageEstimated()).isTrue();
    }
  }

  @Test
  void citesTheRightSourceNumberAndKeepsSourceOrder() {
    List<ScoredChunk> ctx = TestChunks.postgres();
    try (ExtractiveGenerator g = ExtractiveGenerator.defaults()) {
      Answer a = g.generate(new Question("Which user owns the table?"), ctx);
      assertThat(a.text())
          .isEqualTo("The table will be owned by the user issuing the command. [2]");
      assertThat(a.citations()).containsExactly(ctx.get(1));

      Answer b = g.generate(new Question("Which storage does VACUUM reclaim?"), ctx);
      assertThat(b.text()).startsWith("VACUUM reclaims storage occupied by dead tuples. [3]");
    }
  }

  @Test
  void refusesWhenNothingSupportsTheQuestion() {
    List<String> streamed = new ArrayList<>();
    try (ExtractiveGenerator g = ExtractiveGenerator.defaults()) {
      Generation gen =
          g.generateDetailed(
              new Question("How do I bake sourdough bread at home?"),
              TestChunks.postgres(),
              streamed::add);
      assertThat(gen.answer().text()).isEqualTo(PromptBuilder.NOT_IN_DOCUMENTS);
      assertThat(gen.answer().citations()).isEmpty();
      assertThat(streamed).containsExactly(PromptBuilder.NOT_IN_DOCUMENTS);
      // a question made only of stop words and the empty context are refused too
      assertThat(g.generate(new Question("What is it?"), TestChunks.postgres()).text())
          .isEqualTo(PromptBuilder.NOT_IN_DOCUMENTS);
      assertThat(g.generate(new Question("What is the default port?"), List.of()).text())
          .isEqualTo(PromptBuilder.NOT_IN_DOCUMENTS);
    }
  }

  @Test
  void picksUpToThreeWellSupportedSentencesInSourceOrder() {
    List<ScoredChunk> ctx =
        List.of(
            chunk(
                "b",
                0,
                "B",
                "",
                "Unrelated words fill this line. Replication slots keep WAL"
                    + " segments until consumers confirm them.",
                2),
            chunk(
                "a",
                0,
                "A",
                "",
                "Replication slots prevent WAL removal. Slots can be"
                    + " dropped. Replication slots keep WAL for standbys.",
                1));
    try (ExtractiveGenerator g = ExtractiveGenerator.builder().maxSentences(2).build()) {
      Answer a = g.generate(new Question("Why do replication slots keep WAL?"), ctx);
      assertThat(a.text())
          .isEqualTo(
              "Replication slots keep WAL segments until consumers confirm them. [1]"
                  + " Replication slots keep WAL for standbys. [2]");
      assertThat(a.citations()).containsExactly(ctx.get(0), ctx.get(1));
    }
  }

  @Test
  void embedderJoinsTheRankingAndResultIsDeterministic() {
    HashedEmbedder e = new HashedEmbedder();
    try (ExtractiveGenerator g = ExtractiveGenerator.builder().embedder(e).build()) {
      Question q = new Question("What is the default port?");
      Answer first = g.generate(q, TestChunks.postgres());
      Answer second = g.generate(q, TestChunks.postgres());
      assertThat(first.text()).isEqualTo("The default port is 5432. [1]");
      assertThat(second.text()).isEqualTo(first.text());
      assertThat(e.queries).containsExactly(q.text(), q.text());
      assertThat(g.toString()).contains("HashedEmbedder");
    }
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> ExtractiveGenerator.builder().supportThreshold(0))
        .hasMessageContaining("supportThreshold must be in (0, 1]");
    assertThatThrownBy(() -> ExtractiveGenerator.builder().maxSentences(0))
        .hasMessageContaining("maxSentences must be 1 to 10");
  }
}
