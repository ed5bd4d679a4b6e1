package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.transform.ImageTransform;
import dev.mle4j.vision.transform.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Iterates a data set in batches: each image is loaded, transformed, converted to the normalizer's
 * channel count and normalized into one {@code B*C*H*W} float array. Batches are prepared on a
 * bounded pool of daemon threads, at most {@code prefetch} batches ahead of the consumer. Each
 * image gets its own {@link Random} derived from (seed, epoch, position in the order), so the
 * batches are identical whatever the thread count or timing.
 *
 * <pre>{@code
 * try (BatchLoader loader = BatchLoader.builder(train)
 *     .batchSize(32).transform(Augmentations.training(InputKind.PHOTO, 224))
 *     .normalizer(Normalizer.imagenet()).seed(7).epoch(epoch).shuffle(true).build()) {
 *   while (loader.hasNext()) {
 *     BatchLoader.Batch batch = loader.next();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>A failure while preparing a batch surfaces on {@link #next()} as an {@link MlException} naming
 * the image id. {@link #close()} stops the workers; it is safe to call more than once.
 */
public final class BatchLoader implements Iterator<BatchLoader.Batch>, AutoCloseable {

  /**
   * One batch.
   *
   * @param pixels {@code size * channels * height * width} floats, image after image, CHW
   * @param labels one label per image
   * @param ids one image id per image
   * @param channels channels per image
   * @param height image height
   * @param width image width
   */
  public record Batch(
      float[] pixels, int[] labels, List<String> ids, int channels, int height, int width) {

    /** Copies the id list and checks the shape. */
    public Batch {
      Objects.requireNonNull(pixels, "pixels");
      Objects.requireNonNull(labels, "labels");
      ids = List.copyOf(ids);
      if (labels.length != ids.size()
          || (long) labels.length * channels * height * width != pixels.length) {
        throw new MlException(
            "batch shape mismatch: "
                + labels.length
                + " labels, "
                + ids.size()
                + " ids, "
                + pixels.length
                + " floats for "
                + channels
                + "x"
                + height
                + "x"
                + width);
      }
    }

    /**
     * Number of images.
     *
     * @return the batch size
     */
    public int size() {
      return labels.length;
    }
  }

  private final ImageDataset dataset;
  private final int[] order;
  private final int batchSize;
  private final ImageTransform transform;
  private final Normalizer normalizer;
  private final long seed;
  private final int epoch;
  private final int batches;
  private final int prefetch;
  private final ExecutorService pool;
  private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
  private int submitted;
  private int returned;
  private boolean closed;

  private BatchLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.transform = b.transform;
    this.normalizer = b.normalizer;
    this.seed = b.seed;
    this.epoch = b.epoch;
    this.prefetch = b.prefetch;
    int[] o = b.order;
    if (o == null) {
      o = new int[dataset.size()];
      for (int i = 0; i < o.length; i++) {
        o[i] = i;
      }
      if (b.shuffle) {
        Random r = new Random(StratifiedSplitter.mix(seed, 0x5EEDL + epoch));
        for (int i = o.length - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          int t = o[i];
          o[i] = o[j];
          o[j] = t;
        }
      }
    } else {
      o = o.clone();
      for (int i : o) {
        if (i < 0 || i >= dataset.size()) {
          throw new MlException(
              "order index "
                  + i
                  + " is outside "
                  + dataset.name()
                  + " (size "
                  + dataset.size()
                  + ")");
        }
      }
    }
    int full = o.length / batchSize;
    int count = b.dropLast || o.length % batchSize == 0 ? full : full + 1;
    this.order = o;
    this.batches = count;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "batch-loader-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(b.threads, factory);
    fill();
  }

  /**
   * Starts a builder.
   *
   * @param dataset the data set to read
   * @return the builder
   */
  public static Builder builder(ImageDataset dataset) {
    return new Builder(dataset);
  }

  /**
   * Number of batches this loader yields in total.
   *
   * @return the count
   */
  public int batchCount() {
    return batches;
  }

  private void fill() {
    while (!closed && submitted < batches && pending.size() < prefetch) {
      int index = submitted++;
      pending.add(pool.submit(() -> prepare(index)));
    }
  }

  private Batch prepare(int batchIndex) {
    int from = batchIndex * batchSize;
    int to = Math.min(order.length, from + batchSize);
    int n = to - from;
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>(n);
    float[] pixels = null;
    int c = normalizer.channels();
    int h = 0;
    int w = 0;
    for (int k = 0; k < n; k++) {
      int position = from + k;
      LabeledImage item = dataset.images().get(order[position]);
      PixelImage image;
      try {
        Random random =
            new Random(StratifiedSplitter.mix(StratifiedSplitter.mix(seed, epoch), position));
        image = transform.apply(item.source().load(), random).withChannels(c);
      } catch (RuntimeException e) {
        throw new MlException(
            "cannot prepare image " + item.id() + " of " + dataset.name() + ": " + e.getMessage(),
            e);
      }
      if (pixels == null) {
        h = image.height();
        w = image.width();
        pixels = new float[n * c * h * w];
      } else if (image.height() != h || image.width() != w) {
        throw new MlException(
            "image "
                + item.id()
                + " is "
                + image.width()
                + "x"
                + image.height()
                + " after the transform but the batch's first image is "
                + w
                + "x"
                + h
                + "; add a resize or crop to a fixed size");
      }
      normalizer.apply(image, pixels, k * c * h * w);
      labels[k] = item.label();
      ids.add(item.id());
    }
    return new Batch(pixels, labels, ids, c, h, w);
  }

  @Override
  public boolean hasNext() {
    return !closed && returned < batches;
  }

  /**
   * The next batch, waiting for it if needed.
   *
   * @return the batch
   * @throws MlException if preparing it failed (naming the image) or the loader is closed
   * @throws NoSuchElementException after the last batch
   */
  @Override
  public Batch next() {
    if (closed) {
      throw new MlException("batch loader is closed");
    }
    if (returned >= batches) {
      throw new NoSuchElementException("no more batches (" + batches + " in total)");
    }
    Future<Batch> future = pending.poll();
    returned++;
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      close();
      if (cause instanceof MlException ml) {
        throw new MlException(ml.getMessage(), ml);
      }
      throw new MlException("batch preparation failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MlException("interrupted while waiting for a batch", e);
    } catch (CancellationException e) {
      throw new MlException("batch loader was closed", e);
    } finally {
      fill();
    }
  }

  /** Stops the workers and drops prepared batches. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Future<Batch> f : pending) {
      f.cancel(true);
    }
    pending.clear();
    pool.shutdownNow();
  }

  /** Options of a {@link BatchLoader}. */
  public static final class Builder {
    private final ImageDataset dataset;
    private int[] order;
    private int batchSize = 32;
    private ImageTransform transform = (image, random) -> image;
    private Normalizer normalizer;
    private long seed;
    private int epoch;
    private boolean shuffle;
    private boolean dropLast;
    private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private int prefetch = -1;

    private Builder(ImageDataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /**
     * Images per batch (default 32).
     *
     * @param batchSize at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * An explicit order of data set indices (e.g. from {@link BalancedSampler}); overrides {@link
     * #shuffle(boolean)}.
     *
     * @param order indices, repeats allowed
     * @return this builder
     */
    public Builder order(int[] order) {
      this.order = order == null ? null : order.clone();
      return this;
    }

    /**
     * The per-image transform (default none); it must yield one size for all images.
     *
     * @param transform the transform
     * @return this builder
     */
    public Builder transform(ImageTransform transform) {
      this.transform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /**
     * The normalizer (required); images are converted to its channel count first.
     *
     * @param normalizer the normalizer
     * @return this builder
     */
    public Builder normalizer(Normalizer normalizer) {
      this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
      return this;
    }

    /**
     * The seed of shuffling and augmentation (default 0).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The epoch number, mixed into shuffling and augmentation (default 0).
     *
     * @param epoch the epoch
     * @return this builder
     */
    public Builder epoch(int epoch) {
      this.epoch = epoch;
      return this;
    }

    /**
     * Whether to shuffle the data set order (seeded by seed and epoch; default false).
     *
     * @param shuffle true to shuffle
     * @return this builder
     */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Whether to drop a last, smaller batch (default false).
     *
     * @param dropLast true to drop it
     * @return this builder
     */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * Worker threads (default min(4, processors)).
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Batches prepared ahead of the consumer (default twice the thread count).
     *
     * @param prefetch at least 1
     * @return this builder
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Starts the loader (and its threads).
     *
     * @return the loader; close it
     * @throws MlException on bad options
     */
    public BatchLoader build() {
      if (normalizer == null) {
        throw new MlException("BatchLoader needs a normalizer");
      }
      if (batchSize < 1) {
        throw new MlException("batch size must be >= 1, got " + batchSize);
      }
      if (threads < 1) {
        throw new MlException("threads must be >= 1, got " + threads);
      }
      if (prefetch == -1) {
        prefetch = 2 * threads;
      }
      if (prefetch < 1) {
        throw new MlException("prefetch must be >= 1, got " + prefetch);
      }
      return new BatchLoader(this);
    }
  }

  @Override
  public String toString() {
    return "BatchLoader["
        + dataset.name()
        + ", "
        + batches
        + " batches of "
        + batchSize
        + ", order "
        + Arrays.hashCode(order)
        + "]";
  }
}
