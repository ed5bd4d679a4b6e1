package dev.mle4j.vision.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.metrics.ClassMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the {@code report.html} of an image classification run: a summary of the data set and
 * models, one metrics row per model, and per model its per-class table, figures and training
 * history. The pages are self-contained (images embedded).
 *
 * <pre>{@code
 * EvaluationResult eval = Evaluation.evaluate(classifier, test);
 * List<Figure> figures = VisionReport.modelFigures(outDir, "cnn_", classifier, eval, history);
 * ModelSection cnn = ModelSection.of("simple-cnn", eval)
 *     .withLatency(Latency.measure(classifier, images, 1, 5, 50))
 *     .withHistory(history)
 *     .withFigures(figures);
 * VisionReport.write(outDir, "Fashion-MNIST", dataset, List.of(cnn));
 * }</pre>
 */
public final class VisionReport {

  /** Images in the misclassified gallery drawn by {@link #modelFigures}. */
  public static final int GALLERY_SIZE = 24;

  /** Examples in the Grad-CAM grid drawn by {@link #modelFigures}. */
  public static final int GRAD_CAM_SIZE = 12;

  private VisionReport() {}

  /**
   * A PNG shown in the report.
   *
   * @param png the image file
   * @param caption what it shows; the report adds the file name
   */
  public record Figure(Path png, String caption) {

    /** Checks the parts. */
    public Figure {
      Objects.requireNonNull(png, "png");
      Objects.requireNonNull(caption, "caption");
    }
  }

  /**
   * What the report says about the data.
   *
   * @param name the data set's name
   * @param classes the class names
   * @param splits images per split, e.g. {@code train -> 54000}, in display order
   * @param figures data set charts (class distribution, sample grid)
   */
  public record DatasetSummary(
      String name, List<String> classes, Map<String, Integer> splits, List<Figure> figures) {

    /** Copies the collections. */
    public DatasetSummary {
      Objects.requireNonNull(name, "name");
      classes = List.copyOf(classes);
      splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
      figures = List.copyOf(figures);
    }
  }

