package dev.mle4j.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path tmp;

  @Test
  void writesSelfContainedEscapedReport() throws Exception {
    Path png = tmp.resolve("bars.png");
    Charts.bars(png, "F1", List.of("a", "b"), Map.of("f1", new double[] {0.5, 0.75}));
    Map<String, Object> kv = new LinkedHashMap<>();
    kv.put("accuracy", 0.987654321);
    kv.put("rows", 5574);
    kv.put("note", "a < b & c");

    Path out = tmp.resolve("report.html");
    HtmlReport.builder("Spam <b>report</b>")
        .subtitle("run \"42\" & friends")
        .section("Metrics")
        .paragraph("<script>alert('x')</script>")
        .keyValues(kv)
        .table(List.of("model", "f1"), List.of(List.of("lr", 0.9), List.of("nb<1>", 1e-9)))
        .image(png, "Per-class F1")
        .build()
        .write(out);

    String html = Files.readString(out);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>Spam &lt;b&gt;report&lt;/b&gt;</title>")
        .contains("run &quot;42&quot; &amp; friends")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .doesNotContain("<script>")
        .doesNotContain("<b>report")
        .contains("<h2>Metrics</h2>")
        .contains("<td class=\"num\">0.9877</td>")
        .contains("<td class=\"num\">5574</td>")
        .contains("a &lt; b &amp; c")
        .contains("nb&lt;1&gt;")
        .contains("1.000e-09")
        .contains("<style>")
        .contains("<figcaption>Per-class F1</figcaption>")
        .doesNotContain("src=\"bars.png\"");

    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    assertThat(m.find()).isTrue();
    assertThat(Base64.getDecoder().decode(m.group(1))).isEqualTo(Files.readAllBytes(png));
  }

  @Test
  void rejectsBadTablesAndImages() throws Exception {
    HtmlReport.Builder b = HtmlReport.builder("r");
    assertThatThrownBy(() -> b.table(List.of("a", "b"), List.of(List.of(1, 2), List.of(3))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("row 1 has 1 cells")
        .hasMessageContaining("[a, b]");
    Path text = Files.writeString(tmp.resolve("fake.png"), "not an image");
    assertThatThrownBy(() -> b.image(text, "x"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("fake.png")
        .hasMessageContaining("not a PNG");
    assertThatThrownBy(() -> b.image(tmp.resolve("missing.png"), "x"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> HtmlReport.builder(" "))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("title");
  }

  @Test
  void formatsCells() {
    assertThat(HtmlReport.cell(null)).isEmpty();
    assertThat(HtmlReport.cell(0.5)).isEqualTo("0.5");
    assertThat(HtmlReport.cell(2.0)).isEqualTo("2");
    assertThat(HtmlReport.cell(123456.789)).isEqualTo("123456.789");
    assertThat(HtmlReport.cell(Double.NaN)).isEqualTo("NaN");
    assertThat(HtmlReport.cell(3L)).isEqualTo("3");
    assertThat(HtmlReport.escape(null)).isEmpty();
  }
}
