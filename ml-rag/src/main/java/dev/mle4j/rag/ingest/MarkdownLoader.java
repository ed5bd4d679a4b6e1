package dev.mle4j.rag.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;
import org.jsoup.Jsoup;

/**
 * Loads Markdown ({@code .md}, {@code .markdown}) with commonmark. The file must be UTF-8 (or carry
 * a byte-order mark); malformed bytes are an error. A YAML front matter block ({@code ---} ...
 * {@code ---} at the top) is not part of the text: its {@code title} becomes the document title and
 * its other simple {@code key: value} entries the document metadata. Otherwise the title is the
 * first heading, else the file name. Headings start sections whose path is the heading titles; code
 * blocks keep their lines.
 */
public final class MarkdownLoader implements DocumentLoader {

  private final Parser parser = Parser.builder().build();
  private final TextContentRenderer renderer = TextContentRenderer.builder().build();

  /** Creates the loader. */
  public MarkdownLoader() {}

  @Override
  public boolean supports(Path file) {
    String ext = LoaderSupport.extension(file);
    return ext.equals(".md") || ext.equals(".markdown");
  }

  @Override
  public Document load(Path file, String sourceId) {
    byte[] bytes = LoaderSupport.readBytes(file);
    String text = LoaderSupport.decodeText(bytes, file).replace("\r\n", "\n").replace('\r', '\n');
    Map<String, String> metadata = new LinkedHashMap<>();
    text = frontMatter(text, metadata);
    String title = metadata.remove("title");
    metadata.put("format", "markdown");

    Node root = parser.parse(text);
    List<Section> sections = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    List<Integer> levels = new ArrayList<>();
    List<String> blocks = new ArrayList<>();
    String firstHeading = null;
    for (Node node = root.getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof Heading heading) {
        addSection(sections, headings, blocks);
        String h = TextCleaner.oneLine(renderer.render(heading));
        if (h.isEmpty()) {
          continue;
        }
        if (firstHeading == null) {
          firstHeading = h;
        }
        while (!levels.isEmpty() && levels.get(levels.size() - 1) >= heading.getLevel()) {
          levels.remove(levels.size() - 1);
          headings.remove(headings.size() - 1);
        }
        levels.add(heading.getLevel());
        headings.add(h);
      } else if (node instanceof FencedCodeBlock code) {
        addBlock(blocks, TextCleaner.clean(code.getLiteral()));
      } else if (node instanceof IndentedCodeBlock code) {
        addBlock(blocks, TextCleaner.clean(code.getLiteral()));
      } else if (node instanceof HtmlBlock html) {
        addBlock(blocks, TextCleaner.oneLine(Jsoup.parseBodyFragment(html.getLiteral()).text()));
      } else if (node instanceof Paragraph || node instanceof BlockQuote) {
        addBlock(blocks, TextCleaner.oneLine(renderer.render(node)));
      } else if (!(node instanceof ThematicBreak)) {
        addBlock(blocks, TextCleaner.clean(renderer.render(node)));
      }
    }
    addSection(sections, headings, blocks);
    if (title == null || title.isBlank()) {
      title = firstHeading != null ? firstHeading : LoaderSupport.baseName(file);
    }
    return new Document(
        sourceId,
        TextCleaner.oneLine(title),
        sections,
        LoaderSupport.date(file),
        LoaderSupport.sha256(bytes),
        metadata);
  }

  private static void addBlock(List<String> blocks, String text) {
    if (!text.isBlank()) {
      blocks.add(text);
    }
  }

  private static void addSection(List<Section> sections, List<String> path, List<String> blocks) {
    if (!blocks.isEmpty()) {
      sections.add(new Section(path, String.join("\n\n", blocks)));
      blocks.clear();
    }
  }

  /**
   * Strips a leading YAML front matter block, putting its simple {@code key: value} lines into
   * {@code metadata} (keys lower-cased, quotes removed).
   */
  static String frontMatter(String text, Map<String, String> metadata) {
    if (!(text.startsWith("---\n") || text.equals("---"))) {
      return text;
    }
    String[] lines = text.split("\n", -1);
    int end = -1;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      if (line.equals("---") || line.equals("...")) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      return text; // no closing fence: a thematic break, not front matter
    }
    for (int i = 1; i < end; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (value.length() >= 2
          && ((value.startsWith("\"") && value.endsWith("\""))
              || (value.startsWith("'") && value.endsWith("'")))) {
        value = value.substring(1, value.length() - 1);
      }
      if (!key.isEmpty() && !value.isEmpty()) {
        metadata.put(key, value);
      }
    }
    return String.join("\n", java.util.Arrays.asList(lines).subList(end + 1, lines.length));
  }
}
