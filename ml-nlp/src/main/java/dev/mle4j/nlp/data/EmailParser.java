package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Turns a raw e-mail (RFC 822 / RFC 5322 with MIME) into text for classification: the subject and
 * the readable body.
 *
 * <ul>
 *   <li>Headers: folded lines are unfolded; names are case-insensitive; RFC 2047 encoded words
 *       ({@code =?charset?B|Q?...?=}) are decoded. A leading mbox {@code From } line is skipped.
 *   <li>MIME: {@code multipart/*} is split on its boundary, nested to any depth (up to {@value
 *       #MAX_DEPTH} levels); of a {@code multipart/alternative} only the plain-text part is kept
 *       when there is one (else the HTML one); {@code message/rfc822} parts are parsed as e-mails.
 *   <li>{@code Content-Transfer-Encoding}: {@code quoted-printable} and {@code base64} are decoded,
 *       anything else is taken as is; broken encodings keep the raw text rather than fail.
 *   <li>Charsets: the declared charset is used when Java knows it and the bytes are valid in it;
 *       otherwise UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (which accepts any byte).
 *       Parsing never fails on bad bytes.
 *   <li>{@code text/html} parts become plain text (jsoup: tags, scripts and styles removed,
 *       entities decoded, white space collapsed).
 *   <li>Attachments are skipped: parts with {@code Content-Disposition: attachment} and parts that
 *       are not {@code text/*}, {@code multipart/*} or {@code message/rfc822} (images, archives,
 *       ...). Their number is reported.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class EmailParser {

  /** Deepest MIME nesting that is parsed; deeper parts are skipped. */
  public static final int MAX_DEPTH = 20;

  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
  private static final Pattern BETWEEN_ENCODED_WORDS =
      Pattern.compile("(=\\?[^?\\s]+\\?[bBqQ]\\?[^?\\s]*\\?=)\\s+(?==\\?)");

  /** Creates a parser. */
  public EmailParser() {}

  /**
   * A parsed e-mail.
   *
   * @param headers the top-level headers, names in lower case, values unfolded and decoded; for a
   *     repeated header the first occurrence
   * @param subject the decoded subject, empty when there is none
   * @param body the readable body text: the text parts in order, HTML turned into text, separated
   *     by blank lines
   * @param skippedAttachments how many parts were skipped as attachments or non-text content
   */
  public record ParsedEmail(
      Map<String, String> headers, String subject, String body, int skippedAttachments) {

    /** Copies the headers. */
    public ParsedEmail {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(body, "body");
    }

    /**
     * The text to classify: the subject, a line break, then the body (stripped).
     *
     * @return subject and body
     */
    public String text() {
      if (subject.isEmpty()) {
        return body.strip();
      }
      return (subject + "\n" + body).strip();
    }
  }

  /**
   * Reads and parses an e-mail file.
   *
   * @param file the raw message (RFC 822, any bytes)
   * @return the parsed e-mail
   * @throws MlException if the file cannot be read (naming it); content problems never fail
   */
  public ParsedEmail parse(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MlException("Cannot read e-mail " + file + ": " + e.getMessage(), e);
    }
    return parse(raw);
  }

  /**
   * Parses a raw e-mail.
   *
   * @param raw the message bytes
   * @return the parsed e-mail
   */
  public ParsedEmail parse(byte[] raw) {
    Objects.requireNonNull(raw, "raw");
    // one char per byte: MIME structure is ASCII, text is decoded per part with its charset
    String message = new String(raw, StandardCharsets.ISO_8859_1);
    if (message.startsWith("From ")) {
      int eol = message.indexOf('\n');
      message = eol < 0 ? "" : message.substring(eol + 1);
    }
    Entity entity = Entity.split(message);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : entity.headers.entrySet()) {
      headers.put(h.getKey(), decodeHeader(h.getValue()));
    }
    Counter skipped = new Counter();
    List<String> texts = new ArrayList<>();
    collect(entity, texts, skipped, 0, "text/plain");
    String body = String.join("\n\n", texts).strip();
    return new ParsedEmail(headers, headers.getOrDefault("subject", "").strip(), body, skipped.n);
  }

  /** A mutable count, local to one parse. */
  private static final class Counter {
    int n;
  }

  /** Headers (raw, lower-case names, first occurrence) and the raw body of a MIME entity. */
  private record Entity(Map<String, String> headers, String body) {

    static Entity split(String text) {
      Map<String, String> headers = new LinkedHashMap<>();
      int pos = 0;
      String name = null;
      StringBuilder value = new StringBuilder();
      while (pos < text.length()) {
        int eol = text.indexOf('\n', pos);
        int next = eol < 0 ? text.length() : eol + 1;
        String line = text.substring(pos, eol < 0 ? text.length() : eol);
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
          pos = next;
          break; // end of headers
        }
        if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
          value.append(' ').append(line.strip()); // folded line
        } else {
          int colon = line.indexOf(':');
          if (colon <= 0 || line.substring(0, colon).contains(" ")) {
            if (name == null && headers.isEmpty()) {
              // no header block at all: the whole text is the body
              return new Entity(headers, text);
            }
            // a broken header line: ignore it
          } else {
            put(headers, name, value);
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value = new StringBuilder(line.substring(colon + 1).strip());
          }
        }
        pos = next;
      }
      put(headers, name, value);
      return new Entity(headers, pos >= text.length() ? "" : text.substring(pos));
    }

    private static void put(Map<String, String> headers, String name, StringBuilder value) {
      if (name != null) {
        headers.putIfAbsent(name, value.toString());
      }
    }

    String header(String name) {
      return headers.getOrDefault(name, "");
    }
  }

  /** Adds the readable text of an entity to {@code out}. */
  private void collect(
      Entity entity, List<String> out, Counter skipped, int depth, String defaultType) {
    if (depth > MAX_DEPTH) {
      skipped.n++;
      return;
    }
    String contentType = entity.header("content-type");
    String type = mediaType(contentType, defaultType);
    String disposition = mediaType(entity.header("content-disposition"), "");
    if (disposition.equals("attachment")) {
      skipped.n++;
      return;
    }
    if (type.startsWith("multipart/")) {
      String boundary = parameter(contentType, "boundary");
      if (boundary == null || boundary.isEmpty()) {
        // declared multipart without a boundary: read it as plain text
        addText(out, decodeText(entity, parameter(contentType, "charset")), false);
        return;
      }
      List<Entity> parts = new ArrayList<>();
      for (String part : splitMultipart(entity.body(), boundary)) {
        parts.add(Entity.split(part));
      }
      String childDefault = type.equals("multipart/digest") ? "message/rfc822" : "text/plain";
      if (type.equals("multipart/alternative")) {
        Entity chosen = chooseAlternative(parts, childDefault);
        if (chosen != null) {
          collect(chosen, out, skipped, depth + 1, childDefault);
        }
        return;
      }
      for (Entity part : parts) {
        collect(part, out, skipped, depth + 1, childDefault);
      }
      return;
    }
    if (type.equals("message/rfc822")) {
      String inner = new String(transferDecode(entity), StandardCharsets.ISO_8859_1);
      Entity nested = Entity.split(inner);
      String subject = decodeHeader(nested.header("subject")).strip();
      if (!subject.isEmpty()) {
        out.add(subject);
      }
      collect(nested, out, skipped, depth + 1, "text/plain");
      return;
    }
    if (!type.startsWith("text/")) {
      skipped.n++;
      return;
    }
    String text = decodeText(entity, parameter(contentType, "charset"));
    addText(out, text, type.equals("text/html"));
  }

  private static void addText(List<String> out, String text, boolean html) {
    String t = html ? htmlToText(text) : text.replace("\r\n", "\n");
    t = t.strip();
    if (!t.isEmpty()) {
      out.add(t);
    }
  }

  /** Of the alternatives, the last plain-text part, else the last HTML part, else the last one. */
  private static Entity chooseAlternative(List<Entity> parts, String defaultType) {
    Entity plain = null;
    Entity html = null;
    Entity other = null;
    for (Entity part : parts) {
      String type = mediaType(part.header("content-type"), defaultType);
      if (type.equals("text/plain")) {
        plain = part;
      } else if (type.equals("text/html")) {
        html = part;
      } else if (type.startsWith("multipart/") || type.startsWith("text/")) {
        other = part;
      }
    }
    return plain != null ? plain : html != null ? html : other;
  }

  /** The parts between boundary lines; text before the first and after the last is ignored. */
  static List<String> splitMultipart(String body, String boundary) {
    String delimiter = "--" + boundary;
    List<String> parts = new ArrayList<>();
    int pos = 0;
    StringBuilder current = null;
    while (pos <= body.length()) {
      int eol = body.indexOf('\n', pos);
      int next = eol < 0 ? body.length() + 1 : eol + 1;
      String line = body.substring(pos, eol < 0 ? body.length() : eol);
      String bare = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      String trimmed = bare.stripTrailing();
      if (trimmed.equals(delimiter + "--")) {
        if (current != null) {
          parts.add(current.toString());
        }
        return parts;
      }
      if (trimmed.equals(delimiter)) {
        if (current != null) {
          parts.add(current.toString());
        }
        current = new StringBuilder();
      } else if (current != null) {
        current.append(line).append('\n');
      }
      pos = next;
    }
    if (current != null && !current.isEmpty()) {
      parts.add(current.toString()); // no closing boundary: keep what is there
    }
    return parts;
  }

  /** The body bytes after undoing the transfer encoding. */
  private static byte[] transferDecode(Entity entity) {
    String encoding = entity.header("content-transfer-encoding").strip().toLowerCase(Locale.ROOT);
    String body = entity.body();
    if (encoding.equals("quoted-printable")) {
      return decodeQuotedPrintable(body);
    }
    if (encoding.equals("base64")) {
      byte[] decoded = decodeBase64(body);
      if (decoded != null) {
        return decoded;
      }
    }
    return body.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String decodeText(Entity entity, String charset) {
    return decodeBytes(transferDecode(entity), charset);
  }

  /**
   * Decodes quoted-printable text: {@code =XX} escapes and soft line breaks; malformed escapes are
   * kept literally.
   */
  static byte[] decodeQuotedPrintable(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != '=') {
        out.write((byte) c);
        continue;
      }
      // soft line break: '=' then optional white space then CRLF or LF
      int j = i + 1;
      while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
        j++;
      }
      if (j < n && text.charAt(j) == '\r' && j + 1 < n && text.charAt(j + 1) == '\n') {
        i = j + 1;
        continue;
      }
      if (j < n && text.charAt(j) == '\n') {
        i = j;
        continue;
      }
      if (j >= n) {
        i = j;
        continue;
      }
      if (i + 2 < n) {
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      out.write('=');
    }
    return out.toByteArray();
  }

  /** Decodes base64 leniently (ignores line breaks and stray characters); null if hopeless. */
  static byte[] decodeBase64(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        clean.append(c);
      } else if (c == '+' || c == '/') {
        clean.append(c);
      } else if (c == '=') {
        break; // padding: the data ends here
      }
    }
    int rest = clean.length() % 4;
    if (rest == 1) {
      clean.setLength(clean.length() - 1); // a lone trailing character carries no full byte
    } else if (rest > 1) {
      clean.append("==", 0, 4 - rest);
    }
    try {
      return Base64.getDecoder().decode(clean.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Decodes bytes with the declared charset when it is known and the bytes are valid in it, else
   * UTF-8 when valid, else ISO-8859-1.
   */
  static String decodeBytes(byte[] bytes, String declared) {
    Charset charset = charset(declared);
    if (charset != null) {
      String s = strict(bytes, charset);
      if (s != null) {
        return s;
      }
    }
    String utf8 = strict(bytes, StandardCharsets.UTF_8);
    return utf8 != null ? utf8 : new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String strict(byte[] bytes, Charset charset) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException | RuntimeException e) {
      return null;
    }
  }

  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return Charset.forName(name.strip());
    } catch (RuntimeException e) {
      return null; // illegal or unsupported name
    }
  }

  /** Decodes a raw header value: 8-bit bytes as UTF-8 or ISO-8859-1, then RFC 2047 words. */
  static String decodeHeader(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String value = decodeBytes(raw.getBytes(StandardCharsets.ISO_8859_1), null);
    if (!value.contains("=?")) {
      return value;
    }
    value = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1");
    Matcher m = ENCODED_WORD.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String charset = m.group(1);
      int star = charset.indexOf('*'); // RFC 2231 language suffix
      if (star >= 0) {
        charset = charset.substring(0, star);
      }
      byte[] bytes;
      if (m.group(2).equalsIgnoreCase("B")) {
        bytes = decodeBase64(m.group(3));
        if (bytes == null) {
          bytes = m.group(0).getBytes(StandardCharsets.ISO_8859_1);
        }
      } else {
        bytes = decodeQuotedPrintable(m.group(3).replace('_', ' '));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(decodeBytes(bytes, charset)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** HTML to plain text with jsoup: tags, scripts and styles removed, entities decoded. */
  static String htmlToText(String html) {
    return Jsoup.parse(html).text().replace('\u00a0', ' ');
  }

  /** The lower-case media type of a header value such as {@code text/plain; charset=x}. */
  private static String mediaType(String headerValue, String defaultType) {
    if (headerValue == null || headerValue.isBlank()) {
      return defaultType;
    }
    int semi = headerValue.indexOf(';');
    String type = (semi < 0 ? headerValue : headerValue.substring(0, semi)).strip();
    return type.isEmpty() ? defaultType : type.toLowerCase(Locale.ROOT);
  }

  /** A parameter of a structured header value, unquoted; null when absent. */
  static String parameter(String headerValue, String name) {
    if (headerValue == null) {
      return null;
    }
    Matcher m =
        Pattern.compile(
                "(?i)(?:^|;)\\s*" + Pattern.quote(name) + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]*)")
            .matcher(headerValue);
    if (!m.find()) {
      return null;
    }
    return m.group(2) != null ? m.group(2) : m.group(1);
  }
}
