package dev.mle4j.vision.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.report.Charts;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.data.DatasetProfile;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.train.EpochMetrics;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The PNG charts of an image classification run: training curves, confusion matrix, a gallery of
 * misclassified images and a Grad-CAM grid. Galleries are drawn with Java2D; small images (such as
 * 28 x 28 Fashion-MNIST) are upscaled to at least {@value #MIN_IMAGE} pixels, without smoothing, so
 * they stay visible.
 */
public final class VisionCharts {

  /** File name of the loss chart written by {@link #trainingCurves(Path, List)}. */
  public static final String LOSS_CURVE = "loss_curve.png";

  /** File name of the accuracy chart written by {@link #trainingCurves(Path, List)}. */
  public static final String ACCURACY_CURVE = "accuracy_curve.png";

  /** Smallest side, in pixels, an image is drawn with in galleries. */
  public static final int MIN_IMAGE = 96;

  /** Default blend weight of Grad-CAM colours over the image. */
  public static final float OVERLAY_ALPHA = 0.45f;

  private static final int IMAGE = 128;
  private static final int GAP = 8;
  private static final int CAPTION = 40;
  private static final int GALLERY_COLUMNS = 6;
  private static final int PAIR_COLUMNS = 3;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private VisionCharts() {}

  /**
   * Writes {@value #LOSS_CURVE} (train and validation loss per epoch) and {@value #ACCURACY_CURVE}
   * (train and validation accuracy and validation macro F1 per epoch).
   *
   * @param dir the folder (created if needed)
   * @param history the epochs, at least one
   * @return the two files, loss first
   * @throws MlException on an empty history or a write error
   */
  public static List<Path> trainingCurves(Path dir, List<EpochMetrics> history) {
    return trainingCurves(dir, "", history);
  }

  /**
   * Like {@link #trainingCurves(Path, List)} with a file name prefix, for runs with several models:
   * {@code <prefix>loss_curve.png} and {@code <prefix>accuracy_curve.png}.
   *
   * @param dir the folder (created if needed)
   * @param prefix file name prefix, e.g. {@code cnn_}
   * @param history the epochs, at least one
   * @return the two files, loss first
   * @throws MlException on an empty history or a write error
   */
  public static List<Path> trainingCurves(Path dir, String prefix, List<EpochMetrics> history) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(history, "history");
    if (history.isEmpty()) {
      throw new MlException("cannot draw training curves of an empty history");
    }
    createDirectories(dir);
    int n = history.size();
    double[] epochs = new double[n];
    double[] trainLoss = new double[n];
    double[] valLoss = new double[n];
    double[] trainAcc = new double[n];
    double[] valAcc = new double[n];
    double[] valF1 = new double[n];
    for (int i = 0; i < n; i++) {
      EpochMetrics e = history.get(i);
      epochs[i] = e.epoch();
      trainLoss[i] = e.trainLoss();
      valLoss[i] = e.valLoss();
      trainAcc[i] = e.trainAccuracy();
      valAcc[i] = e.valAccuracy();
      valF1[i] = e.valMacroF1();
    }
    Map<String, double[][]> loss = new LinkedHashMap<>();
    loss.put("train loss", new double[][] {epochs, trainLoss});
    loss.put("validation loss", new double[][] {epochs, valLoss});
    Map<String, double[][]> accuracy = new LinkedHashMap<>();
    accuracy.put("train accuracy", new double[][] {epochs, trainAcc});
    accuracy.put("validation accuracy", new double[][] {epochs, valAcc});
    accuracy.put("validation macro F1", new double[][] {epochs, valF1});
    Path lossPng = dir.resolve(prefix + LOSS_CURVE);
    Path accPng = dir.resolve(prefix + ACCURACY_CURVE);
    Charts.lines(lossPng, "Loss per epoch", "Epoch", "Loss", loss);
    Charts.lines(accPng, "Accuracy per epoch", "Epoch", "Accuracy", accuracy);
    return List.of(lossPng, accPng);
  }

  /**
   * Draws the confusion matrix of a report (rows = true labels).
   *
   * @param png the file to write
   * @param title chart title
   * @param report the report
   */
  public static void confusionMatrix(Path png, String title, ClassificationReport report) {
    Objects.requireNonNull(report, "report");
    createDirectories(png.toAbsolutePath().getParent());
    Charts.confusionMatrix(png, title, report.labels(), report.confusionMatrix().counts());
  }

  /**
   * Draws up to {@code max} predictions in a grid, each image captioned {@code true: X / pred: Y
   * (0.87)}; usually {@link EvaluationResult#misclassified()}, the worst mistakes first. An empty
   * list gives a small image saying there is nothing to show.
   *
   * @param png the file to write
   * @param examples the predictions to show, in order
   * @param max the most images drawn, at least 1
   * @throws MlException on a bad {@code max}, an image that cannot be decoded or a write error
   */
  public static void misclassifiedGallery(Path png, List<Prediction> examples, int max) {
    Objects.requireNonNull(examples, "examples");
    if (max < 1) {
      throw new MlException("gallery size must be >= 1, got " + max);
    }
    List<Prediction> shown = examples.subList(0, Math.min(max, examples.size()));
    if (shown.isEmpty()) {
      write(png, message("no misclassified images"));
      return;
    }
    int cols = Math.min(GALLERY_COLUMNS, shown.size());
    int rows = (shown.size() + cols - 1) / cols;
    int cellW = IMAGE + 2 * GAP + 60;
    int cellH = IMAGE + CAPTION + GAP;
    BufferedImage canvas = canvas(cols * cellW, rows * cellH + GAP);
    Graphics2D g = graphics(canvas);
    try {
      for (int i = 0; i < shown.size(); i++) {
        Prediction p = shown.get(i);
        int x = (i % cols) * cellW;
        int y = GAP + (i / cols) * cellH;
        drawImage(g, p.source().load().toBufferedImage(), x + (cellW - IMAGE) / 2, y);
        caption(g, p.caption(), x, y + IMAGE, cellW);
      }
    } finally {
      g.dispose();
    }
    write(png, canvas);
  }

  /**
   * Draws Grad-CAM explanations of the predicted class: for each prediction the network's view of
   * the image next to the heat-map overlay, with the caption below. Use e.g. {@link
   * EvaluationResult#sample(int)} for a mix of right and wrong predictions.
   *
   * @param png the file to write
   * @param classifier the classifier that made the predictions
   * @param examples the predictions to explain, in order
   * @param n the most examples drawn, at least 1
   * @throws MlException on a bad {@code n}, no examples, an image that cannot be decoded or a write
   *     error
   */
  public static void gradCamGrid(
      Path png, ImageClassifier classifier, List<Prediction> examples, int n) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(examples, "examples");
    if (n < 1) {
      throw new MlException("Grad-CAM grid size must be >= 1, got " + n);
    }
    if (examples.isEmpty()) {
      throw new MlException("Grad-CAM grid needs at least one example");
    }
    List<Prediction> shown = examples.subList(0, Math.min(n, examples.size()));
    int cols = Math.min(PAIR_COLUMNS, shown.size());
    int rows = (shown.size() + cols - 1) / cols;
    int cellW = 2 * IMAGE + 3 * GAP;
    int cellH = IMAGE + CAPTION + GAP;
    BufferedImage canvas = canvas(cols * cellW, rows * cellH + GAP);
    Graphics2D g = graphics(canvas);
    try {
      for (int i = 0; i < shown.size(); i++) {
        Prediction p = shown.get(i);
        GradCamResult cam = GradCam.explain(classifier, p.source().load(), p.predictedIndex());
        int x = (i % cols) * cellW;
        int y = GAP + (i / cols) * cellH;
        drawImage(g, cam.input().toBufferedImage(), x + GAP, y);
        drawImage(
            g, GradCam.overlay(cam.input(), cam.heatmap(), OVERLAY_ALPHA), x + 2 * GAP + IMAGE, y);
        caption(g, p.caption(), x, y + IMAGE, cellW);
      }
    } finally {
      g.dispose();
    }
    write(png, canvas);
  }

  /**
   * Writes the data set's {@code class_distribution.png} and {@code sample_grid.png} (see {@link
   * DatasetProfile#writeCharts(Path)}).
   *
   * @param dir the folder (created if needed)
   * @param dataset the data set
   * @return the two files
   */
  public static List<Path> classDistribution(Path dir, ImageDataset dataset) {
    DatasetProfile.of(dataset).writeCharts(dir);
    return List.of(dir.resolve("class_distribution.png"), dir.resolve("sample_grid.png"));
  }

  private static BufferedImage canvas(int width, int height) {
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
    } finally {
      g.dispose();
    }
    return canvas;
  }

  private static Graphics2D graphics(BufferedImage canvas) {
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  /** Draws an image scaled to fit an {@code IMAGE} square (at least {@code MIN_IMAGE} pixels). */
  private static void drawImage(Graphics2D g, BufferedImage image, int x, int y) {
    double s = Math.min((double) IMAGE / image.getWidth(), (double) IMAGE / image.getHeight());
    int w = Math.max(1, (int) Math.round(image.getWidth() * s));
    int h = Math.max(1, (int) Math.round(image.getHeight() * s));
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION,
        s >= 2
            ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
            : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, x + (IMAGE - w) / 2, y + (IMAGE - h) / 2, w, h, null);
  }

  /** Draws a caption on one line, or on two split at " / " when it is too wide. */
  private static void caption(Graphics2D g, String text, int x, int y, int width) {
    g.setColor(Color.BLACK);
    FontMetrics fm = g.getFontMetrics();
    int line = fm.getHeight();
    int max = width - 4;
    int split = text.indexOf(" / ");
    if (fm.stringWidth(text) <= max || split < 0) {
      String s = fit(text, fm, max);
      g.drawString(s, x + (width - fm.stringWidth(s)) / 2, y + line);
      return;
    }
    String first = fit(text.substring(0, split), fm, max);
    String second = fit(text.substring(split + 3), fm, max);
    g.drawString(first, x + (width - fm.stringWidth(first)) / 2, y + line);
    g.drawString(second, x + (width - fm.stringWidth(second)) / 2, y + 2 * line);
  }

  private static String fit(String text, FontMetrics fm, int width) {
    if (fm.stringWidth(text) <= width) {
      return text;
    }
    String s = text;
    while (s.length() > 1 && fm.stringWidth(s + "...") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "...";
  }

  private static BufferedImage message(String text) {
    BufferedImage canvas = canvas(320, 80);
    Graphics2D g = graphics(canvas);
    try {
      caption(g, text, 0, 20, 320);
    } finally {
      g.dispose();
    }
    return canvas;
  }

  private static void createDirectories(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("cannot create chart folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path png, BufferedImage image) {
    Objects.requireNonNull(png, "png");
    createDirectories(png.toAbsolutePath().getParent());
    try {
      if (!ImageIO.write(image, "png", png.toFile())) {
        throw new MlException("no PNG writer available for " + png);
      }
    } catch (IOException e) {
      throw new MlException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }
}
