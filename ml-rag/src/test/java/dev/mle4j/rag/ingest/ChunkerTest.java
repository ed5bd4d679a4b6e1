package dev.mle4j.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static final TokenCounter COUNTER = TokenCounter.defaults();

  /** Sentence number i: "Sentence i tells fact i about the system." (8 tokens). */
  private static String sentence(int i) {
    return "Sentence " + i + " tells fact " + i + " about the system.";
  }

  private static String paragraph(int from, int count) {
    List<String> s = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      s.add(sentence(i));
    }
    return String.join(" ", s);
  }

  private static Document doc(Section... sections) {
    return new Document("docs/a.md", "Title A", List.of(sections), "2024-05-01", "abc123", null);
  }

  @Test
  void noChunkExceedsMaxAndAllSentencesSurviveWhole() {
    List<Section> sections = new ArrayList<>();
    int n = 0;
    for (int s = 0; s < 6; s++) {
      List<String> paragraphs = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int count = 2 + (s * 7 + p * 3) % 9;
        paragraphs.add(paragraph(n, count));
        n += count;
      }
      sections.add(new Section(List.of("Part " + s), String.join("\n\n", paragraphs)));
    }
    Chunker chunker = Chunker.builder().maxTokens(60).overlapTokens(16).minTokens(8).build();
    List<Chunk> chunks = chunker.chunk(doc(sections.toArray(Section[]::new)));
    assertThat(chunks).hasSizeGreaterThan(10);
    for (Chunk c : chunks) {
      int tokens = COUNTER.count(c.text());
      assertThat(tokens).isLessThanOrEqualTo(60);
      assertThat(c.metadata().get(ChunkMetadata.TOKENS)).isEqualTo(Integer.toString(tokens));
      // every chunk starts with a whole sentence and ends at a sentence end
      assertThat(c.text()).startsWith("Sentence ").endsWith("system.");
    }
    // every sentence appears in some chunk
    String all = String.join("\n", chunks.stream().map(Chunk::text).toList());
    for (int i = 0; i < n; i++) {
      assertThat(all).contains(sentence(i));
    }
  }

  @Test
  void overlapRepeatsTrailingSentencesWithinASection() {
    Section section = new Section(List.of("Only"), paragraph(0, 30)); // 9 tokens per sentence
    List<Chunk> chunks =
        Chunker.builder().maxTokens(50).overlapTokens(18).minTokens(0).build().chunk(doc(section));
    assertThat(chunks).hasSizeGreaterThan(3);
    for (int i = 1; i < chunks.size(); i++) {
      String prev = chunks.get(i - 1).text();
      List<String> sentences = SentenceSplitter.split(chunks.get(i).text());
      assertThat(prev).endsWith(sentences.get(0) + " " + sentences.get(1));
      assertThat(prev).doesNotContain(sentences.get(2));
    }
  }

  @Test
  void noOverlapAcrossSections() {
    Section a = new Section(List.of("A"), paragraph(0, 7));
    Section b = new Section(List.of("B"), paragraph(100, 7));
    List<Chunk> chunks =
        Chunker.builder().maxTokens(70).overlapTokens(20).minTokens(0).build().chunk(doc(a, b));
    assertThat(chunks)
        .extracting(c -> c.metadata().get(ChunkMetadata.SECTION))
        .containsExactly("A", "B");
    assertThat(chunks.get(1).text()).startsWith(sentence(100));
  }

  @Test
  void smallSectionsArePackedTogetherAndSectionEndsArePreferred() {
    Section a = new Section(List.of("A"), paragraph(0, 2)); // 16 tokens
    Section b = new Section(List.of("B"), paragraph(10, 2));
    Section c = new Section(List.of("C"), paragraph(20, 4) + "\n\n" + paragraph(30, 4));
    List<Chunk> chunks =
        Chunker.builder().maxTokens(64).overlapTokens(0).minTokens(0).build().chunk(doc(a, b, c));
    // A and B (36 tokens) fit with 3 sentences of C, but the break goes to B's end
    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly(
            paragraph(0, 2) + "\n\n" + paragraph(10, 2), paragraph(20, 4), paragraph(30, 4));
    assertThat(chunks.get(0).metadata()).containsEntry(ChunkMetadata.SECTION, "A");
    assertThat(chunks.get(1).metadata()).containsEntry(ChunkMetadata.SECTION, "C");
  }

  @Test
  void paragraphEndsArePreferredOverSentenceEnds() {
    Section s = new Section(List.of(), paragraph(0, 5) + "\n\n" + paragraph(10, 5));
    List<Chunk> chunks =
        Chunker.builder().maxTokens(64).overlapTokens(0).minTokens(0).build().chunk(doc(s));
    assertThat(chunks).extracting(Chunk::text).containsExactly(paragraph(0, 5), paragraph(10, 5));
  }

  @Test
  void hugeSentenceIsCutBetweenWords() {
    StringBuilder sb = new StringBuilder("Start");
    for (int i = 0; i < 500; i++) {
      sb.append(" word").append(i);
    }
    sb.append(" end.");
    Section s = new Section(List.of("Long"), sb.toString() + "\n\nShort sentence here.");
    List<Chunk> chunks =
        Chunker.builder().maxTokens(100).overlapTokens(10).minTokens(5).build().chunk(doc(s));
    assertThat(chunks).hasSizeGreaterThan(9);
    for (Chunk c : chunks) {
      assertThat(COUNTER.count(c.text())).isLessThanOrEqualTo(100);
      assertThat(c.text()).doesNotStartWith(" ");
    }
    String joined = String.join(" ", chunks.stream().map(Chunk::text).toList());
    assertThat(joined).contains("word0 ").contains("word499 end.").contains("Short sentence here.");
  }

  @Test
  void giantWordWithoutSpacesIsCut() {
    String blob = "x=1;".repeat(300); // 1200 tokens, no spaces
    List<Chunk> chunks =
        Chunker.builder()
            .maxTokens(100)
            .overlapTokens(0)
            .minTokens(0)
            .build()
            .chunk(doc(new Section(List.of(), blob)));
    assertThat(chunks).hasSize(12);
    assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo(blob);
  }

  @Test
  void codeBlocksAreSplitByLinesNotSentences() {
    String code = "SELECT a.b FROM t;\n  -- comment. Next\nUPDATE t SET x = 1;";
    assertThat(Chunker.preformatted(code)).isTrue();
    assertThat(Chunker.preformatted("plain wrapped\nprose text here")).isFalse();
    List<Chunk> chunks = Chunker.defaults().chunk(doc(new Section(List.of("Code"), code)));
    assertThat(chunks).singleElement().extracting(Chunk::text).isEqualTo(code);
  }

  @Test
  void tinyTailTakesSentencesFromThePreviousChunk() {
    Section s = new Section(List.of(), paragraph(0, 6) + " Tail."); // 6 x 9 + 2 tokens
    List<Chunk> chunks =
        Chunker.builder().maxTokens(55).overlapTokens(0).minTokens(5).build().chunk(doc(s));
    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly(paragraph(0, 5), sentence(5) + " Tail.");
    List<Chunk> plain =
        Chunker.builder().maxTokens(55).overlapTokens(0).minTokens(0).build().chunk(doc(s));
    assertThat(plain).extracting(Chunk::text).containsExactly(paragraph(0, 6), "Tail.");
  }

  @Test
  void emptyDocumentHasNoChunks() {
    assertThat(Chunker.defaults().chunk(doc())).isEmpty();
    assertThat(Chunker.defaults().chunk(doc(new Section(List.of("X"), "  \n\n ")))).isEmpty();
  }

  @Test
  void metadataAndIdsArePresent() {
    Document d =
        new Document(
            "guide/b.html",
            "Guide B",
            List.of(new Section(List.of("Guide B", "Install"), paragraph(0, 20))),
            "2024-01-02",
            "hash9",
            Map.of("format", "html"));
    List<Chunk> chunks = Chunker.builder().maxTokens(64).overlapTokens(16).build().chunk(d);
    assertThat(chunks).hasSizeGreaterThan(2);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertThat(c.id()).isEqualTo("guide/b.html#" + i);
      assertThat(ChunkMetadata.sourceOf(c.id())).isEqualTo("guide/b.html");
      assertThat(c.metadata())
          .containsEntry(ChunkMetadata.SOURCE, "guide/b.html")
          .containsEntry(ChunkMetadata.TITLE, "Guide B")
          .containsEntry(ChunkMetadata.SECTION, "Guide B > Install")
          .containsEntry(ChunkMetadata.DATE, "2024-01-02")
          .containsEntry(ChunkMetadata.INDEX, Integer.toString(i))
          .containsEntry(ChunkMetadata.DOC_HASH, "hash9")
          .containsEntry("format", "html")
          .containsKey(ChunkMetadata.TOKENS);
      assertThat(c.text()).doesNotStartWith("Guide B");
    }
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> Chunker.builder().maxTokens(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxTokens");
    assertThatThrownBy(() -> Chunker.builder().overlapTokens(-1))
        .hasMessageContaining("overlapTokens");
    assertThatThrownBy(() -> Chunker.builder().minTokens(-1)).hasMessageContaining("minTokens");
    assertThatThrownBy(() -> Chunker.builder().maxTokens(64).overlapTokens(64).build())
        .hasMessage("overlapTokens (64) must be smaller than maxTokens (64)");
    assertThatThrownBy(() -> Chunker.builder().maxTokens(64).overlapTokens(8).minTokens(65).build())
        .hasMessage("minTokens (65) must not exceed maxTokens (64)");
  }
}
