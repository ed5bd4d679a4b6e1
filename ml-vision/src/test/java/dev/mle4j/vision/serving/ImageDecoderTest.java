package dev.mle4j.vision.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.vision.PixelImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private final ImageDecoder decoder = ImageDecoder.withDefaults();

  /** A deterministic colour gradient. */
  static BufferedImage rgb(int w, int h, int type) {
    BufferedImage img = new BufferedImage(w, h, type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
      }
    }
    return img;
  }

  static BufferedImage gray(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, (x + y * w) % 256);
      }
    }
    return img;
  }

  static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).as("writer for " + format).isTrue();
    return out.toByteArray();
  }

  static InvalidInputException rejected(ImageDecoder d, byte[] bytes, String type) {
    try {
      d.decode(bytes, type);
    } catch (InvalidInputException e) {
      assertThat(e.field()).isEqualTo("image");
      assertThat(e.getMessage()).doesNotContain("\n");
      return e;
    }
    throw new AssertionError("expected the image to be rejected");
  }

  @Test
  void decodesRgbPngExactly() throws IOException {
    BufferedImage src = rgb(20, 12, BufferedImage.TYPE_INT_RGB);
    PixelImage img = decoder.decode(encode(src, "png"), "image/png");
    assertThat(img.width()).isEqualTo(20);
    assertThat(img.height()).isEqualTo(12);
    assertThat(img.channels()).isEqualTo(3);
    assertThat(img.get(19, 0, 0)).isEqualTo(19 * 255 / 20);
    assertThat(img.get(0, 11, 1)).isEqualTo(11 * 255 / 12);
    assertThat(img.get(5, 5, 2)).isEqualTo(128);
  }

  @Test
  void grayPngStaysOneChannel() throws IOException {
    PixelImage img = decoder.decode(encode(gray(16, 9), "png"), null);
    assertThat(img.channels()).isEqualTo(1);
    assertThat(img.get(3, 2, 0)).isEqualTo(3 + 2 * 16);
  }

  @Test
  void grayJpegStaysOneChannel() throws IOException {
    PixelImage img = decoder.decode(encode(gray(16, 16), "jpg"), "image/jpeg");
    assertThat(img.channels()).isEqualTo(1);
    assertThat(img.width()).isEqualTo(16);
  }

  @Test
  void decodesJpegGifAndBmp() throws IOException {
    BufferedImage src = rgb(32, 24, BufferedImage.TYPE_INT_RGB);
    PixelImage jpeg = decoder.decode(encode(src, "jpg"), "image/jpeg");
    assertThat(jpeg.channels()).isEqualTo(3);
    assertThat(jpeg.width()).isEqualTo(32);
    // lossy: close to the source
    assertThat(jpeg.get(31, 12, 0))
        .isCloseTo(31 * 255 / 32, org.assertj.core.data.Offset.offset(12));

    PixelImage gif = decoder.decode(encode(src, "gif"), "image/gif");
    assertThat(gif.channels()).isEqualTo(3);
    assertThat(gif.height()).isEqualTo(24);

    PixelImage bmp = decoder.decode(encode(src, "bmp"), "image/bmp");
    assertThat(bmp.channels()).isEqualTo(3);
    assertThat(bmp.get(31, 0, 0)).isEqualTo(31 * 255 / 32);
    assertThat(bmp.get(0, 23, 1)).isEqualTo(23 * 255 / 24);
  }

  @Test
  void alphaIsCompositedOntoWhite() throws IOException {
    BufferedImage src = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        src.setRGB(x, y, x < 4 ? 0x00000000 : 0xFF000000); // left transparent, right black
      }
    }
    PixelImage img = decoder.decode(encode(src, "png"), "image/png");
    assertThat(img.channels()).isEqualTo(3);
    assertThat(img.get(0, 0, 0)).isEqualTo(255);
    assertThat(img.get(7, 7, 1)).isEqualTo(0);
  }

  @Test
  void truncatedJpegIsRejected() throws IOException {
    BufferedImage busy = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        busy.setRGB(x, y, ((x * 7 + y * 13) % 256) << 16 | ((x * y) % 256) << 8 | (x ^ y));
      }
    }
    byte[] full = encode(busy, "jpg");
    byte[] half = Arrays.copyOf(full, full.length / 2);
    assertThat(rejected(decoder, half, "image/jpeg").getMessage())
        .startsWith("image is truncated or corrupt: ");
    // only the end-of-image marker is missing
    byte[] noEoi = Arrays.copyOf(full, full.length - 2);
    assertThat(rejected(decoder, noEoi, null).getMessage())
        .contains("truncated or corrupt", "end-of-image");
    // cut in half but with an end-of-image marker appended: the decoder's warning is an error
    byte[] patched = Arrays.copyOf(half, half.length + 2);
    patched[half.length] = (byte) 0xFF;
    patched[half.length + 1] = (byte) 0xD9;
    assertThat(rejected(decoder, patched, "image/jpeg").getMessage())
        .startsWith("image is truncated or corrupt: ")
        .containsIgnoringCase("premature end");
  }

  @Test
  void truncatedPngGifAndBmpAreRejected() throws IOException {
    BufferedImage src = rgb(40, 40, BufferedImage.TYPE_INT_RGB);
    for (String format : new String[] {"png", "gif", "bmp"}) {
      byte[] full = encode(src, format);
      byte[] cut = Arrays.copyOf(full, full.length * 2 / 3);
      assertThat(rejected(decoder, cut, null).getMessage())
          .as(format)
          .startsWith("image is truncated or corrupt: ");
    }
  }

  @Test
  void corruptedPngDataIsRejected() throws IOException {
    byte[] png = encode(rgb(40, 40, BufferedImage.TYPE_INT_RGB), "png");
    // scramble the middle (the compressed IDAT data) but keep the header and IEND
    Random random = new Random(7);
    for (int i = 60; i < png.length - 20; i++) {
      png[i] = (byte) random.nextInt(256);
    }
    assertThat(rejected(decoder, png, "image/png").getMessage())
        .startsWith("image is truncated or corrupt: ");
  }

  @Test
  void randomAndEmptyBytesAreRejected() {
    byte[] noise = new byte[500];
    new Random(42).nextBytes(noise);
    noise[0] = 0x13;
    assertThat(rejected(decoder, noise, null).getMessage())
        .contains("not a recognised image", "JPEG, PNG, GIF or BMP");
    assertThat(rejected(decoder, new byte[0], "image/png").getMessage()).contains("empty");
    assertThat(rejected(decoder, null, null).getMessage()).contains("empty");
  }

  @Test
  void otherFormatsAreNamed() {
    byte[] tiff = {'I', 'I', 0x2A, 0, 8, 0, 0, 0, 0, 0};
    assertThat(rejected(decoder, tiff, null).getMessage())
        .isEqualTo("unsupported image format TIFF; send JPEG, PNG, GIF or BMP");
    assertThat(rejected(decoder, new byte[] {1, 2, 3}, "image/tiff").getMessage())
        .isEqualTo("unsupported image type 'image/tiff'; send JPEG, PNG, GIF or BMP");
    assertThat(rejected(decoder, new byte[] {1, 2, 3}, "text/plain; charset=utf-8").getMessage())
        .contains("unsupported type 'text/plain'");
  }

  @Test
  void declaredTypeMustMatchTheData() throws IOException {
    byte[] jpeg = encode(rgb(16, 16, BufferedImage.TYPE_INT_RGB), "jpg");
    assertThat(rejected(decoder, jpeg, "image/png").getMessage())
        .isEqualTo(
            "declared content type 'image/png' does not match the data, which is JPEG;"
                + " send the right content type or none");
    assertThat(decoder.decode(jpeg, "image/jpg").width()).isEqualTo(16);
    assertThat(decoder.decode(jpeg, "application/octet-stream").width()).isEqualTo(16);
  }

  @Test
  void tinyImagesAreRejected() throws IOException {
    byte[] png = encode(rgb(2, 2, BufferedImage.TYPE_INT_RGB), "png");
    assertThat(rejected(decoder, png, "image/png").getMessage())
        .isEqualTo("image is 2x2 pixels; the minimum side is 8");
    byte[] tall = encode(rgb(3, 100, BufferedImage.TYPE_INT_RGB), "png");
    assertThat(rejected(decoder, tall, null).getMessage())
        .isEqualTo("image is 3x100 pixels; the minimum side is 8");
  }

  @Test
  void hugeHeadersAreRejectedBeforeDecoding() {
    // no pixel data at all: a decoder that read the raster would report corruption instead
    assertThat(rejected(decoder, pngHeaderOnly(50_000, 50_000), "image/png").getMessage())
        .isEqualTo("image is 50000x50000 pixels; the maximum side is 8192");
    assertThat(rejected(decoder, pngHeaderOnly(8000, 6000), null).getMessage())
        .isEqualTo("image is 8000x6000 pixels (48.0 MP); the limit is 40.0 MP");
  }

  @Test
  void byteLimitIsChecked() throws IOException {
    byte[] png = encode(rgb(64, 64, BufferedImage.TYPE_INT_RGB), "png");
    ImageDecoder small =
        new ImageDecoder(ImageDecoder.Options.builder().maxBytes(100).minSide(1).build());
    assertThat(rejected(small, png, null).getMessage())
        .isEqualTo("image is " + png.length + " bytes; the limit is 100 bytes");
    ImageDecoder tinyOk = new ImageDecoder(ImageDecoder.Options.builder().minSide(1).build());
    assertThat(tinyOk.decode(encode(rgb(2, 2, BufferedImage.TYPE_INT_RGB), "png"), null).width())
        .isEqualTo(2);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> ImageDecoder.Options.builder().minSide(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("minSide");
    assertThatThrownBy(() -> ImageDecoder.Options.builder().minSide(10).maxSide(5).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxSide");
    assertThat(ImageDecoder.Options.defaults().maxPixels()).isEqualTo(40_000_000L);
    assertThat(ImageDecoder.Options.defaults().minSide()).isEqualTo(8);
    assertThat(ImageDecoder.Options.defaults().maxSide()).isEqualTo(8192);
  }

  /** A PNG signature, an IHDR with a valid CRC and an IEND: no image data. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
