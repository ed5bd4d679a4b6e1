package dev.mle4j.rag.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Loads HTML pages with jsoup (charset from the byte-order mark or {@code <meta>}, else UTF-8).
 *
 * <p>Navigation is dropped: {@code <nav>}, {@code <header>}, {@code <footer>}, scripts, styles,
 * forms, and elements whose class, id or role names navigation ({@code navheader}, {@code
 * navfooter}, {@code navigation}, {@code toc}, {@code breadcrumb}, ...), which covers the
 * DocBook-generated PostgreSQL manual. The title comes from {@code <title>} (else the first
 * heading, else the file name). Headings {@code h1}..{@code h4} start sections whose path is the
 * heading titles (rooted at the page title when the top heading differs from it; headings inside
 * notes, tips and warnings are labels, not sections); {@code <pre>} keeps its line breaks; table
 * rows become {@code "cell | cell"} lines; other blocks become paragraphs.
 */
public final class HtmlLoader implements DocumentLoader {

  private static final Set<String> NAV_NAMES =
      Set.of(
          "navheader",
          "navfooter",
          "navigation",
          "nav",
          "navbar",
          "toc",
          "breadcrumb",
          "breadcrumbs",
          "skip-link",
          "skiplink");
  private static final Set<String> ADMONITIONS =
      Set.of("note", "tip", "warning", "caution", "important", "sidebar", "admonition");
  private static final Set<String> NAV_ROLES =
      Set.of("navigation", "banner", "contentinfo", "search", "doc-toc");
  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "li",
          "ul",
          "ol",
          "dl",
          "dt",
          "dd",
          "blockquote",
          "section",
          "article",
          "main",
          "aside",
          "figure",
          "figcaption",
          "h5",
          "h6",
          "address",
          "hr",
          "caption",
          "details",
          "summary",
          "fieldset",
          "body",
          "center",
          "tr",
          "tbody",
          "thead",
          "tfoot",
          "td",
          "th",
          "legend",
          "hgroup");

  /** Creates the loader. */
  public HtmlLoader() {}

  @Override
  public boolean supports(Path file) {
    String ext = LoaderSupport.extension(file);
    return ext.equals(".html") || ext.equals(".htm");
  }

  @Override
  public Document load(Path file, String sourceId) {
    byte[] bytes = LoaderSupport.readBytes(file);
    org.jsoup.nodes.Document html;
    try {
      html = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
    } catch (IOException | RuntimeException e) {
      throw new DocumentLoadException("cannot read HTML " + file + ": " + e.getMessage(), e);
    }
    String title = TextCleaner.oneLine(html.title());
    removeNavigation(html);
    Extractor extractor = new Extractor(title);
    extractor.walk(html.body());
    extractor.finishSection();
    if (title.isEmpty()) {
      Element heading = html.body().selectFirst("h1, h2, h3, h4");
      title = heading != null ? TextCleaner.oneLine(heading.text()) : "";
    }
    if (title.isEmpty()) {
      title = LoaderSupport.baseName(file);
    }
    return new Document(
        sourceId,
        title,
        extractor.sections,
        LoaderSupport.date(file),
        LoaderSupport.sha256(bytes),
        Map.of("format", "html"));
  }

  private static void removeNavigation(org.jsoup.nodes.Document html) {
    html.select(
            "nav, header, footer, script, style, noscript, template, iframe, object, embed, svg,"
                + " canvas, form, button, select, input, textarea, head")
        .remove();
    List<Element> doomed = new ArrayList<>();
    for (Element e : html.getAllElements()) {
      if (isNavigation(e)) {
        doomed.add(e);
      }
    }
    for (Element e : doomed) {
      e.remove();
    }
  }

  private static boolean isNavigation(Element e) {
    for (String c : e.classNames()) {
      if (NAV_NAMES.contains(c.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    String id = e.id().toLowerCase(Locale.ROOT);
    if (!id.isEmpty() && NAV_NAMES.contains(id)) {
      return true;
    }
    String role = e.attr("role").toLowerCase(Locale.ROOT).strip();
    return !role.isEmpty() && NAV_ROLES.contains(role);
  }

  /** Walks the body collecting sections. */
  private static final class Extractor {
    private final String title;
    private final List<Section> sections = new ArrayList<>();
    private final List<String> headings = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private final List<String> blocks = new ArrayList<>();
    private final StringBuilder paragraph = new StringBuilder();

    Extractor(String title) {
      this.title = title;
    }

    void walk(Node node) {
      if (node instanceof TextNode text) {
        paragraph.append(text.getWholeText());
        return;
      }
      if (!(node instanceof Element el)) {
        return;
      }
      String tag = el.normalName();
      switch (tag) {
        case "h1", "h2", "h3", "h4" -> {
          if (insideAdmonition(el)) {
            flushParagraph(); // "Note", "Tip": a label, not a section
            addBlock(TextCleaner.oneLine(el.text()));
          } else {
            heading(el, tag.charAt(1) - '0');
          }
        }
        case "pre" -> {
          flushParagraph();
          addBlock(TextCleaner.clean(el.wholeText()));
        }
        case "table" -> {
          flushParagraph();
          addBlock(table(el));
        }
        case "br" -> paragraph.append('\n');
        case "img" -> {
          // images carry no text; alt text is usually decorative
        }
        default -> {
          boolean block = BLOCKS.contains(tag);
          if (block) {
            flushParagraph();
          }
          for (Node child : el.childNodes()) {
            walk(child);
          }
          if (block) {
            flushParagraph();
          }
        }
      }
    }

    private static boolean insideAdmonition(Element el) {
      for (Element a = el.parent(); a != null; a = a.parent()) {
        for (String c : a.classNames()) {
          if (ADMONITIONS.contains(c.toLowerCase(Locale.ROOT))) {
            return true;
          }
        }
      }
      return false;
    }

    private void heading(Element el, int level) {
      flushParagraph();
      finishSection();
      String text = TextCleaner.oneLine(el.text());
      if (text.isEmpty()) {
        return;
      }
      while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
        levels.remove(levels.size() - 1);
        headings.remove(headings.size() - 1);
      }
      levels.add(level);
      headings.add(text);
    }

    private static String table(Element table) {
      StringBuilder sb = new StringBuilder();
      for (Element row : table.select("tr")) {
        List<String> cells = new ArrayList<>();
        boolean any = false;
        for (Element cell : row.children()) {
          if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
            String text = TextCleaner.oneLine(cell.text());
            any |= !text.isEmpty();
            cells.add(text);
          }
        }
        if (any) {
          if (!sb.isEmpty()) {
            sb.append('\n');
          }
          sb.append(String.join(" | ", cells));
        }
      }
      return sb.toString();
    }

    private void flushParagraph() {
      if (paragraph.isEmpty()) {
        return;
      }
      String[] lines = paragraph.toString().split("\n", -1);
      paragraph.setLength(0);
      StringBuilder sb = new StringBuilder();
      for (String line : lines) {
        String one = TextCleaner.oneLine(line);
        if (!one.isEmpty()) {
          if (!sb.isEmpty()) {
            sb.append('\n');
          }
          sb.append(one);
        }
      }
      addBlock(sb.toString());
    }

    private void addBlock(String text) {
      if (!text.isBlank()) {
        blocks.add(text);
      }
    }

    void finishSection() {
      flushParagraph();
      if (blocks.isEmpty()) {
        return;
      }
      List<String> path = new ArrayList<>(headings);
      if (!path.isEmpty() && !title.isEmpty() && !path.get(0).equalsIgnoreCase(title)) {
        path.add(0, title);
      }
      sections.add(new Section(path, String.join("\n\n", blocks)));
      blocks.clear();
    }
  }
}
