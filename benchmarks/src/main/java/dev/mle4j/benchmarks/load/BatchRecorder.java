package dev.mle4j.benchmarks.load;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.serving.ServedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records every successful model call a server makes, with the time it ended, so that a study can
 * keep the batches of exactly one level's measured window. The classifier is wrapped from outside
 * the server ({@link #instrument}); the input reader is kept as it is, so the server still knows a
 * text model by its reader. Thread-safe.
 */
final class BatchRecorder {

  /** One successful model call. */
  record Batch(long endNanos, int size, long inferNanos) {}

  private final ConcurrentLinkedQueue<Batch> batches = new ConcurrentLinkedQueue<>();

  /**
   * Wraps a served classifier so that its model calls are recorded here.
   *
   * @param model the model (a classifier)
   * @param <I> its input type
   * @return the instrumented copy (same name, version, reader, upload reader, labels and card)
   */
  <I> ServedModel<I> instrument(ServedModel<I> model) {
    return new ServedModel<>(
        model.name(),
        model.version(),
        new Timed<>(model.classifier()),
        null,
        model.reader(),
        model.uploadReader());
  }

  /**
   * Removes and returns every batch recorded so far.
   *
   * @return the batches, in no particular order
   */
  List<Batch> drain() {
    List<Batch> out = new ArrayList<>();
    for (Batch b = batches.poll(); b != null; b = batches.poll()) {
      out.add(b);
    }
    return out;
  }

  /** Times the model calls of one classifier. */
  private final class Timed<I> implements Classifier<I> {
    private final Classifier<I> delegate;

    Timed(Classifier<I> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Classification classify(I input) {
      long start = System.nanoTime();
      Classification c = delegate.classify(input);
      long end = System.nanoTime();
      batches.add(new Batch(end, 1, end - start));
      return c;
    }

    @Override
    public List<Classification> classifyAll(List<I> inputs) {
      long start = System.nanoTime();
      List<Classification> out = delegate.classifyAll(inputs);
      long end = System.nanoTime();
      batches.add(new Batch(end, inputs.size(), end - start));
      return out;
    }

    @Override
    public List<String> labels() {
      return delegate.labels();
    }

    @Override
    public ModelCard card() {
      return delegate.card();
    }
  }
}
