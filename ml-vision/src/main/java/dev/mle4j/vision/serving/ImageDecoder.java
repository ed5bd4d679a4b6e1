package dev.mle4j.vision.serving;

import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.vision.PixelImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes uploaded image files (JPEG, PNG, GIF, BMP) into {@link PixelImage}s, defensively: every
 * problem with the bytes becomes an {@link InvalidInputException} (field {@code image}) with a
 * one-line message, which the model server answers with a 422 problem.
 *
 * <p>Checks, in order: the byte count ({@link Options#maxBytes()}); the format, sniffed from the
 * magic bytes (the declared content type, if any, must be one of the accepted types and must not
 * contradict the data); structural completeness (a JPEG needs an EOI marker after its last scan, a
 * PNG an {@code IEND} chunk, a GIF its trailer, a BMP as many bytes as its header declares); the
 * dimensions, read from the header <em>before</em> the raster is decoded so that a decompression
 * bomb is rejected cheaply ({@link Options#minSide()}, {@link Options#maxSide()}, {@link
 * Options#maxPixels()}); then the decode itself, where reader warnings about premature ends or
 * truncated data are errors.
 *
 * <p>Results: grayscale images (8 or 16 bit) stay one channel; everything else becomes RGB.
 * Transparent pixels are composited onto white (gray+alpha stays gray). CMYK/YCCK JPEGs are
 * rejected with a message asking for RGB. EXIF orientation is ignored: pixels come back in stored
 * order. Animated GIFs give their first frame. Instances are immutable and thread-safe.
 */
public final class ImageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

  /** The field name in errors. */
  public static final String FIELD = "image";

  private static final String ACCEPTED = "send JPEG, PNG, GIF or BMP";
  private static final int JPEG_SOS = 0xDA;
  private static final int JPEG_EOI = 0xD9;
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};

  /** The accepted image formats. */
  public enum Format {
    /** JPEG (JFIF/EXIF). */
    JPEG("image/jpeg", "jpeg"),
    /** PNG. */
    PNG("image/png", "png"),
    /** GIF (first frame). */
    GIF("image/gif", "gif"),
    /** Windows bitmap. */
    BMP("image/bmp", "bmp");

    private final String mediaType;
    private final String readerName;

    Format(String mediaType, String readerName) {
      this.mediaType = mediaType;
      this.readerName = readerName;
    }

    /**
     * The canonical media type, e.g. {@code image/png}.
     *
     * @return the media type
     */
    public String mediaType() {
      return mediaType;
    }
  }

  /**
   * Limits of an {@link ImageDecoder}; build with {@link #builder()}.
   *
   * @param maxBytes largest accepted file in bytes
   * @param minSide smallest accepted width and height in pixels
   * @param maxSide largest accepted width and height in pixels
   * @param maxPixels largest accepted width times height
   */
  public record Options(long maxBytes, int minSide, int maxSide, long maxPixels) {

    /** Default largest file: 20 MiB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    /** Default smallest side: 8 pixels. */
    public static final int DEFAULT_MIN_SIDE = 8;

    /** Default largest side: 8192 pixels. */
    public static final int DEFAULT_MAX_SIDE = 8192;

    /** Default largest image: 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /** Validates the limits. */
    public Options {
      if (maxBytes < 1) {
        throw new MlException("maxBytes must be at least 1, got " + maxBytes);
      }
      if (minSide < 1) {
        throw new MlException("minSide must be at least 1, got " + minSide);
      }
      if (maxSide < minSide) {
        throw new MlException(
            "maxSide (" + maxSide + ") must be at least minSide (" + minSide + ")");
      }
      if (maxPixels < (long) minSide * minSide) {
        throw new MlException(
            "maxPixels (" + maxPixels + ") must be at least minSide squared (" + minSide + ")");
      }
    }

    /**
     * The default limits: 20 MiB, sides 8 to 8192 pixels, 40 megapixels.
     *
     * @return the defaults
     */
    public static Options defaults() {
      return builder().build();
    }

    /**
     * Starts a builder with the default limits.
     *
     * @return the builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private long maxBytes = DEFAULT_MAX_BYTES;
      private int minSide = DEFAULT_MIN_SIDE;
      private int maxSide = DEFAULT_MAX_SIDE;
      private long maxPixels = DEFAULT_MAX_PIXELS;

      private Builder() {}

      /**
       * Largest accepted file.
       *
       * @param maxBytes bytes, at least 1
       * @return this builder
       */
      public Builder maxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
        return this;
      }

      /**
       * Smallest accepted width and height.
       *
       * @param minSide pixels, at least 1
       * @return this builder
       */
      public Builder minSide(int minSide) {
        this.minSide = minSide;
        return this;
      }

      /**
       * Largest accepted width and height.
       *
       * @param maxSide pixels, at least the minimum side
       * @return this builder
       */
      public Builder maxSide(int maxSide) {
        this.maxSide = maxSide;
        return this;
      }

      /**
       * Largest accepted number of pixels (width times height).
       *
       * @param maxPixels pixels
       * @return this builder
       */
      public Builder maxPixels(long maxPixels) {
        this.maxPixels = maxPixels;
        return this;
      }

      /**
       * Creates the options.
       *
       * @return the options
       * @throws MlException if a limit is out of range
       */
      public Options build() {
        return new Options(maxBytes, minSide, maxSide, maxPixels);
      }
    }
  }

  private final Options options;

  /**
   * Creates a decoder.
   *
   * @param options the limits
   */
  public ImageDecoder(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * A decoder with {@link Options#defaults()}.
   *
   * @return the decoder
   */
  public static ImageDecoder withDefaults() {
    return new ImageDecoder(Options.defaults());
  }

  /**
   * The limits.
   *
   * @return the options
   */
  public Options options() {
    return options;
  }

  /**
   * Decodes an image file.
   *
   * @param bytes the file's bytes
   * @param declaredType the declared media type (e.g. {@code image/png}, parameters allowed), or
   *     {@code null} / {@code application/octet-stream} when unknown
   * @return the pixels: one channel for grayscale, else three
   * @throws InvalidInputException naming the problem: empty, too large, unsupported or mismatched
   *     type, truncated or corrupt, too small or too large in pixels
   */
  public PixelImage decode(byte[] bytes, String declaredType) {
    if (bytes == null || bytes.length == 0) {
      throw invalid("image is empty (0 bytes); " + ACCEPTED);
    }
    if (bytes.length > options.maxBytes()) {
      throw invalid(
          "image is " + bytes.length + " bytes; the limit is " + options.maxBytes() + " bytes");
    }
    Format declared = declaredFormat(declaredType);
    Format format = sniff(bytes);
    if (declared != null && declared != format) {
      throw invalid(
          "declared content type '"
              + baseType(declaredType)
              + "' does not match the data, which is "
              + format
              + "; send the right content type or none");
    }
    checkComplete(format, bytes);
    BufferedImage image = read(format, bytes);
    return toPixels(image);
  }

  /**
   * Identifies an accepted format from the first bytes.
   *
   * @param bytes the file's bytes
   * @return the format
   * @throws InvalidInputException if the bytes are not JPEG, PNG, GIF or BMP, naming a recognised
   *     other format (TIFF, WebP, HEIC, ...) when possible
   */
  public static Format sniff(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return Format.JPEG;
    }
    if (startsWith(bytes, 0, PNG_MAGIC)) {
      return Format.PNG;
    }
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8') && bytes.length > 5 && bytes[5] == 'a') {
      return Format.GIF;
    }
    if (startsWith(bytes, 0, 'B', 'M') && bytes.length >= 26) {
      return Format.BMP;
    }
    String other = otherFormat(bytes);
    if (other != null) {
      throw invalid("unsupported image format " + other + "; " + ACCEPTED);
    }
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      head.append(String.format(Locale.ROOT, "%s%02x", i == 0 ? "" : " ", bytes[i] & 0xFF));
    }
    throw invalid(
        "image data is not a recognised image (first bytes "
            + head
            + "); "
            + ACCEPTED
            + " (if it is one, it is truncated or corrupt)");
  }

  private static String otherFormat(byte[] b) {
    if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
      return "TIFF";
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return "WebP";
    }
    if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
      return startsWith(b, 8, 'a', 'v', 'i', 'f') ? "AVIF" : "HEIC/HEIF";
    }
    if (startsWith(b, 0, 0x00, 0x00, 0x01, 0x00)) {
      return "ICO";
    }
    if (startsWith(b, 0, '%', 'P', 'D', 'F')) {
      return "PDF (not an image)";
    }
    if (startsWith(b, 0, '<', 's', 'v', 'g') || startsWith(b, 0, '<', '?', 'x', 'm', 'l')) {
      return "SVG/XML";
    }
    return null;
  }

  /** The accepted format a declared type names, null if unknown, else an error. */
  private static Format declaredFormat(String declaredType) {
    String type = baseType(declaredType);
    if (type == null || type.equals("application/octet-stream")) {
      return null;
    }
    return switch (type) {
      case "image/jpeg", "image/jpg", "image/pjpeg" -> Format.JPEG;
      case "image/png", "image/x-png" -> Format.PNG;
      case "image/gif" -> Format.GIF;
      case "image/bmp", "image/x-bmp", "image/x-ms-bmp" -> Format.BMP;
      default ->
          throw invalid(
              (type.startsWith("image/") ? "unsupported image type '" : "unsupported type '")
                  + shorten(type)
                  + "'; "
                  + ACCEPTED);
    };
  }

  private static String baseType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.isEmpty() ? null : base;
  }

  // ---------------------------------------------------------------- structure

  private static void checkComplete(Format format, byte[] b) {
    switch (format) {
      case JPEG -> {
        int lastScan = lastMarker(b, JPEG_SOS, 2);
        if (lastScan < 0) {
          throw truncated("JPEG has no image data (no start-of-scan marker)");
        }
        if (lastMarker(b, JPEG_EOI, lastScan + 2) < 0) {
          throw truncated("JPEG ends without its end-of-image marker");
        }
      }
      case PNG -> {
        if (lastIndexOf(b, PNG_IEND) < PNG_MAGIC.length) {
          throw truncated("PNG ends without its IEND chunk");
        }
      }
      case GIF -> {
        int end = b.length - 1;
        while (end > 0 && b[end] == 0) {
          end--;
        }
        if (b[end] != 0x3B) {
          throw truncated("GIF ends without its trailer");
        }
      }
      case BMP -> {
        long declared =
            (b[2] & 0xFFL) | (b[3] & 0xFFL) << 8 | (b[4] & 0xFFL) << 16 | (b[5] & 0xFFL) << 24;
        long offset =
            (b[10] & 0xFFL) | (b[11] & 0xFFL) << 8 | (b[12] & 0xFFL) << 16 | (b[13] & 0xFFL) << 24;
        if (declared > b.length) {
          throw truncated("BMP header declares " + declared + " bytes, got " + b.length);
        }
        if (offset >= b.length) {
          throw truncated("BMP pixel data would start at byte " + offset + " of " + b.length);
        }
      }
      default -> throw new IllegalStateException("unknown format " + format);
    }
  }

  /** Index of the last {@code FF <marker>} at or after {@code from}, or -1. */
  private static int lastMarker(byte[] b, int marker, int from) {
    for (int i = b.length - 2; i >= from; i--) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] b, byte[] needle) {
    outer:
    for (int i = b.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int offset, int... prefix) {
    if (b.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[offset + i] & 0xFF) != (prefix[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    int[] p = new int[prefix.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = prefix[i];
    }
    return startsWith(b, offset, p);
  }

  // ---------------------------------------------------------------- decoding

  private BufferedImage read(Format format, byte[] bytes) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
    if (!readers.hasNext()) {
      throw new MlException("no ImageIO reader for " + format + " is installed");
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width;
      int height;
      try {
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw truncated(format + " header cannot be read: " + message(e));
      }
      checkSize(width, height);
      reader.addIIOReadWarningListener(collect(warnings));
      ImageReadParam param = reader.getDefaultReadParam();
      BufferedImage image;
      try {
        image = reader.read(0, param);
      } catch (IOException | RuntimeException e) {
        String m = message(e);
        if (format == Format.JPEG
            && m.toLowerCase(Locale.ROOT).contains("unsupported image type")) {
          throw invalid("JPEG uses CMYK or YCCK colour, which is not supported; convert it to RGB");
        }
        throw truncated(m);
      }
      for (String w : warnings) {
        if (isFatalWarning(w)) {
          throw truncated(w);
        }
        LOG.debug("{} decoder warning (ignored): {}", format, w);
      }
      if (image == null) {
        throw truncated(format + " decoder returned no image");
      }
      return image;
    } catch (IOException e) {
      throw truncated(message(e));
    } finally {
      reader.dispose();
    }
  }

  private static IIOReadWarningListener collect(List<String> warnings) {
    return (source, warning) -> warnings.add(warning == null ? "unknown warning" : warning);
  }

  private static boolean isFatalWarning(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("premature")
        || w.contains("truncat")
        || w.contains("end of")
        || w.contains("eof")
        || w.contains("incomplete")
        || w.contains("missing");
  }

  private void checkSize(int width, int height) {
    String size = width + "x" + height + " pixels";
    if (width < 1 || height < 1) {
      throw truncated("header declares an image of " + size);
    }
    if (Math.min(width, height) < options.minSide()) {
      throw invalid("image is " + size + "; the minimum side is " + options.minSide());
    }
    if (Math.max(width, height) > options.maxSide()) {
      throw invalid("image is " + size + "; the maximum side is " + options.maxSide());
    }
    long pixels = (long) width * height;
    if (pixels > options.maxPixels()) {
      throw invalid(
          String.format(
              Locale.ROOT,
              "image is %s (%.1f MP); the limit is %.1f MP",
              size,
              pixels / 1e6,
              options.maxPixels() / 1e6));
    }
  }

  /** Gray stays one channel; alpha is composited onto white; CMYK is rejected. */
  static PixelImage toPixels(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    int csType = cm.getColorSpace().getType();
    if (csType == ColorSpace.TYPE_CMYK || csType == ColorSpace.TYPE_CMY) {
      throw invalid("image uses CMYK colour, which is not supported; convert it to RGB");
    }
    boolean gray =
        !(cm instanceof IndexColorModel)
            && csType == ColorSpace.TYPE_GRAY
            && cm.getNumColorComponents() == 1;
    if (!cm.hasAlpha()) {
      return gray ? grayPixels(image, false) : PixelImage.of(image);
    }
    if (gray) {
      return grayPixels(image, true);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int a = p >>> 24;
        int i = (y * w + x) * 3;
        out[i] = (byte) over((p >> 16) & 0xFF, a);
        out[i + 1] = (byte) over((p >> 8) & 0xFF, a);
        out[i + 2] = (byte) over(p & 0xFF, a);
      }
    }
    return new PixelImage(w, h, 3, out);
  }

  private static PixelImage grayPixels(BufferedImage image, boolean alpha) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    ColorModel cm = image.getColorModel();
    int grayMax = (1 << cm.getComponentSize(0)) - 1;
    int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = (int) Math.round(raster.getSample(x, y, 0) * 255.0 / grayMax);
        if (alpha) {
          int a = (int) Math.round(raster.getSample(x, y, 1) * 255.0 / alphaMax);
          v = over(v, a);
        }
        out[y * w + x] = (byte) v;
      }
    }
    return new PixelImage(w, h, 1, out);
  }

  /** A value composited onto white with alpha 0-255. */
  private static int over(int value, int alpha) {
    return (value * alpha + 255 * (255 - alpha) + 127) / 255;
  }

  // ---------------------------------------------------------------- errors

  private static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return shorten(m.lines().findFirst().orElse(m));
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private static InvalidInputException truncated(String detail) {
    return invalid("image is truncated or corrupt: " + detail);
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(FIELD, message);
  }
}
