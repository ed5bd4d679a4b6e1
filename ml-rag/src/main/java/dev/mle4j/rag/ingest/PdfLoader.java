package dev.mle4j.rag.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Loads PDF files with PDFBox: text page by page (hyphenation at line ends undone). When the PDF
 * has an outline (bookmarks), a page belongs to the bookmark that starts on it (the first one) or
 * the last one starting before it, the section path is that bookmark's path in the outline tree,
 * and consecutive pages of the same bookmark form one section; pages before the first bookmark and
 * PDFs without outline get sections {@code "Page N"}. Title: the document information title, else
 * the file name. Metadata {@code pages} holds the page count. Encrypted or damaged files fail with
 * {@code "cannot read PDF <file>: <reason>"}.
 */
public final class PdfLoader implements DocumentLoader {

  private static final int MAX_OUTLINE_ITEMS = 10_000;

  /** Creates the loader. */
  public PdfLoader() {}

  @Override
  public boolean supports(Path file) {
    return LoaderSupport.extension(file).equals(".pdf");
  }

  @Override
  public Document load(Path file, String sourceId) {
    byte[] bytes = LoaderSupport.readBytes(file);
    try (PDDocument pdf = Loader.loadPDF(bytes)) {
      int pages = pdf.getNumberOfPages();
      List<String> pageTexts = new ArrayList<>(pages);
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        pageTexts.add(TextCleaner.cleanPdf(stripper.getText(pdf)));
      }
      List<Bookmark> bookmarks = bookmarks(pdf);
      List<Section> sections = sections(pageTexts, bookmarks);
      String title = "";
      PDDocumentInformation info = pdf.getDocumentInformation();
      if (info != null && info.getTitle() != null) {
        title = TextCleaner.oneLine(info.getTitle());
      }
      if (title.isEmpty()) {
        title = LoaderSupport.baseName(file);
      }
      return new Document(
          sourceId,
          title,
          sections,
          LoaderSupport.date(file),
          LoaderSupport.sha256(bytes),
          Map.of("format", "pdf", "pages", Integer.toString(pages)));
    } catch (InvalidPasswordException e) {
      throw new DocumentLoadException(
          "cannot read PDF " + file + ": it is encrypted and needs a password", e);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new DocumentLoadException("cannot read PDF " + file + ": " + reason, e);
    }
  }

  /** A bookmark: its path in the outline and the 0-based page it starts on. */
  private record Bookmark(List<String> path, int page, int order) {}

  private static List<Bookmark> bookmarks(PDDocument pdf) throws IOException {
    PDDocumentOutline outline = pdf.getDocumentCatalog().getDocumentOutline();
    List<Bookmark> out = new ArrayList<>();
    if (outline != null) {
      collect(pdf, outline.children(), new ArrayList<>(), out, new HashSet<>());
    }
    out.sort(Comparator.comparingInt(Bookmark::page).thenComparingInt(Bookmark::order));
    return out;
  }

  private static void collect(
      PDDocument pdf,
      Iterable<PDOutlineItem> items,
      List<String> parent,
      List<Bookmark> out,
      Set<PDOutlineItem> seen)
      throws IOException {
    for (PDOutlineItem item : items) {
      if (out.size() >= MAX_OUTLINE_ITEMS || !seen.add(item)) {
        return; // guards against cyclic or absurd outlines
      }
      String title = item.getTitle() == null ? "" : TextCleaner.oneLine(item.getTitle());
      List<String> path = new ArrayList<>(parent);
      path.add(title.isEmpty() ? "(untitled)" : title);
      PDPage page = item.findDestinationPage(pdf);
      if (page != null) {
        int index = pdf.getPages().indexOf(page);
        if (index >= 0) {
          out.add(new Bookmark(List.copyOf(path), index, out.size()));
        }
      }
      collect(pdf, item.children(), path, out, seen);
    }
  }

  private static List<Section> sections(List<String> pageTexts, List<Bookmark> bookmarks) {
    List<Section> sections = new ArrayList<>();
    List<String> currentPath = null;
    StringBuilder current = new StringBuilder();
    int b = 0;
    List<String> lastPath = null;
    for (int p = 0; p < pageTexts.size(); p++) {
      List<String> path;
      List<String> startingHere = null;
      while (b < bookmarks.size() && bookmarks.get(b).page() <= p) {
        if (bookmarks.get(b).page() == p && startingHere == null) {
          startingHere = bookmarks.get(b).path();
        }
        lastPath = bookmarks.get(b).path();
        b++;
      }
      if (startingHere != null) {
        path = startingHere;
      } else if (lastPath != null) {
        path = lastPath;
      } else {
        path = List.of("Page " + (p + 1));
      }
      String text = pageTexts.get(p);
      if (!path.equals(currentPath)) {
        if (currentPath != null && !current.isEmpty()) {
          sections.add(new Section(currentPath, current.toString()));
        }
        current.setLength(0);
        currentPath = path;
      }
      if (!text.isEmpty()) {
        if (!current.isEmpty()) {
          current.append("\n\n");
        }
        current.append(text);
      }
      // later pages continue the last bookmark that started so far
      if (startingHere != null) {
        currentPath = path;
        lastPath = lastPathStartingOn(bookmarks, p, lastPath);
      }
    }
    if (currentPath != null && !current.isEmpty()) {
      sections.add(new Section(currentPath, current.toString()));
    }
    return sections;
  }

  private static List<String> lastPathStartingOn(
      List<Bookmark> bookmarks, int page, List<String> fallback) {
    List<String> last = fallback;
    for (Bookmark bm : bookmarks) {
      if (bm.page() == page) {
        last = bm.path();
      }
    }
    return last;
  }
}
