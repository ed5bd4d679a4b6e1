package dev.mle4j.vision.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.BalancedSampler;
import dev.mle4j.vision.data.BatchLoader;
import dev.mle4j.vision.data.ClassWeights;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import dev.mle4j.vision.transform.ImageTransform;
import dev.mle4j.vision.transform.Normalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Network} on an image data set: mini-batch training with augmentation prepared on
 * worker threads, (class-weighted) cross-entropy, AdamW or SGD with momentum, cosine or
 * reduce-on-plateau schedule, validation after every epoch, best-checkpoint saving and early
 * stopping. Each epoch is one line of {@code history.jsonl} in the run folder.
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder().epochs(8).build();
 * Network net = SimpleCnn.create(InputSpec.uniform(28, 1, 0.286f, 0.353f), 10, 0.2f);
 * try (TrainingResult r = new VisionTrainer(options).train("fmnist-cnn", net, null, split,
 *     Augmentations.training(InputKind.SMALL_GRAYSCALE, 28), runDir)) { ... }
 * }</pre>
 */
public final class VisionTrainer {

  /** File (in the run folder) with one JSON line per epoch. */
  public static final String HISTORY_FILE = "history.jsonl";

  /** File (in the run folder) holding the best checkpoint's parameters. */
  public static final String CHECKPOINT_FILE = "checkpoint-best.params";

