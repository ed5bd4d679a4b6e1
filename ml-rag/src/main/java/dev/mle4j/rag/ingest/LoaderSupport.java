package dev.mle4j.rag.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** Helpers shared by the loaders: reading bytes, hashing, dates, strict text decoding. */
final class LoaderSupport {

  private LoaderSupport() {}

  static byte[] readBytes(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new DocumentLoadException("cannot read " + file + ": not a regular file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DocumentLoadException("cannot read " + file + ": " + e, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The file's last-modified date (UTC) as {@code yyyy-MM-dd}, or empty if unavailable. */
  static String date(Path file) {
    try {
      return Files.getLastModifiedTime(file)
          .toInstant()
          .atZone(ZoneOffset.UTC)
          .toLocalDate()
          .toString();
    } catch (IOException e) {
      return "";
    }
  }

  /** The lower-case extension with the dot ({@code ".md"}), or empty when there is none. */
  static String extension(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return "";
    }
    String s = name.toString();
    int dot = s.lastIndexOf('.');
    return dot <= 0 ? "" : s.substring(dot).toLowerCase(Locale.ROOT);
  }

  /** The file name without its extension. */
  static String baseName(Path file) {
    Path name = file.getFileName();
    String s = name == null ? file.toString() : name.toString();
    int dot = s.lastIndexOf('.');
    return dot <= 0 ? s : s.substring(0, dot);
  }

  /**
   * Decodes text strictly: a byte-order mark selects UTF-8, UTF-16LE or UTF-16BE (and is dropped),
   * otherwise UTF-8; malformed bytes raise an error naming the file and byte offset.
   */
  static String decodeText(byte[] bytes, Path file) {
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      skip = 3;
    } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (MalformedInputException e) {
      throw new DocumentLoadException(
          "cannot read "
              + file
              + ": malformed "
              + charset.name()
              + " at byte "
              + (in.position() + skip)
              + " (the file must be UTF-8 or start with a UTF-16 byte-order mark)",
          e);
    } catch (CharacterCodingException e) {
      throw new DocumentLoadException(
          "cannot read " + file + ": invalid " + charset.name() + " (" + e + ")", e);
    }
  }
}
