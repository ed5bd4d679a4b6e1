package dev.mle4j.rag.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Chooses a {@link DocumentLoader} by file extension: {@code .html}/{@code .htm} ({@link
 * HtmlLoader}), {@code .md}/{@code .markdown} ({@link MarkdownLoader}), {@code .txt} ({@link
 * TextLoader}), {@code .pdf} ({@link PdfLoader}) by default. Immutable.
 */
public final class DocumentLoaders {

  /** The extensions the default loaders read. */
  public static final List<String> DEFAULT_EXTENSIONS =
      List.of(".html", ".htm", ".md", ".markdown", ".txt", ".pdf");

  private final List<DocumentLoader> loaders;
  private final List<String> extensions;

  private DocumentLoaders(List<DocumentLoader> loaders, List<String> extensions) {
    this.loaders = List.copyOf(loaders);
    this.extensions = List.copyOf(extensions);
  }

  /**
   * The default loaders for HTML, Markdown, text and PDF.
   *
   * @return the loaders
   */
  public static DocumentLoaders defaults() {
    return new DocumentLoaders(
        List.of(new HtmlLoader(), new MarkdownLoader(), new TextLoader(), new PdfLoader()),
        DEFAULT_EXTENSIONS);
  }

  /**
   * Custom loaders, asked in order.
   *
   * @param loaders the loaders (at least one)
   * @param supportedExtensions the extensions they read, for error messages (for example {@code
   *     ".html"})
   * @return the loaders
   */
  public static DocumentLoaders of(List<DocumentLoader> loaders, List<String> supportedExtensions) {
    Objects.requireNonNull(loaders, "loaders");
    if (loaders.isEmpty()) {
      throw new IllegalArgumentException("at least one document loader is needed");
    }
    return new DocumentLoaders(loaders, supportedExtensions);
  }

  /**
   * Whether some loader reads the file.
   *
   * @param file a path
   * @return true if {@link #load} accepts it
   */
  public boolean supports(Path file) {
    for (DocumentLoader l : loaders) {
      if (l.supports(file)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The loader for a file.
   *
   * @param file a path
   * @return the first loader that supports it
   * @throws DocumentLoadException naming the extension and the supported ones if none does
   */
  public DocumentLoader loaderFor(Path file) {
    Objects.requireNonNull(file, "file");
    for (DocumentLoader l : loaders) {
      if (l.supports(file)) {
        return l;
      }
    }
    String ext = LoaderSupport.extension(file);
    throw new DocumentLoadException(
        "unsupported file type '"
            + ext
            + "' for "
            + file
            + "; supported: "
            + String.join(", ", extensions));
  }

  /**
   * Loads a file with the loader for its type.
   *
   * @param file the file
   * @param sourceId the document id
   * @return the document
   * @throws DocumentLoadException if the type is unsupported or the file cannot be read
   */
  public Document load(Path file, String sourceId) {
    return loaderFor(file).load(file, sourceId);
  }

  /**
   * Loads a file using its file name as the document id.
   *
   * @param file the file
   * @return the document
   * @throws DocumentLoadException if the type is unsupported or the file cannot be read
   */
  public Document load(Path file) {
    Path name = Objects.requireNonNull(file, "file").getFileName();
    return load(file, name == null ? file.toString() : name.toString());
  }

  /**
   * The extensions named in error messages.
   *
   * @return for example {@code [.html, .htm, ...]}
   */
  public List<String> extensions() {
    return extensions;
  }
}