  private static final Logger LOG = LoggerFactory.getLogger(VisionTrainer.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final int EVAL_BATCH = 128;

  private final TrainingOptions options;

  /**
   * Creates a trainer.
   *
   * @param options the hyper-parameters
   */
  public VisionTrainer(TrainingOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The hyper-parameters.
   *
   * @return the options
   */
  public TrainingOptions options() {
    return options;
  }

  /**
   * Trains the network and returns a classifier holding the best checkpoint.
   *
   * @param name model name written in the card
   * @param network the network (uninitialised)
   * @param pretrained loads pretrained weights into the initialised network, or {@code null}
   * @param split train, validation and test data; only train and validation are used here
   * @param augmentation training transform producing {@code size x size} images
   * @param runDir folder for {@value #HISTORY_FILE} and {@value #CHECKPOINT_FILE} (created)
   * @return the result; the caller closes its classifier
   */
  public TrainingResult train(
      String name,
      Network network,
      Consumer<Network> pretrained,
      DatasetSplit split,
      ImageTransform augmentation,
      Path runDir) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(split, "split");
    ImageDataset train = split.train();
    ImageDataset val = split.validation();
    if (train.size() == 0 || val.size() == 0) {
      throw new MlException("training and validation sets must not be empty");
    }
    if (train.classes().size() != network.numClasses()) {
      throw new MlException(
          "the data has "
              + train.classes().size()
              + " classes but the network has "
              + network.numClasses()
              + " outputs");
    }
    if (options.strategy() != Strategy.SCRATCH && pretrained == null) {
      throw new MlException(
          "strategy "
              + options.strategy().name().toLowerCase(java.util.Locale.ROOT)
              + " needs a pretrained backbone; use strategy scratch for a network trained from"
              + " random weights");
    }
    try {
      Files.createDirectories(runDir);
      Files.deleteIfExists(runDir.resolve(HISTORY_FILE));
    } catch (IOException e) {
      throw new MlException("cannot create run folder " + runDir + ": " + e.getMessage(), e);
    }
    Engine.getInstance().setRandomSeed((int) options.seed());
    InputSpec in = network.input();
    Model model = Model.newInstance(name, Device.cpu(), "PyTorch");
    boolean handedOver = false;
    try {
      model.setBlock(network.block());
      long start = System.nanoTime();
      Fit fit = fit(model, network, pretrained, train, val, augmentation, runDir, in);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, String> params = new LinkedHashMap<>(options.toMap());
      params.put("architecture", network.architecture());
      params.put("input_size", Integer.toString(in.size()));
      params.put("input_channels", Integer.toString(in.channels()));
      params.put("trainable_parameters", Long.toString(fit.trainable));
      params.put("best_epoch", Integer.toString(fit.bestEpoch));
      params.put("train_images", Integer.toString(train.size()));
      params.put("validation_images", Integer.toString(val.size()));
      ModelCard card =
          new ModelCard(
              name,
              "",
              ImageClassifier.TASK,
              ImageClassifier.FORMAT,
              train.classes(),
              Map.of(),
              "",
              params,
              Instant.now());
      ImageClassifier classifier = new ImageClassifier(model, network, train.classes(), card);
      handedOver = true;
      return new TrainingResult(
          classifier, fit.history, fit.bestEpoch, seconds, fit.trainable, fit.stoppedEarly);
    } finally {
      if (!handedOver) {
        model.close();
      }
    }
  }

  private record Fit(
      List<EpochMetrics> history, int bestEpoch, long trainable, boolean stoppedEarly) {}

  private Fit fit(
      Model model,
      Network network,
      Consumer<Network> pretrained,
      ImageDataset train,
      ImageDataset val,
      ImageTransform augmentation,
      Path runDir,
      InputSpec in) {
    int k = network.numClasses();
    int stepsPerEpoch = (train.size() + options.batchSize() - 1) / options.batchSize();
    float[] classWeights =
        options.classBalance() == ClassBalance.WEIGHTED_LOSS
            ? toFloats(ClassWeights.inverseFrequency(train.classCounts()))
            : null;
    // placeholder ids until the network is initialised; the schedule is created after that
    LearningRateScheduleHolder holder = new LearningRateScheduleHolder();
    Optimizer optimizer =
        switch (options.optimizer()) {
          case ADAM ->
              Optimizer.adamW()
                  .optLearningRateTracker(holder)
                  .optWeightDecays(options.weightDecay())
                  .build();
          case SGD ->
              Optimizer.sgd()
                  .setLearningRateTracker(holder)
                  .optMomentum(options.momentum())
                  .optWeightDecays(options.weightDecay())
                  .build();
          default -> throw new IllegalStateException("unknown optimizer " + options.optimizer());
        };
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(optimizer)
            .optInitializer(
                new XavierInitializer(
                    XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(1, in.channels(), in.size(), in.size()));
      if (pretrained != null) {
        pretrained.accept(network);
      }
      int stages = network.features().stages().size();
      switch (options.strategy()) {
        case SCRATCH -> network.features().freezeFirst(0);
        case FREEZE -> network.features().freezeFirst(stages);
        case FINETUNE ->
            network
                .features()
                .freezeFirst(
                    options.unfreezeStages() == 0
                        ? 0
                        : Math.max(0, stages - options.unfreezeStages()));
        default -> throw new IllegalStateException("unknown strategy " + options.strategy());
      }
      Set<String> backboneIds = new HashSet<>();
      if (options.strategy() == Strategy.FINETUNE) {
        for (Pair<String, Parameter> p : network.features().getParameters()) {
          backboneIds.add(p.getValue().getId());
        }
      }
      LearningRateSchedule schedule =
          new LearningRateSchedule(
              options.schedule(),
              options.learningRate(),
              stepsPerEpoch * options.epochs(),
              backboneIds,
              options.backboneLearningRateFactor());
      holder.schedule = schedule;
      long trainable = 0;
      for (Pair<String, Parameter> p : network.block().getParameters()) {
        if (p.getValue().requiresGradient()) {
          trainable += p.getValue().getArray().size();
        }
      }
      LOG.info(
          "training {} ({} strategy, {} trainable weights) on {} images, {} classes: up to {}"
              + " epochs x {} steps, batch {}, {} lr {}",
          network.architecture(),
          options.strategy().name().toLowerCase(java.util.Locale.ROOT),
          trainable,
          train.size(),
          k,
          options.epochs(),
          stepsPerEpoch,
          options.batchSize(),
          options.optimizer().name().toLowerCase(java.util.Locale.ROOT),
          options.learningRate());
      List<EpochMetrics> history = new ArrayList<>();
      byte[] best = null;
      double bestAcc = -1;
      double bestLoss = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      int sinceBest = 0;
      int step = 0;
      boolean stoppedEarly = false;
      Random orderRandom = new Random(options.seed());
      BalancedSampler sampler =
          options.classBalance() == ClassBalance.BALANCED_SAMPLER
              ? new BalancedSampler(train, options.seed())
              : null;
      for (int epoch = 1; epoch <= options.epochs(); epoch++) {
        long t0 = System.nanoTime();
        int[] order = epochOrder(train, orderRandom, sampler, epoch);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int batchNo = 0;
        long waitNanos = 0;
        try (BatchLoader loader =
            BatchLoader.builder(train)
                .order(order)
                .batchSize(options.batchSize())
                .transform(augmentation.then(channels(in)))
                .normalizer(new Normalizer(in.mean(), in.std()))
                .threads(options.workers())
                .seed(options.seed())
                .epoch(epoch)
                .build()) {
          while (loader.hasNext()) {
            long w0 = System.nanoTime();
            BatchLoader.Batch batch = loader.next();
            waitNanos += System.nanoTime() - w0;
            int n = batch.labels().length;
            schedule.setStep(step);
            try (NDManager bm = trainer.getManager().newSubManager()) {
              NDArray x =
                  bm.create(batch.pixels(), new Shape(n, in.channels(), in.size(), in.size()));
              NDArray y = bm.create(batch.labels());
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = loss(logits, y, classWeights, k, bm);
                lossSum += loss.getFloat() * n;
                gc.backward(loss);
                long[] pred = logits.argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                  if (pred[i] == batch.labels()[i]) {
                    correct++;
                  }
                }
              }
              trainer.step();
            }
            seen += n;
            step++;
            batchNo++;
            if (batchNo % 100 == 0) {
              LOG.info(
                  "epoch {} step {}/{}: loss {}",
                  epoch,
                  batchNo,
                  stepsPerEpoch,
                  String.format("%.4f", lossSum / seen));
            }
          }
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        Validation v = validate(network, trainer.getManager(), val, in, classWeights, k);
        schedule.onValidation(v.loss);
        boolean improved =
            v.accuracy > bestAcc + 1e-9
                || (Math.abs(v.accuracy - bestAcc) <= 1e-9 && v.loss < bestLoss);
        if (improved) {
          bestAcc = v.accuracy;
          bestLoss = v.loss;
          bestEpoch = epoch;
          best = saveParams(network);
          writeCheckpoint(runDir, best);
          sinceBest = 0;
        } else {
          sinceBest++;
        }
        EpochMetrics m =
            new EpochMetrics(
                epoch,
                lossSum / Math.max(1, seen),
                (double) correct / Math.max(1, seen),
                v.loss,
                v.accuracy,
                v.macroF1,
                schedule.current(),
                (System.nanoTime() - t0) / 1e9,
                improved);
        history.add(m);
        appendHistory(runDir, m);
        LOG.info(
            "epoch {}/{}: train loss {} acc {} | val loss {} acc {} macro-F1 {}{} ({} s; training"
                + " {} s of which {} s waiting for images)",
            epoch,
            options.epochs(),
            f4(m.trainLoss()),
            f4(m.trainAccuracy()),
            f4(m.valLoss()),
            f4(m.valAccuracy()),
            f4(m.valMacroF1()),
            improved ? " *best*" : "",
            String.format("%.1f", m.seconds()),
            String.format("%.1f", trainSeconds),
            String.format("%.1f", waitNanos / 1e9));
        if (options.patience() > 0 && sinceBest >= options.patience()) {
          LOG.info("early stopping: no validation improvement for {} epochs", sinceBest);
          stoppedEarly = epoch < options.epochs();
          break;
        }
      }
      // the restored arrays must outlive the trainer: attach them to the model's manager
      restoreParams(network, model.getNDManager(), best);
      return new Fit(history, bestEpoch, trainable, stoppedEarly);
    }
  }

