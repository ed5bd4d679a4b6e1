package dev.mle4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path dir;

  static byte[] imagesIdx(int count, int rows, int cols, int magic) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(cols);
      for (int i = 0; i < count * rows * cols; i++) {
        out.writeByte(i % 251);
      }
    }
    return bytes.toByteArray();
  }

  static byte[] labelsIdx(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxFiles.LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    }
    return bytes.toByteArray();
  }

  static void write(Path file, byte[] data, boolean gzip) throws IOException {
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(data);
    }
  }

  private void writeSet(boolean gzip, int trainCount, int trainLabels) throws IOException {
    String ext = gzip ? ".gz" : "";
    write(dir.resolve("train-images-idx3-ubyte" + ext), imagesIdx(trainCount, 3, 2, 0x803), gzip);
    int[] labels = new int[trainLabels];
    for (int i = 0; i < trainLabels; i++) {
      labels[i] = i % 10;
    }
    write(dir.resolve("train-labels-idx1-ubyte" + ext), labelsIdx(labels), gzip);
    write(dir.resolve("t10k-images-idx3-ubyte" + ext), imagesIdx(2, 3, 2, 0x803), gzip);
    write(dir.resolve("t10k-labels-idx1-ubyte" + ext), labelsIdx(9, 0), gzip);
  }

  @Test
  void readsPlainIdxFiles() throws IOException {
    writeSet(false, 4, 4);
    FashionMnist.Parts parts = FashionMnist.load(dir);
    assertThat(parts.train().size()).isEqualTo(4);
    assertThat(parts.test().size()).isEqualTo(2);
    assertThat(parts.train().classes())
        .hasSize(10)
        .startsWith("T-shirt/top")
        .endsWith("Ankle boot");
    LabeledImage second = parts.train().images().get(1);
    assertThat(second.id()).isEqualTo("train/1");
    assertThat(second.label()).isEqualTo(1);
    PixelImage image = second.source().load();
    assertThat(image.width()).isEqualTo(2);
    assertThat(image.height()).isEqualTo(3);
    assertThat(image.channels()).isEqualTo(1);
    // the second image starts at byte 6 of the data: values 6..11
    assertThat(image.get(0, 0, 0)).isEqualTo(6);
    assertThat(image.get(1, 2, 0)).isEqualTo(11);
    assertThat(parts.test().images().get(0).label()).isEqualTo(9);
  }

  @Test
  void readsGzippedIdxFilesIdentically() throws IOException {
    writeSet(true, 4, 4);
    FashionMnist.Parts parts = FashionMnist.load(dir);
    assertThat(parts.train().size()).isEqualTo(4);
    assertThat(parts.train().images().get(3).source().load().pixels())
        .containsExactly(18, 19, 20, 21, 22, 23);
  }

  @Test
  void rejectsBadMagic() throws IOException {
    Path file = dir.resolve("x-images");
    write(file, imagesIdx(1, 2, 2, 0x801), false);
    assertThatThrownBy(() -> IdxFiles.readImages(file))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not an IDX image file")
        .hasMessageContaining("00000801");
    Path labels = dir.resolve("x-labels");
    write(labels, imagesIdx(1, 2, 2, 0x803), false);
    assertThatThrownBy(() -> IdxFiles.readLabels(labels))
        .hasMessageContaining("not an IDX label file");
  }

  @Test
  void rejectsTruncatedFiles() throws IOException {
    byte[] full = imagesIdx(3, 4, 4, 0x803);
    Path plain = dir.resolve("short");
    write(plain, Arrays.copyOf(full, full.length - 5), false);
    assertThatThrownBy(() -> IdxFiles.readImages(plain))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("48 bytes");
    Path gz = dir.resolve("short.gz");
    write(gz, Arrays.copyOf(full, full.length - 5), true);
    assertThatThrownBy(() -> IdxFiles.readImages(gz)).hasMessageContaining("truncated");
    Path header = dir.resolve("header");
    write(header, Arrays.copyOf(full, 6), false);
    assertThatThrownBy(() -> IdxFiles.readImages(header))
        .hasMessageContaining("header is incomplete");
    Path extra = dir.resolve("extra");
    write(extra, Arrays.copyOf(full, full.length + 1), false);
    assertThatThrownBy(() -> IdxFiles.readImages(extra)).hasMessageContaining("extra bytes");
  }

  @Test
  void rejectsCountMismatchAndMissingFiles() throws IOException {
    writeSet(false, 4, 3);
    assertThatThrownBy(() -> FashionMnist.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("holds 4 images but train-labels-idx1-ubyte holds 3 labels");
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    assertThat(FashionMnist.holds(dir)).isFalse();
    assertThatThrownBy(() -> FashionMnist.load(dir.resolve("nope")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void locatesTheEnvironmentFolderFirst() throws IOException {
    writeSet(true, 2, 2);
    Optional<Path> found =
        FashionMnist.locate(
            Map.of(FashionMnist.ENV_DIR, dir.toString(), "MLE4J_CACHE", "/nonexistent"));
    assertThat(found).contains(dir);
    assertThat(FashionMnist.cacheDir(Map.of("MLE4J_CACHE", "/c")))
        .isEqualTo(Path.of("/c/debian/dataset-fashion-mnist/usr/share/datasets/fashion-mnist"));
  }

  @Test
  void loadsTheRealDataWhenPresent() {
    Optional<Path> found = FashionMnist.locate(System.getenv());
    assumeTrue(found.isPresent(), "Fashion-MNIST not fetched (scripts/fetch-fashion-mnist.sh)");
    FashionMnist.Parts parts = FashionMnist.load(found.get());
    assertThat(parts.train().size()).isEqualTo(60_000);
    assertThat(parts.test().size()).isEqualTo(10_000);
    assertThat(parts.train().classCounts()).containsOnly(6000);
    assertThat(parts.test().classCounts()).containsOnly(1000);
    PixelImage first = parts.train().images().get(0).source().load();
    assertThat(first.width()).isEqualTo(28);
    assertThat(first.height()).isEqualTo(28);
    assertThat(parts.train().images().get(0).label()).isEqualTo(9); // the first is an ankle boot
    DatasetSplit split = parts.split(0.1, 1);
    assertThat(split.validation().classCounts()).containsOnly(600);
    assertThat(split.test().size()).isEqualTo(10_000);
  }
}
