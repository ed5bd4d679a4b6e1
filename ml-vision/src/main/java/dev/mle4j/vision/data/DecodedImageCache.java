package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps decoded pixels in memory after the first load, up to a byte budget shared by every source
 * it wraps; the least recently used images are dropped first. Thread-safe: concurrent loads of the
 * same image may decode it twice but keep one copy. Useful for small folders (ants vs bees) that
 * are read every epoch.
 */
public final class DecodedImageCache {
  private final long budgetBytes;
  private final LinkedHashMap<String, PixelImage> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long usedBytes;
  private long hits;
  private long misses;

  /**
   * A cache holding at most {@code budgetBytes} bytes of pixels.
   *
   * @param budgetBytes the budget, at least 0 (0 caches nothing)
   */
  public DecodedImageCache(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new MlException("cache budget must be >= 0 bytes, got " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  /**
   * Wraps a source: the first load decodes and stores the pixels, later loads return them.
   *
   * @param key a key unique within this cache (e.g. the image id)
   * @param source the source to decode with
   * @return the caching source
   */
  public ImageSource wrap(String key, ImageSource source) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
    return () -> {
      PixelImage cached = get(key);
      if (cached != null) {
        return cached;
      }
      PixelImage image = source.load();
      put(key, image);
      return image;
    };
  }

  /**
   * The same data set with every source wrapped (keyed by data set name and image id).
   *
   * @param dataset the data set
   * @return a data set whose images are decoded once while they fit the budget
   */
  public ImageDataset wrap(ImageDataset dataset) {
    List<LabeledImage> images = new ArrayList<>(dataset.size());
    for (LabeledImage image : dataset.images()) {
      images.add(
          new LabeledImage(
              image.id(),
              image.label(),
              wrap(dataset.name() + "\u0000" + image.id(), image.source())));
    }
    return dataset.with(dataset.name(), images);
  }

  private synchronized PixelImage get(String key) {
    PixelImage image = entries.get(key);
    if (image == null) {
      misses++;
    } else {
      hits++;
    }
    return image;
  }

  private synchronized void put(String key, PixelImage image) {
    long size = image.pixels().length;
    if (size > budgetBytes || entries.containsKey(key)) {
      return;
    }
    var it = entries.entrySet().iterator();
    while (usedBytes + size > budgetBytes && it.hasNext()) {
      Map.Entry<String, PixelImage> eldest = it.next();
      usedBytes -= eldest.getValue().pixels().length;
      it.remove();
    }
    entries.put(key, image);
    usedBytes += size;
  }

  /**
   * Bytes of pixels held now.
   *
   * @return at most the budget
   */
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /**
   * Number of images held now.
   *
   * @return the count
   */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * Loads answered from memory so far.
   *
   * @return the count
   */
  public synchronized long hits() {
    return hits;
  }

  /**
   * Loads that had to decode so far.
   *
   * @return the count
   */
  public synchronized long misses() {
    return misses;
  }
}