  /** Lets the optimiser be built before the schedule knows the backbone's parameter ids. */
  private static final class LearningRateScheduleHolder
      implements ai.djl.training.tracker.ParameterTracker {
    private LearningRateSchedule schedule;

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
      return schedule.getNewValue(parameterId, numUpdate);
    }
  }

  private static ImageTransform channels(InputSpec in) {
    return (image, random) -> {
      PixelImage converted = image.withChannels(in.channels());
      if (converted.width() != in.size() || converted.height() != in.size()) {
        throw new MlException(
            "the training transform produced "
                + converted.width()
                + "x"
                + converted.height()
                + " images; the network needs "
                + in.size()
                + "x"
                + in.size());
      }
      return converted;
    };
  }

  private static int[] epochOrder(
      ImageDataset train, Random random, BalancedSampler sampler, int epoch) {
    if (sampler != null) {
      return sampler.epoch(epoch);
    }
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Mean (class-weighted) cross-entropy of logits against integer labels. */
  static NDArray loss(NDArray logits, NDArray labels, float[] classWeights, int k, NDManager m) {
    NDArray logp = logits.logSoftmax(1);
    NDArray oneHot = labels.oneHot(k);
    NDArray nll = logp.mul(oneHot).sum(new int[] {1}).neg();
    if (classWeights == null) {
      return nll.mean();
    }
    NDArray w = oneHot.mul(m.create(classWeights)).sum(new int[] {1});
    return nll.mul(w).sum().div(w.sum());
  }

  private record Validation(double loss, double accuracy, double macroF1) {}

  private static Validation validate(
      Network network,
      NDManager parent,
      ImageDataset val,
      InputSpec in,
      float[] classWeights,
      int k) {
    dev.mle4j.vision.model.InputEncoder encoder = new dev.mle4j.vision.model.InputEncoder(in);
    List<String> yTrue = new ArrayList<>(val.size());
    List<String> yPred = new ArrayList<>(val.size());
    double lossSum = 0;
    double weightSum = 0;
    int per = in.channels() * in.size() * in.size();
    for (int start = 0; start < val.size(); start += EVAL_BATCH) {
      int n = Math.min(EVAL_BATCH, val.size() - start);
      float[] x = new float[n * per];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        var item = val.images().get(start + i);
        encoder.encode(encoder.prepare(item.source().load()), x, i * per);
        y[i] = item.label();
      }
      try (NDManager bm = parent.newSubManager()) {
        NDArray logits =
            network
                .block()
                .forward(
                    new ParameterStore(bm, false),
                    new NDList(bm.create(x, new Shape(n, in.channels(), in.size(), in.size()))),
                    false)
                .singletonOrThrow();
        NDArray labels = bm.create(y);
        double batchLoss = loss(logits, labels, classWeights, k, bm).getFloat();
        double w = 0;
        for (int label : y) {
          w += classWeights == null ? 1 : classWeights[label];
        }
        lossSum += batchLoss * w;
        weightSum += w;
        long[] pred = logits.argMax(1).toLongArray();
        for (int i = 0; i < n; i++) {
          yTrue.add(val.classes().get(y[i]));
          yPred.add(val.classes().get((int) pred[i]));
        }
      }
    }
    var report = ClassificationMetrics.evaluate(yTrue, yPred, val.classes());
    return new Validation(lossSum / weightSum, report.accuracy(), report.macroF1());
  }

  private static byte[] saveParams(Network network) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        network.block().saveParameters(out);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void restoreParams(Network network, NDManager manager, byte[] params) {
    if (params == null) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
      network.block().loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new MlException("cannot restore the best checkpoint: " + e.getMessage(), e);
    }
  }

  private static void writeCheckpoint(Path runDir, byte[] params) {
    try {
      Path tmp = Files.createTempFile(runDir, CHECKPOINT_FILE, ".tmp");
      Files.write(tmp, params);
      Files.move(
          tmp,
          runDir.resolve(CHECKPOINT_FILE),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MlException("cannot write checkpoint in " + runDir + ": " + e.getMessage(), e);
    }
  }

  private static void appendHistory(Path runDir, EpochMetrics m) {
    try {
      Files.writeString(
          runDir.resolve(HISTORY_FILE),
          JSON.writeValueAsString(m) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new MlException("cannot write " + HISTORY_FILE + ": " + e.getMessage(), e);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static String f4(double v) {
    return String.format("%.4f", v);
  }

  /**
   * Reads {@code history.jsonl} written by a run.
   *
   * @param runDir the run folder
   * @return the epochs in order
   */
  public static List<EpochMetrics> readHistory(Path runDir) {
    try {
      List<EpochMetrics> out = new ArrayList<>();
      for (String line : Files.readAllLines(runDir.resolve(HISTORY_FILE))) {
        if (!line.isBlank()) {
          out.add(JSON.readValue(line, EpochMetrics.class));
        }
      }
      return out;
    } catch (IOException e) {
      throw new MlException(
          "cannot read " + runDir.resolve(HISTORY_FILE) + ": " + e.getMessage(), e);
    }
  }
}
