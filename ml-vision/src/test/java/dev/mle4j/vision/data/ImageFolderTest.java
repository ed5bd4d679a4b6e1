package dev.mle4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

  @TempDir Path root;

  static void image(Path file, String format, int w, int h, int rgb) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
  }

  @Test
  void readsClassFoldersSortedAndIgnoresOtherFiles() throws IOException {
    image(root.resolve("dogs/b.PNG"), "png", 8, 6, 0x00FF00);
    image(root.resolve("dogs/a.jpg"), "jpg", 10, 4, 0xFF0000);
    image(root.resolve("cats/x.png"), "png", 5, 5, 0x0000FF);
    image(root.resolve("cats/.hidden.png"), "png", 5, 5, 0x0000FF);
    Files.writeString(root.resolve("cats/notes.txt"), "not an image");
    Files.createDirectories(root.resolve(".git"));
    ImageDataset ds = ImageFolder.load(root, "pets");
    assertThat(ds.classes()).containsExactly("cats", "dogs");
    assertThat(ds.images())
        .extracting(LabeledImage::id)
        .containsExactly("cats/x.png", "dogs/a.jpg", "dogs/b.PNG");
    assertThat(ds.images()).extracting(LabeledImage::label).containsExactly(0, 1, 1);
    PixelImage red = ds.images().get(1).source().load();
    assertThat(red.width()).isEqualTo(10);
    assertThat(red.height()).isEqualTo(4);
    assertThat(red.channels()).isEqualTo(3);
    assertThat(red.get(5, 2, 0)).isGreaterThan(200);
    assertThat(red.get(5, 2, 2)).isLessThan(50);
  }

  @Test
  void corruptFileFailsOnLoadWithItsPath() throws IOException {
    image(root.resolve("a/ok.png"), "png", 4, 4, 0);
    Path bad = root.resolve("b/broken.jpg");
    Files.createDirectories(bad.getParent());
    Files.write(bad, new byte[] {1, 2, 3, 4, 5});
    ImageDataset ds = ImageFolder.load(root); // lazy: listing works
    assertThat(ds.size()).isEqualTo(2);
    assertThatThrownBy(() -> ds.images().get(1).source().load())
        .isInstanceOf(MlException.class)
        .hasMessageStartingWith("cannot decode image " + bad + ": ");
  }

  @Test
  void reportsLayoutProblems() throws IOException {
    assertThatThrownBy(() -> ImageFolder.load(root.resolve("missing")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ImageFolder.load(root)).hasMessageContaining("no class sub-folders");
    image(root.resolve("only/a.png"), "png", 2, 2, 0);
    assertThatThrownBy(() -> ImageFolder.load(root)).hasMessageContaining("at least 2");
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("empty/readme.txt"), "x");
    assertThatThrownBy(() -> ImageFolder.load(root))
        .hasMessageContaining("class 'empty'")
        .hasMessageContaining("holds no images");
  }

  @Test
  void splitFoldersWithTestFolderKeepsTheThreeFolders() throws IOException {
    for (String part : List.of("train", "val", "test")) {
      for (String cls : List.of("a", "b")) {
        for (int i = 0; i < 3; i++) {
          image(root.resolve(part + "/" + cls + "/" + i + ".png"), "png", 3, 3, i);
        }
      }
    }
    DatasetSplit split = ImageFolder.splitFolders(root);
    assertThat(split.train().size()).isEqualTo(6);
    assertThat(split.validation().size()).isEqualTo(6);
    assertThat(split.test().size()).isEqualTo(6);
    assertThatThrownBy(() -> ImageFolder.splitFolders(root.resolve("train")))
        .hasMessageContaining("must hold train/ and val/");
  }

  @Test
  void hymenopteraSplitSizes() {
    Path data = Path.of("/work/shared/data/images/hymenoptera_data");
    String env = System.getenv("MLE4J_DATA");
    if (env != null && Files.isDirectory(Path.of(env, "images/hymenoptera_data"))) {
      data = Path.of(env, "images/hymenoptera_data");
    }
    assumeTrue(Files.isDirectory(data), "hymenoptera_data not available");
    DatasetSplit split = ImageFolder.splitFolders(data);
    assertThat(split.train().classes()).containsExactly("ants", "bees");
    // train/ holds 123 ants + 121 bees image files (243 .jpg, one .jpeg; the placeholder .gif is
    // not read)
    int[] trainCounts = split.train().classCounts();
    int[] valCounts = split.validation().classCounts();
    assertThat(trainCounts[0] + valCounts[0]).isEqualTo(123);
    assertThat(trainCounts[1] + valCounts[1]).isEqualTo(121);
    assertThat(split.validation().size())
        .isEqualTo(Math.round(123 * 0.15) + Math.round(121 * 0.15));
    assertThat(split.test().size()).isEqualTo(153);
    assertThat(split.test().classCounts()).containsExactly(70, 83);
    Set<String> ids = new HashSet<>();
    split.train().images().forEach(i -> ids.add(i.id()));
    split.validation().images().forEach(i -> assertThat(ids.add(i.id())).isTrue());
    assertThat(split.train().name()).isEqualTo("hymenoptera_data-train");
  }

  @Test
  void decodedImageCacheDecodesOnceWithinBudget() throws IOException {
    image(root.resolve("a/1.png"), "png", 4, 4, 1);
    image(root.resolve("b/2.png"), "png", 4, 4, 2);
    ImageDataset ds = ImageFolder.load(root);
    DecodedImageCache cache = new DecodedImageCache(4 * 4 * 3); // room for one image
    ImageDataset cached = cache.wrap(ds);
    PixelImage first = cached.images().get(0).source().load();
    assertThat(cached.images().get(0).source().load()).isSameAs(first);
    assertThat(cache.hits()).isEqualTo(1);
    cached.images().get(1).source().load(); // evicts the first
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.usedBytes()).isEqualTo(48);
    PixelImage again = cached.images().get(0).source().load();
    assertThat(again).isNotSameAs(first);
    assertThat(again.pixels()).isEqualTo(first.pixels());
    assertThat(cache.misses()).isEqualTo(3);
    assertThatThrownBy(() -> new DecodedImageCache(-1)).isInstanceOf(MlException.class);
  }
}
