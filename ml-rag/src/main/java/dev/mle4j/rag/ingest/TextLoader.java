package dev.mle4j.rag.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads plain text ({@code .txt}): UTF-8 (or a byte-order-marked UTF-16), malformed bytes are an
 * error. The whole file is one section; the title is the first line when it is short (at most
 * {@value #MAX_TITLE_CHARS} characters and not ending like a sentence), else the file name.
 */
public final class TextLoader implements DocumentLoader {

  /** The longest first line taken as the title. */
  public static final int MAX_TITLE_CHARS = 100;

  /** Creates the loader. */
  public TextLoader() {}

  @Override
  public boolean supports(Path file) {
    return LoaderSupport.extension(file).equals(".txt");
  }

  @Override
  public Document load(Path file, String sourceId) {
    byte[] bytes = LoaderSupport.readBytes(file);
    String text = TextCleaner.clean(LoaderSupport.decodeText(bytes, file));
    String firstLine = text.isEmpty() ? "" : text.lines().findFirst().orElse("").strip();
    String title =
        !firstLine.isEmpty()
                && firstLine.length() <= MAX_TITLE_CHARS
                && !firstLine.endsWith(".")
                && !firstLine.endsWith(",")
            ? firstLine
            : LoaderSupport.baseName(file);
    List<Section> sections = text.isEmpty() ? List.of() : List.of(new Section(List.of(), text));
    return new Document(
        sourceId,
        title,
        sections,
        LoaderSupport.date(file),
        LoaderSupport.sha256(bytes),
        Map.of("format", "text"));
  }
}
