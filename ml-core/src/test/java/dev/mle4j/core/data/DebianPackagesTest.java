package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianPackagesTest {
  private static final DebianPackages.Contents CONTENTS =
      new DebianPackages.Contents(
          "demo-pkg",
          "usr/share/demo/readme.txt",
          dir ->
              Optional.of(dir.resolve("usr/share/demo"))
                  .filter(d -> Files.isRegularFile(d.resolve("readme.txt"))));

  @TempDir Path temp;

  @Test
  void extractsTheDataTarXzOfAHandMadeDeb() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("./", null);
    files.put("./usr/share/demo/", null);
    files.put("./usr/share/demo/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
    files.put("./usr/share/demo/sub/data.bin", new byte[] {1, 2, 3});
    Path deb = deb("demo.deb", files);

    Path out = temp.resolve("out");
    DebianPackages.extract(deb, out);

    assertThat(out.resolve("usr/share/demo/readme.txt")).hasContent("hello");
    assertThat(Files.readAllBytes(out.resolve("usr/share/demo/sub/data.bin")))
        .containsExactly(1, 2, 3);
  }

  @Test
  void installRenamesIntoPlaceAndLeavesNoTemporaryFolders() throws IOException {
    Path deb = deb("demo.deb", Map.of("./usr/share/demo/readme.txt", "hi".getBytes()));
    Path target = temp.resolve("cache/demo-pkg");

    Path installed = DebianPackages.install(deb, target, CONTENTS);

    assertThat(installed).isEqualTo(target.resolve("usr/share/demo"));
    assertThat(children(temp.resolve("cache"))).containsExactly("demo-pkg");
    // already installed: kept, and fetch does not run apt-get
    assertThat(DebianPackages.install(deb, target, CONTENTS)).isEqualTo(installed);
    DebianPackages.AptGet missing =
        new DebianPackages.AptGet("/nonexistent/apt-get", Duration.ofSeconds(5), "hint");
    assertThat(DebianPackages.fetch(missing, CONTENTS, target)).isEqualTo(installed);
    assertThat(children(temp.resolve("cache"))).containsExactly("demo-pkg");
  }

  // bad input

  @Test
  void badFilesAreRejectedWithClearMessages() throws IOException {
    Path junk = temp.resolve("junk.deb");
    Files.writeString(junk, "definitely not an ar archive");
    assertThatThrownBy(() -> DebianPackages.extract(junk, temp.resolve("out")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot read Debian package")
        .hasMessageContaining("junk.deb")
        .hasMessageContaining("not an ar archive");

    Path other = deb("other.deb", Map.of("./usr/share/other/readme", "x".getBytes()));
    Path target = temp.resolve("cache/demo-pkg");
    assertThatThrownBy(() -> DebianPackages.install(other, target, CONTENTS))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not contain usr/share/demo/readme.txt: not demo-pkg");
    assertThat(children(temp.resolve("cache"))).isEmpty();

    Path evil = deb("evil.deb", Map.of("./../../escape.txt", "x".getBytes()));
    assertThatThrownBy(() -> DebianPackages.extract(evil, temp.resolve("a/b")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("escapes the folder");
    assertThat(temp.resolve("escape.txt")).doesNotExist();
  }

  @Test
  void aptGetFailuresAreExplained() throws IOException {
    Path target = temp.resolve("cache/demo-pkg");
    DebianPackages.AptGet missing =
        new DebianPackages.AptGet(
            temp.resolve("no-such-apt-get").toString(), Duration.ofSeconds(5), "see the docs");
    assertThatThrownBy(() -> DebianPackages.fetch(missing, CONTENTS, target))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot run '" + temp.resolve("no-such-apt-get"))
        .hasMessageContaining("see the docs");
    assertThat(children(temp.resolve("cache"))).isEmpty();

    assertThatThrownBy(() -> new DebianPackages.AptGet(" ", Duration.ofSeconds(1), ""))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> new DebianPackages.AptGet("apt-get", Duration.ZERO, ""))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("timeout must be positive");
  }

  /** A .deb: debian-binary, control.tar.xz and data.tar.xz in an ar archive; null = folder. */
  private Path deb(String name, Map<String, byte[]> files) throws IOException {
    Path deb = temp.resolve(name);
    try (OutputStream file = Files.newOutputStream(deb);
        ArArchiveOutputStream ar = new ArArchiveOutputStream(file)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(
          ar,
          "control.tar.xz",
          tarXz(Map.of("./control", "Package: demo\n".getBytes(StandardCharsets.UTF_8))));
      member(ar, "data.tar.xz", tarXz(files));
    }
    return deb;
  }

  private static byte[] tarXz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZCompressorOutputStream(bytes))) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
        if (f.getValue() != null) {
          e.setSize(f.getValue().length);
        }
        tar.putArchiveEntry(e);
        if (f.getValue() != null) {
          tar.write(f.getValue());
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] bytes)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
    ar.write(bytes);
    ar.closeArchiveEntry();
  }

  private static List<String> children(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
