package dev.mle4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.vision.PixelImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetProfileTest {

  @TempDir Path out;

  @Test
  void profilesSizesClassesAndWritesCharts() throws IOException {
    List<LabeledImage> images = new ArrayList<>();
    int[][] sizes = {{10, 20}, {30, 40}, {50, 60}, {70, 80}, {90, 100}};
    for (int i = 0; i < sizes.length; i++) {
      int w = sizes[i][0];
      int h = sizes[i][1];
      int channels = i == 0 ? 1 : 3;
      PixelImage px = new PixelImage(w, h, channels, new byte[w * h * channels]);
      images.add(new LabeledImage("img" + i, i < 4 ? 0 : 1, () -> px));
    }
    ImageDataset ds = new ImageDataset("toy", List.of("many", "few"), images);
    DatasetProfile profile = DatasetProfile.of(ds, 100, 1);
    assertThat(profile.classCounts()).containsExactly(4, 1);
    assertThat(profile.imbalanceRatio()).isEqualTo(4.0);
    assertThat(profile.widthStats()).containsExactly(10, 50, 90);
    assertThat(profile.heightStats()).containsExactly(20, 60, 100);
    assertThat(profile.channelCounts()).containsEntry(1, 1).containsEntry(3, 4);
    Map<String, Object> map = profile.toMap();
    assertThat(map)
        .containsEntry("images", 5)
        .containsEntry("width_median", 50)
        .containsEntry("imbalance_ratio", 4.0);
    assertThat(DatasetProfile.of(ds, 2, 1).sampled()).isEqualTo(2);

    profile.writeCharts(out.resolve("eda"));
    BufferedImage bars = ImageIO.read(out.resolve("eda/class_distribution.png").toFile());
    BufferedImage grid = ImageIO.read(out.resolve("eda/sample_grid.png").toFile());
    assertThat(bars).isNotNull();
    assertThat(grid).isNotNull();
    assertThat(grid.getHeight()).isGreaterThan(2 * 90); // one row per class
  }
}
