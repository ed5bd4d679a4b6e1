package dev.mle4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinTest {

  @Test
  void readsGroupsAndLabelsFromAFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("easy-ham-1"));
    Files.createDirectories(dir.resolve("hard-ham-1"));
    Files.createDirectories(dir.resolve("spam-2"));
    Files.writeString(dir.resolve("easy-ham-1/00002.b.txt"), "Subject: two\n\nsecond\n");
    Files.writeString(dir.resolve("easy-ham-1/00001.a.txt"), "Subject: one\n\nfirst\n");
    Files.writeString(dir.resolve("easy-ham-1/cmds"), "mv 00001 00001.a\n");
    Files.write(
        dir.resolve("hard-ham-1/00001.c.txt"),
        "Subject: news\nContent-Type: text/html\n\n<b>bold</b> news\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("spam-2/00001.d.txt"), "Subject: WIN\n\nmoney\n");

    List<SpamAssassinMessage> messages = TextDatasets.spamAssassinMessages(dir);
    assertThat(messages)
        .extracting(SpamAssassinMessage::group, SpamAssassinMessage::id)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("easy-ham-1", "00001.a"),
            org.assertj.core.groups.Tuple.tuple("easy-ham-1", "00002.b"),
            org.assertj.core.groups.Tuple.tuple("hard-ham-1", "00001.c"),
            org.assertj.core.groups.Tuple.tuple("spam-2", "00001.d"));
    assertThat(messages)
        .extracting(SpamAssassinMessage::example)
        .containsExactly(
            new LabeledText("one\nfirst", "ham"),
            new LabeledText("two\nsecond", "ham"),
            new LabeledText("news\nbold news", "ham"),
            new LabeledText("WIN\nmoney", "spam"));
  }

  @Test
  void folderWithoutGroupsIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> TextDatasets.spamAssassinMessages(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("none of the SpamAssassin groups")
        .hasMessageContaining("fetch-data.sh");
  }

  /** The real corpus, when scripts/fetch-data.sh (or an earlier download) put it in place. */
  @Test
  void realCorpusHasTheDocumentedGroupCounts(@TempDir Path state) {
    DatasetCatalog catalog =
        DatasetCatalog.builder().stateDir(state).progress(DatasetCatalog.Progress.NONE).build();
    Optional<Path> located = catalog.locate(TextDatasets.SPAM_ASSASSIN);
    assumeTrue(located.isPresent(), "SpamAssassin corpus not present; run scripts/fetch-data.sh");

    List<SpamAssassinMessage> messages = TextDatasets.spamAssassinMessages(catalog);
    Map<String, Long> perGroup =
        messages.stream()
            .collect(
                Collectors.groupingBy(
                    SpamAssassinMessage::group, TreeMap::new, Collectors.counting()));
    assertThat(perGroup)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "easy-ham-1", 2500L,
                    "easy-ham-2", 1400L,
                    "hard-ham-1", 250L,
                    "spam-1", 500L,
                    "spam-2", 1396L)));
    Map<String, Long> perLabel =
        TextDatasets.spamAssassin(catalog).stream()
            .collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
    assertThat(perLabel).containsEntry("ham", 4150L).containsEntry("spam", 1896L);
    // parsed text, not raw MIME
    long withHeaders =
        messages.stream().filter(m -> m.example().text().contains("Received: from")).count();
    assertThat(withHeaders).isLessThan(20);
    assertThat(messages.stream().filter(m -> m.example().text().isBlank()).count()).isLessThan(10);
  }
}
