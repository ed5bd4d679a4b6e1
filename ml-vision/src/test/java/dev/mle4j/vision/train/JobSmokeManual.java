package dev.mle4j.vision.train;

import dev.mle4j.vision.ModelKind;
import dev.mle4j.vision.VisionTrainingJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSmokeManual {
  @Test
  void run() {
    String ds = System.getProperty("smoke.dataset", "hymenoptera");
    int epochs = Integer.getInteger("smoke.epochs", 3);
    String variants = System.getProperty("smoke.variants", "pretrained-freeze");
    var data =
        ds.equals("hymenoptera")
            ? VisionTrainingJob.hymenoptera(
                Path.of("/work/shared/data/images/hymenoptera_data"), 42)
            : VisionTrainingJob.fashionMnist(42);
    int limit = Integer.getInteger("smoke.limit", 0);
    if (limit > 0) {
      data = VisionTrainingJob.limit(data, limit, 1);
    }
    List<VisionTrainingJob.Variant> vs = new ArrayList<>();
    for (String v : variants.split(",")) {
      var b =
          TrainingOptions.builder()
              .epochs(epochs)
              .batchSize(Integer.getInteger("smoke.batch", 32))
              .learningRate(Float.parseFloat(System.getProperty("smoke.lr", "0.001")));
      switch (v) {
        case "cnn" -> vs.add(new VisionTrainingJob.Variant(v, ModelKind.CNN, b.build()));
        case "pretrained-freeze" ->
            vs.add(
                new VisionTrainingJob.Variant(
                    v, ModelKind.PRETRAINED, b.strategy(Strategy.FREEZE).build()));
        default ->
            vs.add(
                new VisionTrainingJob.Variant(
                    v, ModelKind.PRETRAINED, b.strategy(Strategy.FINETUNE).build()));
      }
    }
    var r =
        new VisionTrainingJob(
                data, vs, Path.of(System.getProperty("smoke.out", "/tmp/job-smoke")), null)
            .run();
    System.err.println("JOB " + r.metrics().models());
  }
}
