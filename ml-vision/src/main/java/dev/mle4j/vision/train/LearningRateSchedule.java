package dev.mle4j.vision.train;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Set;

/**
 * The learning rate of every parameter at the current step: the schedule ({@link ScheduleKind})
 * times a factor for backbone parameters (discriminative learning rates when fine-tuning). The
 * trainer advances the step and reports validation losses; DJL's optimiser asks for the rate of
 * each parameter at each update.
 */
final class LearningRateSchedule implements ParameterTracker {

  private static final int PLATEAU_PATIENCE = 2;
  private static final float PLATEAU_FACTOR = 0.5f;

  private final ScheduleKind kind;
  private final float baseRate;
  private final int totalSteps;
  private final int warmupSteps;
  private final Set<String> backboneIds;
  private final float backboneFactor;
  private int step;
  private float plateauScale = 1f;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int badEpochs;

  LearningRateSchedule(
      ScheduleKind kind,
      float baseRate,
      int totalSteps,
      Set<String> backboneIds,
      float backboneFactor) {
    this.kind = kind;
    this.baseRate = baseRate;
    this.totalSteps = Math.max(1, totalSteps);
    this.warmupSteps = kind == ScheduleKind.COSINE ? Math.min(200, this.totalSteps / 20) : 0;
    this.backboneIds = Set.copyOf(backboneIds);
    this.backboneFactor = backboneFactor;
  }

  void setStep(int step) {
    this.step = step;
  }

  /** Records an epoch's validation loss (drives the plateau schedule). */
  void onValidation(double loss) {
    if (loss < bestLoss - 1e-4) {
      bestLoss = loss;
      badEpochs = 0;
    } else if (++badEpochs >= PLATEAU_PATIENCE && kind == ScheduleKind.PLATEAU) {
      plateauScale *= PLATEAU_FACTOR;
      badEpochs = 0;
    }
  }

  /** The head's current rate. */
  float current() {
    return switch (kind) {
      case CONSTANT -> baseRate;
      case PLATEAU -> baseRate * plateauScale;
      case COSINE -> {
        if (step < warmupSteps) {
          yield baseRate * (step + 1f) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        double cos = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
        yield (float) (baseRate * (0.01 + 0.99 * cos));
      }
      default -> throw new IllegalStateException("unknown schedule " + kind);
    };
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    float rate = current();
    return backboneIds.contains(parameterId) ? rate * backboneFactor : rate;
  }
}
