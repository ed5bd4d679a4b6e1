package dev.mle4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path tmp;

  /** Stands in for the process dying: an Error that the registry does not catch or clean up. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }

  private Path artifacts(String folder, String weights) throws IOException {
    Path dir = tmp.resolve("src").resolve(folder);
    Files.createDirectories(dir.resolve("vocab"));
    Files.writeString(dir.resolve("weights.bin"), weights);
    Files.writeString(dir.resolve("vocab/words.txt"), "a\nb\nc\n");
    Files.writeString(dir.resolve("config.json"), "{\"dim\":3}");
    return dir;
  }

  private static ModelCard card(String name, Instant createdAt) {
    return new ModelCard(
        name,
        null,
        "text-classification",
        "test/v1",
        List.of("ham", "spam"),
        Map.of("accuracy", 0.9),
        "fp",
        Map.of(),
        createdAt);
  }

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static List<String> listNames(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void registersFindsAndListsVersions() throws IOException {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("reg"));
    ModelVersion v1 = registry.register("spam", artifacts("one", "w1"), card("spam", T0));

    assertThat(v1.version()).matches("[0-9a-f]{12}");
    assertThat(v1.card().version()).isEqualTo(v1.version());
    assertThat(v1.card().metrics()).containsEntry("accuracy", 0.9);
    assertThat(v1.stages()).isEmpty();
    assertThat(v1.dir()).isEqualTo(tmp.resolve("reg/spam/versions").resolve(v1.version()));
    assertThat(Files.readString(v1.dir().resolve("weights.bin"))).isEqualTo("w1");
    assertThat(Files.readString(v1.dir().resolve("vocab/words.txt"))).isEqualTo("a\nb\nc\n");
    assertThat(ModelCardJson.read(v1.dir().resolve("model-card.json"))).isEqualTo(v1.card());

    ModelVersion v2 =
        registry.register("spam", artifacts("two", "w2"), card("spam", T0.plusSeconds(60)));
    ModelVersion other = registry.register("other", artifacts("three", "w3"), card("other", T0));

    assertThat(v2.version()).isNotEqualTo(v1.version());
    assertThat(registry.models()).containsExactly("other", "spam");
    assertThat(registry.versions("spam"))
        .extracting(ModelVersion::version)
        .containsExactly(v2.version(), v1.version()); // newest first
    assertThat(registry.find("spam", v1.version())).contains(v1);
    assertThat(registry.find("spam", other.version())).isEmpty();
    assertThat(registry.find("missing", v1.version())).isEmpty();

    // A fresh instance sees the same state.
    assertThat(ModelRegistry.open(tmp.resolve("reg")).versions("spam")).hasSize(2);
  }

  @Test
  void readOnlyRegistryServesButRefusesChangesAndWritesNothing() throws IOException {
    ModelRegistry writer = ModelRegistry.open(tmp.resolve("reg"));
    String v1 = writer.register("spam", artifacts("one", "w1"), card("spam", T0)).version();
    writer.promote("spam", v1, "production");
    Files.delete(tmp.resolve("reg").resolve(ModelRegistry.LOCK_FILE));
    List<String> before = listNames(tmp.resolve("reg"));

    ModelRegistry reader = ModelRegistry.openReadOnly(tmp.resolve("reg"));
    assertThat(reader.isReadOnly()).isTrue();
    assertThat(writer.isReadOnly()).isFalse();
    assertThat(reader.models()).containsExactly("spam");
    assertThat(reader.stage("spam", "production").orElseThrow().version()).isEqualTo(v1);
    assertThatThrownBy(() -> reader.register("spam", artifacts("two", "w2"), card("spam", T0)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("is read-only");
    assertThatThrownBy(() -> reader.promote("spam", v1, "staging"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("is read-only");
    // no lock file, no temporary folder: nothing is written to a read-only volume
    assertThat(listNames(tmp.resolve("reg"))).isEqualTo(before);
    assertThatThrownBy(() -> ModelRegistry.openReadOnly(tmp.resolve("missing")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void sameContentGivesSameVersionAndRegistersOnce() throws IOException {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("reg"));
    ModelVersion first = registry.register("spam", artifacts("a", "same"), card("spam", T0));
    // Same bytes in another folder, with a stray model-card.json that must not count.
    Path copy = artifacts("b", "same");
    Files.writeString(copy.resolve("model-card.json"), "{\"ignored\": true}");
    ModelVersion again = registry.register("spam", copy, card("spam", T0.plusSeconds(5)));

    assertThat(again.version()).isEqualTo(first.version());
    assertThat(again.card().createdAt()).isEqualTo(T0); // the stored card is kept
    assertThat(registry.versions("spam")).hasSize(1);
    assertThat(listNames(tmp.resolve("reg/spam"))).containsExactly("versions");

    // Renaming a file changes the version even though the bytes are equal.
    Path renamed = artifacts("c", "same");
    Files.move(renamed.resolve("weights.bin"), renamed.resolve("weights2.bin"));
    assertThat(registry.register("spam", renamed, card("spam", T0)).version())
        .isNotEqualTo(first.version());
    // Moving content between files changes it too (path/size framing).
    Path shifted = tmp.resolve("src/d");
    Files.createDirectories(shifted);
    Files.writeString(shifted.resolve("a"), "xy");
    Files.writeString(shifted.resolve("b"), "");
    Path shifted2 = tmp.resolve("src/e");
    Files.createDirectories(shifted2);
    Files.writeString(shifted2.resolve("a"), "x");
    Files.writeString(shifted2.resolve("b"), "y");
    assertThat(registry.register("p", shifted, card("p", T0)).version())
        .isNotEqualTo(registry.register("p", shifted2, card("p", T0)).version());
  }

  @Test
  void promotesAndRollsBackStages() throws IOException {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("reg"));
    String v1 = registry.register("spam", artifacts("1", "w1"), card("spam", T0)).version();
    String v2 = registry.register("spam", artifacts("2", "w2"), card("spam", T0)).version();
    String v3 = registry.register("spam", artifacts("3", "w3"), card("spam", T0)).version();

    assertThat(registry.stage("spam", "production")).isEmpty();
    assertThat(registry.promote("spam", v1, "production").stages()).containsExactly("production");
    registry.promote("spam", v2, "staging");
    registry.promote("spam", v2, "production");
    registry.promote("spam", v2, "production"); // no-op: must not push v2 onto its own history
    registry.promote("spam", v3, "production");

    assertThat(registry.stage("spam", "production").orElseThrow().version()).isEqualTo(v3);
    assertThat(registry.find("spam", v2).orElseThrow().stages()).containsExactly("staging");

    ModelVersion back = registry.rollback("spam", "production");
    assertThat(back.version()).isEqualTo(v2);
    assertThat(back.stages()).containsExactly("production", "staging");
    assertThat(registry.rollback("spam", "production").version()).isEqualTo(v1);
    assertThat(ModelRegistry.open(tmp.resolve("reg")).stage("spam", "production"))
        .map(ModelVersion::version)
        .contains(v1);
    assertThatThrownBy(() -> registry.rollback("spam", "production"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no earlier version")
        .hasMessageContaining(v1);
    assertThatThrownBy(() -> registry.rollback("spam", "staging"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("staging");
    assertThatThrownBy(() -> registry.rollback("spam", "canary"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("canary")
        .hasMessageContaining("[production, staging]");
  }

  @Test
  void unknownOrInvalidNamesGiveClearErrors() throws IOException {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("reg"));
    String v1 = registry.register("spam", artifacts("1", "w1"), card("spam", T0)).version();

    assertThatThrownBy(() -> registry.versions("ham"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown model 'ham'")
        .hasMessageContaining("[spam]");
    assertThatThrownBy(() -> registry.promote("spam", "0123456789ab", "production"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("0123456789ab")
        .hasMessageContaining(v1);
    assertThatThrownBy(() -> registry.promote("ham", v1, "production"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown model 'ham'");
    assertThatThrownBy(() -> registry.promote("spam", v1, "Prod!"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("invalid stage name 'Prod!'");
    assertThatThrownBy(() -> registry.find("spam", "latest"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'latest'");
    assertThatThrownBy(() -> registry.find("../etc", v1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("invalid model name");
    assertThatThrownBy(() -> registry.register("ham", artifacts("2", "w2"), card("spam", T0)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'spam'")
        .hasMessageContaining("'ham'");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> registry.register("spam", empty, card("spam", T0)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("holds no files");
    assertThatThrownBy(() -> registry.register("spam", tmp.resolve("nope"), card("spam", T0)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void crashWhileCopyingLeavesNoVisibleVersionAndOpenCleansUp() throws IOException {
    Path root = tmp.resolve("reg");
    Path src = artifacts("1", "w1");
    AtomicInteger copied = new AtomicInteger();
    ModelRegistry crashing =
        ModelRegistry.open(
            root,
            new ModelRegistry.Hooks() {
              @Override
              public void beforeCopy(String relativePath) {
                if (copied.incrementAndGet() == 2) {
                  throw new SimulatedCrash("before copying " + relativePath);
                }
              }
            });

    assertThatThrownBy(() -> crashing.register("spam", src, card("spam", T0)))
        .isInstanceOf(SimulatedCrash.class);

    // The half-copied folder exists, but only as a hidden temp folder nobody reads.
    List<String> leftovers = listNames(root.resolve("spam"));
    assertThat(leftovers).anyMatch(n -> n.startsWith(".tmp-"));
    Path temp =
        root.resolve("spam")
            .resolve(
                leftovers.stream().filter(n -> n.startsWith(".tmp-")).findFirst().orElseThrow());
    assertThat(listNames(temp)).hasSize(1); // one file copied before the crash
    assertThat(crashing.models()).isEmpty();
    assertThatThrownBy(() -> crashing.versions("spam")).isInstanceOf(MlException.class);

    // A fresh open (as after a restart) removes the leftovers; a retry then succeeds.
    ModelRegistry reopened = ModelRegistry.open(root);
    assertThat(listNames(root.resolve("spam"))).noneMatch(n -> n.startsWith(".tmp-"));
    ModelVersion v = reopened.register("spam", src, card("spam", T0));
    assertThat(reopened.versions("spam")).containsExactly(v);
    assertThat(listNames(v.dir()))
        .containsExactly("config.json", "model-card.json", "vocab", "weights.bin");
  }

  @Test
  void ordinaryCopyFailureCleansUpImmediately() throws IOException {
    Path root = tmp.resolve("reg");
    ModelRegistry failing =
        ModelRegistry.open(
            root,
            new ModelRegistry.Hooks() {
              @Override
              public void beforeCopy(String relativePath) throws IOException {
                throw new IOException("disk full");
              }
            });
    assertThatThrownBy(() -> failing.register("spam", artifacts("1", "w1"), card("spam", T0)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("disk full")
        .hasMessageContaining("spam");
    assertThat(listNames(root.resolve("spam"))).containsExactly("versions");
    assertThat(failing.models()).isEmpty();
  }

  @Test
  void crashBeforeStagesRenameKeepsPreviousStages() throws IOException {
    Path root = tmp.resolve("reg");
    ModelRegistry registry = ModelRegistry.open(root);
    String v1 = registry.register("spam", artifacts("1", "w1"), card("spam", T0)).version();
    String v2 = registry.register("spam", artifacts("2", "w2"), card("spam", T0)).version();
    registry.promote("spam", v1, "production");
    String before = Files.readString(root.resolve("spam/stages.json"));

    ModelRegistry crashing =
        ModelRegistry.open(
            root,
            new ModelRegistry.Hooks() {
              @Override
              public void beforeStagesRename(Path tempFile) throws IOException {
                assertThat(Files.readString(tempFile)).contains(v2); // new content was ready
                throw new SimulatedCrash("before renaming " + tempFile);
              }
            });
    assertThatThrownBy(() -> crashing.promote("spam", v2, "production"))
        .isInstanceOf(SimulatedCrash.class);

    assertThat(Files.readString(root.resolve("spam/stages.json"))).isEqualTo(before);
    assertThat(registry.stage("spam", "production").orElseThrow().version()).isEqualTo(v1);
    assertThat(listNames(root.resolve("spam"))).anyMatch(n -> n.startsWith(".tmp-"));

    ModelRegistry reopened = ModelRegistry.open(root);
    assertThat(listNames(root.resolve("spam"))).containsExactly("stages.json", "versions");
    assertThat(reopened.promote("spam", v2, "production").version()).isEqualTo(v2);
    assertThat(reopened.rollback("spam", "production").version()).isEqualTo(v1);
  }

  @Test
  void concurrentChangesFromTwoInstancesAreNotLost() throws Exception {
    Path root = tmp.resolve("reg");
    ModelRegistry a = ModelRegistry.open(root);
    ModelRegistry b = ModelRegistry.open(root);
    String v = a.register("spam", artifacts("1", "w1"), card("spam", T0)).version();
    List<String> stages = new ArrayList<>();
    for (char c = 'a'; c <= 'p'; c++) {
      stages.add("stage" + c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < stages.size(); i++) {
        ModelRegistry r = i % 2 == 0 ? a : b;
        String stage = stages.get(i);
        futures.add(pool.submit(() -> r.promote("spam", v, stage)));
        String name = "m" + i;
        Path src = artifacts("c" + i, "w" + i);
        futures.add(pool.submit(() -> r.register(name, src, card(name, T0))));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // Every read-modify-write of stages.json survived: no update was lost.
    assertThat(a.find("spam", v).orElseThrow().stages())
        .containsExactlyInAnyOrderElementsOf(stages);
    assertThat(b.models()).hasSize(stages.size() + 1);
  }
}
