package dev.mle4j.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {

  @TempDir Path dir;

  private final DocumentLoaders loaders = DocumentLoaders.defaults();

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void htmlDropsNavigationAndFollowsHeadings() throws IOException {
    Path file =
        write(
            "guide.html",
            """
            <html><head><title>User Guide</title><style>p {color: red}</style></head><body>
            <header><a href="/">Site logo</a></header>
            <nav><ul><li>Menu item</li></ul></nav>
            <div class="breadcrumb">Home &gt; Docs</div>
            <div role="navigation">Jump around</div>
            <div class="toc"><a href="#a">Table of contents entry</a></div>
            <p>Intro   text before headings.</p>
            <h1>User Guide</h1>
            <p>Welcome to the guide.</p>
            <h2>Install</h2>
            <p>Run the installer.</p>
            <pre>line one
              indented two</pre>
            <h3>Linux</h3>
            <div class="note"><h3 class="title">Note</h3><p>Needs root.</p></div>
            <p>Use apt.</p>
            <table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>
            <h2>Usage</h2>
            <p>First<br>second line.</p>
            <script>var x = 'script text';</script>
            <footer>Copyright footer</footer>
            </body></html>
            """);
    Document doc = loaders.load(file, "guide.html");
    assertThat(doc.source()).isEqualTo("guide.html");
    assertThat(doc.title()).isEqualTo("User Guide");
    assertThat(doc.contentHash()).hasSize(64);
    assertThat(doc.date()).matches("\\d{4}-\\d{2}-\\d{2}");
    String text = doc.text();
    assertThat(text)
        .doesNotContain("Site logo", "Menu item", "Home > Docs", "Jump around")
        .doesNotContain("Table of contents", "script text", "Copyright footer", "color");
    assertThat(doc.sections())
        .extracting(Section::pathString)
        .containsExactly(
            "",
            "User Guide",
            "User Guide > Install",
            "User Guide > Install > Linux",
            "User Guide > Usage");
    assertThat(doc.sections().get(0).text()).isEqualTo("Intro text before headings.");
    assertThat(doc.sections().get(2).text())
        .isEqualTo("Run the installer.\n\nline one\n  indented two");
    assertThat(doc.sections().get(3).text())
        .isEqualTo("Note\n\nNeeds root.\n\nUse apt.\n\nName | Value\na | 1");
    assertThat(doc.sections().get(4).text()).isEqualTo("First\nsecond line.");
  }

  @Test
  void htmlInPostgresManualStyle() throws IOException {
    Path file =
        write(
            "sql-droptable.html",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head>
            <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
            <title>DROP TABLE</title></head><body id="docContent">
            <div class="navheader"><table width="100%" summary="Navigation header">
            <tr><th colspan="5" align="center">DROP TABLE</th></tr>
            <tr><td><a accesskey="p" href="a.html">Prev</a></td>
            <td><a accesskey="u" href="sql-commands.html">Up</a></td><th>SQL Commands</th>
            <td><a accesskey="h" href="index.html">Home</a></td>
            <td><a accesskey="n" href="b.html">Next</a></td></tr></table><hr /></div>
            <div class="refentry"><div class="refnamediv"><h2><span class="refentrytitle">DROP
            TABLE</span></h2><p>DROP TABLE — remove a table</p></div>
            <div class="refsynopsisdiv"><h2>Synopsis</h2><pre class="synopsis">
            DROP TABLE [ IF EXISTS ] <em class="replaceable"><code>name</code></em> [, ...]
                [ CASCADE | RESTRICT ]
            </pre></div>
            <div class="refsect1"><h2>Parameters</h2><div class="variablelist"><dl>
            <dt><span class="term"><code class="literal">IF EXISTS</code></span></dt>
            <dd><p>Do not throw an error if the table does not exist.</p></dd></dl></div></div>
            </div>
            <div class="navfooter"><hr /><table><tr><td><a href="a.html">Prev</a></td>
            <td><a href="sql-commands.html">Up</a></td><td><a href="b.html">Next</a></td></tr>
            <tr><td><a href="index.html">Home</a></td></tr></table></div></body></html>
            """);
    Document doc = loaders.load(file, "sql-droptable.html");
    assertThat(doc.title()).isEqualTo("DROP TABLE");
    assertThat(doc.text()).doesNotContainPattern("\\b(Prev|Up|Home|Next)\\b");
    assertThat(doc.sections())
        .extracting(Section::pathString)
        .containsExactly("DROP TABLE", "DROP TABLE > Synopsis", "DROP TABLE > Parameters");
    assertThat(doc.sections().get(1).text())
        .isEqualTo("DROP TABLE [ IF EXISTS ] name [, ...]\n    [ CASCADE | RESTRICT ]");
    assertThat(doc.sections().get(2).text())
        .isEqualTo("IF EXISTS\n\nDo not throw an error if the table does not exist.");
  }

  @Test
  void htmlCharsetFromMeta() throws IOException {
    Path file = dir.resolve("latin.html");
    Files.write(
        file,
        "<html><head><meta charset=\"ISO-8859-1\"><title>Caf\u00e9</title></head><body><p>cr\u00e8me</p></body></html>"
            .getBytes(StandardCharsets.ISO_8859_1));
    Document doc = loaders.load(file, "latin.html");
    assertThat(doc.title()).isEqualTo("Caf\u00e9");
    assertThat(doc.text()).isEqualTo("cr\u00e8me");
  }

  @Test
  void markdownWithFrontMatter() throws IOException {
    Path file =
        write(
            "notes.md",
            """
            ---
            title: "Release Notes"
            author: Ada
            ---
            Preamble paragraph
            spanning two lines.

            # Version 2

            Big changes.

            ## Fixes

            - fixed a crash
            - faster start

            ```java
            int x = 1;
              return x;
            ```

            # Version 1

            First release.
            """);
    Document doc = loaders.load(file, "notes.md");
    assertThat(doc.title()).isEqualTo("Release Notes");
    assertThat(doc.metadata()).containsEntry("author", "Ada").doesNotContainKey("title");
    assertThat(doc.text()).doesNotContain("author", "---");
    assertThat(doc.sections())
        .extracting(Section::pathString)
        .containsExactly("", "Version 2", "Version 2 > Fixes", "Version 1");
    assertThat(doc.sections().get(0).text()).isEqualTo("Preamble paragraph spanning two lines.");
    assertThat(doc.sections().get(2).text())
        .contains("fixed a crash")
        .contains("faster start")
        .contains("int x = 1;\n  return x;");
  }

  @Test
  void markdownTitleFromFirstHeadingWithoutFrontMatter() throws IOException {
    Path file = write("readme.markdown", "Intro.\n\n## Getting started\n\nDo it.\n");
    Document doc = loaders.load(file, "readme.markdown");
    assertThat(doc.title()).isEqualTo("Getting started");
  }

  @Test
  void textTitleFromShortFirstLineElseFileName() throws IOException {
    Path titled = write("a.txt", "Short Title\n\nBody text here.\r\nMore\ttext.\u0007\n\n\n\nEnd.");
    Document doc = loaders.load(titled, "a.txt");
    assertThat(doc.title()).isEqualTo("Short Title");
    assertThat(doc.sections()).hasSize(1);
    assertThat(doc.sections().get(0).path()).isEmpty();
    assertThat(doc.text()).isEqualTo("Short Title\n\nBody text here.\nMore text.\n\nEnd.");

    Path untitled = write("b.txt", "This first line is a full sentence, so it is no title.\nMore.");
    assertThat(loaders.load(untitled, "b.txt").title()).isEqualTo("b");

    Path empty = write("c.txt", "  \n\n");
    Document emptyDoc = loaders.load(empty, "c.txt");
    assertThat(emptyDoc.sections()).isEmpty();
    assertThat(emptyDoc.title()).isEqualTo("c");
  }

  @Test
  void textWithUtf8BomAndUtf16Bom() throws IOException {
    Path bom = dir.resolve("bom.txt");
    byte[] body = "Caf\u00e9 notes".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Files.write(bom, withBom);
    assertThat(loaders.load(bom, "bom.txt").text()).isEqualTo("Caf\u00e9 notes");

    Path utf16 = dir.resolve("u16.txt");
    byte[] le = "\uFEFFHello world".getBytes(StandardCharsets.UTF_16LE);
    Files.write(utf16, le);
    assertThat(loaders.load(utf16, "u16.txt").text()).isEqualTo("Hello world");
  }

  @Test
  void malformedUtf8IsAnError() throws IOException {
    byte[] bad = {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, ' ', 'x'};
    Path txt = dir.resolve("bad.txt");
    Files.write(txt, bad);
    assertThatThrownBy(() -> loaders.load(txt, "bad.txt"))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("bad.txt")
        .hasMessageContaining("malformed UTF-8");
    Path md = dir.resolve("bad.md");
    Files.write(md, bad);
    assertThatThrownBy(() -> loaders.load(md, "bad.md"))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("bad.md")
        .hasMessageContaining("malformed UTF-8");
  }

  @Test
  void unsupportedTypeIsAnError() throws IOException {
    Path docx = write("report.docx", "binary");
    assertThat(loaders.supports(docx)).isFalse();
    assertThatThrownBy(() -> loaders.load(docx))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessage(
            "unsupported file type '.docx' for "
                + docx
                + "; supported: .html, .htm, .md, .markdown, .txt, .pdf");
    Path none = write("Makefile", "all:");
    assertThatThrownBy(() -> loaders.load(none)).hasMessageContaining("unsupported file type ''");
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("nope.txt");
    assertThatThrownBy(() -> loaders.load(missing))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("nope.txt");
  }

  @Test
  void pdfPagesFollowTheOutline() throws IOException {
    Path file = dir.resolve("manual.pdf");
    try (PDDocument pdf = new PDDocument()) {
      PDPage one = page(pdf, "Introduction to the system.", "It stores data in tab-", "les.");
      PDPage two = page(pdf, "Backup procedures are described here.");
      PDDocumentOutline outline = new PDDocumentOutline();
      PDOutlineItem chapter = item("Chapter 1", one);
      PDOutlineItem backup = item("Backups", two);
      chapter.addLast(backup);
      outline.addLast(chapter);
      pdf.getDocumentCatalog().setDocumentOutline(outline);
      pdf.getDocumentInformation().setTitle("Admin Manual");
      pdf.save(file.toFile());
    }
    Document doc = loaders.load(file, "manual.pdf");
    assertThat(doc.title()).isEqualTo("Admin Manual");
    assertThat(doc.metadata()).containsEntry("pages", "2");
    assertThat(doc.sections())
        .extracting(Section::pathString)
        .containsExactly("Chapter 1", "Chapter 1 > Backups");
    assertThat(doc.sections().get(0).text())
        .contains("Introduction to the system.")
        .contains("tables."); // de-hyphenated
    assertThat(doc.sections().get(1).text()).contains("Backup procedures are described here.");
  }

  @Test
  void pdfWithoutOutlineHasPageSections() throws IOException {
    Path file = dir.resolve("plain.pdf");
    try (PDDocument pdf = new PDDocument()) {
      page(pdf, "First page text.");
      page(pdf, "Second page text.");
      pdf.save(file.toFile());
    }
    Document doc = loaders.load(file, "plain.pdf");
    assertThat(doc.title()).isEqualTo("plain");
    assertThat(doc.sections()).extracting(Section::pathString).containsExactly("Page 1", "Page 2");
  }

  @Test
  void corruptPdfIsAnError() throws IOException {
    Path file = write("broken.pdf", "%PDF-1.7\nthis is not really a pdf\n");
    assertThatThrownBy(() -> loaders.load(file, "broken.pdf"))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageStartingWith("cannot read PDF " + file + ": ");
  }

  @Test
  void encryptedPdfIsAnError() throws IOException {
    Path file = dir.resolve("secret.pdf");
    try (PDDocument pdf = new PDDocument()) {
      page(pdf, "Secret text.");
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner", "user", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      pdf.protect(policy);
      pdf.save(file.toFile());
    }
    assertThatThrownBy(() -> loaders.load(file, "secret.pdf"))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessage("cannot read PDF " + file + ": it is encrypted and needs a password");
  }

  private static PDPage page(PDDocument pdf, String... lines) throws IOException {
    PDPage page = new PDPage();
    pdf.addPage(page);
    try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
      content.beginText();
      content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
      content.setLeading(14);
      content.newLineAtOffset(72, 700);
      for (String line : lines) {
        content.showText(line);
        content.newLine();
      }
      content.endText();
    }
    return page;
  }

  private static PDOutlineItem item(String title, PDPage page) {
    PDOutlineItem item = new PDOutlineItem();
    item.setTitle(title);
    PDPageFitDestination dest = new PDPageFitDestination();
    dest.setPage(page);
    item.setDestination(dest);
    return item;
  }

  @Test
  void loaderSupportsByExtension() {
    assertThat(new HtmlLoader().supports(Path.of("A.HTM"))).isTrue();
    assertThat(new MarkdownLoader().supports(Path.of("x.markdown"))).isTrue();
    assertThat(new TextLoader().supports(Path.of("x.md"))).isFalse();
    assertThat(new PdfLoader().supports(Path.of("x.Pdf"))).isTrue();
    assertThat(DocumentLoaders.defaults().extensions())
        .isEqualTo(DocumentLoaders.DEFAULT_EXTENSIONS);
  }
}