  /**
   * One evaluated model.
   *
   * @param name the model's name, e.g. {@code simple-cnn}
   * @param evaluation its predictions and metrics on the test set
   * @param latency measured inference latency, if any
   * @param history its training epochs (empty when it was not trained in this run)
   * @param details other facts shown as key-values (architecture, strategy, train seconds...)
   * @param figures its charts, in display order
   */
  public record ModelSection(
      String name,
      EvaluationResult evaluation,
      Optional<Latency> latency,
      List<EpochMetrics> history,
      Map<String, Object> details,
      List<Figure> figures) {

    /** Checks the parts and copies the collections. */
    public ModelSection {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(evaluation, "evaluation");
      Objects.requireNonNull(latency, "latency");
      history = List.copyOf(history);
      details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
      figures = List.copyOf(figures);
    }

    /**
     * A section with only the evaluation.
     *
     * @param name the model's name
     * @param evaluation its evaluation
     * @return the section
     */
    public static ModelSection of(String name, EvaluationResult evaluation) {
      return new ModelSection(name, evaluation, Optional.empty(), List.of(), Map.of(), List.of());
    }

    /**
     * This section with a latency measurement.
     *
     * @param value the measurement
     * @return a copy
     */
    public ModelSection withLatency(Latency value) {
      return new ModelSection(name, evaluation, Optional.of(value), history, details, figures);
    }

    /**
     * This section with a training history.
     *
     * @param value the epochs
     * @return a copy
     */
    public ModelSection withHistory(List<EpochMetrics> value) {
      return new ModelSection(name, evaluation, latency, value, details, figures);
    }

    /**
     * This section with details.
     *
     * @param value key to value, in display order
     * @return a copy
     */
    public ModelSection withDetails(Map<String, ?> value) {
      return new ModelSection(
          name, evaluation, latency, history, new LinkedHashMap<>(value), figures);
    }

    /**
     * This section with figures.
     *
     * @param value the figures, in display order
     * @return a copy
     */
    public ModelSection withFigures(List<Figure> value) {
      return new ModelSection(name, evaluation, latency, history, details, value);
    }

    /**
     * The model's flat metrics for {@code metrics.json}: the classification metrics ({@code
     * accuracy}, {@code macro_f1}, ..., {@code roc_auc} when present, per-class values) followed by
     * {@code p50_ms}, {@code p99_ms} and {@code throughput_per_s} when latency was measured.
     *
     * @return an ordered map
     */
    public Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>(evaluation.report().toMap());
      latency.ifPresent(l -> m.putAll(l.toMap()));
      return m;
    }
  }

  /**
   * Draws the standard charts of one model into {@code dir}: {@code <prefix>confusion_matrix.png},
   * {@code <prefix>misclassified.png} (up to {@value #GALLERY_SIZE} worst mistakes), {@code
   * <prefix>gradcam.png} (up to {@value #GRAD_CAM_SIZE} examples, half of them mistakes) and, with
   * a history, {@code <prefix>loss_curve.png} and {@code <prefix>accuracy_curve.png}.
   *
   * @param dir the run folder
   * @param prefix file name prefix, e.g. {@code cnn_} ({@code ""} for a single model)
   * @param classifier the evaluated classifier (for Grad-CAM)
   * @param evaluation its evaluation
   * @param history its training epochs, possibly empty
   * @return the figures, in display order
   */
  public static List<Figure> modelFigures(
      Path dir,
      String prefix,
      ImageClassifier classifier,
      EvaluationResult evaluation,
      List<EpochMetrics> history) {
    Objects.requireNonNull(prefix, "prefix");
    createDirectories(dir);
    List<Figure> figures = new ArrayList<>();
    if (!history.isEmpty()) {
      List<Path> curves = VisionCharts.trainingCurves(dir, prefix, history);
      Path loss = curves.get(0);
      Path accuracy = curves.get(1);
      figures.add(new Figure(loss, "Training and validation loss per epoch"));
      figures.add(new Figure(accuracy, "Training and validation accuracy per epoch"));
    }
    Path confusion = dir.resolve(prefix + "confusion_matrix.png");
    VisionCharts.confusionMatrix(
        confusion, "Confusion matrix: " + evaluation.dataset(), evaluation.report());
    figures.add(new Figure(confusion, "Confusion matrix on " + evaluation.dataset()));
    Path gallery = dir.resolve(prefix + "misclassified.png");
    List<Prediction> wrong = evaluation.misclassified();
    VisionCharts.misclassifiedGallery(gallery, wrong, GALLERY_SIZE);
    figures.add(
        new Figure(
            gallery,
            "Most confident mistakes ("
                + Math.min(GALLERY_SIZE, wrong.size())
                + " of "
                + wrong.size()
                + ")"));
    List<Prediction> sample = evaluation.sample(GRAD_CAM_SIZE);
    if (!sample.isEmpty()) {
      Path cam = dir.resolve(prefix + "gradcam.png");
      VisionCharts.gradCamGrid(cam, classifier, sample, GRAD_CAM_SIZE);
      figures.add(new Figure(cam, "Grad-CAM of the predicted class: network input and heat map"));
    }
    return figures;
  }

  /**
   * Writes {@code report.html} into {@code outDir}.
   *
   * @param outDir the run folder (created if needed)
   * @param title the report title
   * @param dataset the data summary
   * @param models the evaluated models, at least one, in display order
   * @return the written file
   * @throws MlException on no models, a missing figure or a write error
   */
  public static Path write(
      Path outDir, String title, DatasetSummary dataset, List<ModelSection> models) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(models, "models");
    if (models.isEmpty()) {
      throw new MlException("a vision report needs at least one model");
    }
    createDirectories(outDir);
    HtmlReport.Builder html =
        HtmlReport.builder(title)
            .subtitle(
                "Image classification on "
                    + dataset.name()
                    + ": "
                    + models.size()
                    + (models.size() == 1 ? " model" : " models"));
    html.section("Summary").keyValues(summary(dataset, models));
    dataset.figures().forEach(f -> image(html, f));

    html.section("Metrics");
    List<List<?>> rows = new ArrayList<>();
    for (ModelSection m : models) {
      ClassificationReport r = m.evaluation().report();
      List<Object> row = new ArrayList<>();
      row.add(m.name());
      row.add(r.accuracy());
      row.add(r.macroF1());
      row.add(r.weightedF1());
      row.add(r.rocAuc().isPresent() ? (Object) r.rocAuc().getAsDouble() : "-");
      row.add(m.latency().<Object>map(Latency::p50Ms).orElse("-"));
      row.add(m.latency().<Object>map(Latency::p99Ms).orElse("-"));
      row.add(m.latency().<Object>map(Latency::throughputPerSecond).orElse("-"));
      row.add(m.evaluation().predictions().size());
      rows.add(row);
    }
    html.table(
        List.of(
            "model",
            "accuracy",
            "macro F1",
            "weighted F1",
            "ROC-AUC",
            "p50 ms",
            "p99 ms",
            "images/s",
            "test images"),
        rows);
    html.paragraph(
        "Latency: one batch per run, end to end (prepare, encode, forward pass, softmax), "
            + "median and 99th percentile.");

    for (ModelSection m : models) {
      html.section("Model: " + m.name());
      if (!m.details().isEmpty()) {
        html.keyValues(m.details());
      }
      m.latency()
          .ifPresent(
              l ->
                  html.paragraph(
                      "Latency measured over "
                          + l.runs()
                          + " runs of batch size "
                          + l.batchSize()
                          + "."));
      List<List<?>> perClass = new ArrayList<>();
      for (ClassMetrics c : m.evaluation().report().perClass()) {
        perClass.add(List.of(c.label(), c.precision(), c.recall(), c.f1(), c.support()));
      }
      html.table(List.of("class", "precision", "recall", "F1", "support"), perClass);
      m.figures().forEach(f -> image(html, f));
      if (!m.history().isEmpty()) {
        html.paragraph("Training history (* = best checkpoint)");
        List<List<?>> epochs = new ArrayList<>();
        for (EpochMetrics e : m.history()) {
          epochs.add(
              List.of(
                  e.epoch() + (e.best() ? " *" : ""),
                  e.trainLoss(),
                  e.trainAccuracy(),
                  e.valLoss(),
                  e.valAccuracy(),
                  e.valMacroF1(),
                  e.learningRate(),
                  e.seconds()));
        }
        html.table(
            List.of(
                "epoch",
                "train loss",
                "train accuracy",
                "val loss",
                "val accuracy",
                "val macro F1",
                "learning rate",
                "seconds"),
            epochs);
      }
    }
    Path file = outDir.resolve(RunOutput.REPORT_FILE);
    html.build().write(file);
    return file;
  }

  private static Map<String, Object> summary(DatasetSummary dataset, List<ModelSection> models) {
    Map<String, Object> kv = new LinkedHashMap<>();
    kv.put("dataset", dataset.name());
    kv.put("classes", dataset.classes().size() + ": " + String.join(", ", dataset.classes()));
    dataset.splits().forEach((split, count) -> kv.put(split + " images", count));
    kv.put("models", String.join(", ", models.stream().map(ModelSection::name).toList()));
    ModelSection best =
        models.stream()
            .max(Comparator.comparingDouble(m -> m.evaluation().report().macroF1()))
            .orElseThrow();
    kv.put(
        "best model (macro F1)",
        best.name()
            + " ("
            + String.format(java.util.Locale.ROOT, "%.4f", best.evaluation().report().macroF1())
            + ")");
    return kv;
  }

  private static void image(HtmlReport.Builder html, Figure figure) {
    html.image(figure.png(), figure.caption() + " (" + figure.png().getFileName() + ")");
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("cannot create report folder " + dir + ": " + e.getMessage(), e);
    }
  }
}
