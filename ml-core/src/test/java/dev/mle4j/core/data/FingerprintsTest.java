package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {

  @Test
  void sha256OfBytesMatchesKnownVector() {
    assertThat(Fingerprints.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Fingerprints.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void sha256OfFileMatchesSha256sums(@TempDir Path dir) throws Exception {
    assertThat(Fingerprints.sha256(SharedData.root().resolve("tabular/titanic.csv")))
        .isEqualTo("81787d320d7f7b03df935e91de8bd19e11d45c5bbcab86ef4d4a76dc91b7d4f2");
    Path file = Files.write(dir.resolve("abc.txt"), "abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(Fingerprints.sha256(file)).startsWith("ba7816bf");
    assertThatThrownBy(() -> Fingerprints.sha256(dir.resolve("missing")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("file not found");
  }

  @Test
  void sha256OfStringsIsUnambiguousAndOrdered() {
    String ab = Fingerprints.sha256OfStrings(List.of("ab", "c"));
    assertThat(ab).hasSize(64).isEqualTo(Fingerprints.sha256OfStrings(Arrays.asList("ab", "c")));
    assertThat(ab).isNotEqualTo(Fingerprints.sha256OfStrings(List.of("a", "bc")));
    assertThat(ab).isNotEqualTo(Fingerprints.sha256OfStrings(List.of("c", "ab")));
    assertThat(Fingerprints.sha256OfStrings(List.of()))
        .isNotEqualTo(Fingerprints.sha256OfStrings(List.of("")));
    assertThatThrownBy(() -> Fingerprints.sha256OfStrings(Arrays.asList("a", null)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("element 1 is null");
  }

  @Test
  void treeHashEqualsTheSha256sumManifest(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("b/c"));
    Files.writeString(dir.resolve("b/c/z.txt"), "z");
    Files.writeString(dir.resolve("a.txt"), "abc");
    String manifest =
        Fingerprints.sha256("abc".getBytes(StandardCharsets.UTF_8))
            + "  a.txt\n"
            + Fingerprints.sha256("z".getBytes(StandardCharsets.UTF_8))
            + "  b/c/z.txt\n";
    assertThat(Fingerprints.sha256OfTree(dir))
        .isEqualTo(Fingerprints.sha256(manifest.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(dir.resolve("b/c/z.txt"), "y");
    assertThat(Fingerprints.sha256OfTree(dir))
        .isNotEqualTo(Fingerprints.sha256(manifest.getBytes(StandardCharsets.UTF_8)));
  }
}
