package dev.mle4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmailParserTest {
  final EmailParser parser = new EmailParser();

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void plainMessageWithFoldedHeadersAndMboxLine() {
    String raw =
        "From someone@example.com  Thu Aug 22 12:36:23 2002\n"
            + "Received: from a\n\tby b\n"
            + "Subject: Re: New\n Sequences\tWindow\n"
            + "X-Loop: list\n"
            + "\n"
            + "Hello there,\nthe pick works.\n";
    EmailParser.ParsedEmail mail = parser.parse(latin1(raw));
    assertThat(mail.subject()).isEqualTo("Re: New Sequences\tWindow");
    assertThat(mail.headers()).containsEntry("received", "from a by b");
    assertThat(mail.headers()).containsKey("x-loop").doesNotContainKey("from someone@example.com");
    assertThat(mail.body()).isEqualTo("Hello there,\nthe pick works.");
    assertThat(mail.text()).isEqualTo("Re: New Sequences\tWindow\nHello there,\nthe pick works.");
    assertThat(mail.skippedAttachments()).isZero();
  }

  @Test
  void nestedMultipartWithQuotedPrintableBase64HtmlAndAttachment() {
    String b64 =
        Base64.getMimeEncoder()
            .encodeToString("Second part in base64, caf\u00e9".getBytes(StandardCharsets.UTF_8));
    String raw =
        "Subject: =?UTF-8?B?"
            + Base64.getEncoder().encodeToString("Gr\u00fc\u00dfe".getBytes(StandardCharsets.UTF_8))
            + "?= =?ISO-8859-1?Q?und_caf=E9?=\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed;\n boundary=\"OUTER\"\n"
            + "\n"
            + "This is a multi-part message in MIME format.\n"
            + "--OUTER\n"
            + "Content-Type: multipart/alternative; boundary=INNER\n"
            + "\n"
            + "--INNER\n"
            + "Content-Type: text/plain; charset=iso-8859-1\n"
            + "Content-Transfer-Encoding: quoted-printable\n"
            + "\n"
            + "Caf=E9 au lait, a long line that is =\n"
            + "softly broken.\n"
            + "--INNER\n"
            + "Content-Type: text/html\n"
            + "\n"
            + "<p>HTML twin that must not appear</p>\n"
            + "--INNER--\n"
            + "--OUTER\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "Content-Transfer-Encoding: base64\n"
            + "\n"
            + b64
            + "\n"
            + "--OUTER\n"
            + "Content-Type: application/octet-stream; name=\"x.exe\"\n"
            + "Content-Transfer-Encoding: base64\n"
            + "\n"
            + "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
            + "--OUTER\n"
            + "Content-Type: text/plain\n"
            + "Content-Disposition: attachment; filename=notes.txt\n"
            + "\n"
            + "attached notes, skipped\n"
            + "--OUTER--\n"
            + "epilogue ignored\n";
    EmailParser.ParsedEmail mail = parser.parse(latin1(raw));
    assertThat(mail.subject()).isEqualTo("Gr\u00fc\u00dfeund caf\u00e9");
    assertThat(mail.body())
        .isEqualTo(
            "Caf\u00e9 au lait, a long line that is softly broken.\n\n"
                + "Second part in base64, caf\u00e9");
    assertThat(mail.body()).doesNotContain("HTML twin", "notes", "epilogue", "multi-part");
    assertThat(mail.skippedAttachments()).isEqualTo(2);
  }

  @Test
  void htmlOnlyMessageBecomesText() {
    String raw =
        "Subject: WIN $$$\n"
            + "Content-Type: text/html; charset=\"us-ascii\"\n"
            + "\n"
            + "<html><head><style>p {color:red}</style><script>var x=1;</script></head>"
            + "<body><p>Click <a href='http://x'>here</a> &amp; win&nbsp;now</p><br>"
            + "<!-- hidden comment --></body></html>\n";
    EmailParser.ParsedEmail mail = parser.parse(latin1(raw));
    assertThat(mail.body()).isEqualTo("Click here & win now");
    assertThat(mail.text()).startsWith("WIN $$$\nClick here");
  }

  @Test
  void brokenCharsetsAndEncodingsNeverFail() {
    // unknown charset name, bytes that are not UTF-8: ISO-8859-1 fallback
    byte[] raw1 =
        latin1(
            "Subject: caf\u00e9 na\u00efve\n"
                + "Content-Type: text/plain; charset=\"x-no-such-charset\"\n"
                + "\n"
                + "Gr\u00fc\u00dfe aus K\u00f6ln\n");
    EmailParser.ParsedEmail m1 = parser.parse(raw1);
    assertThat(m1.subject()).isEqualTo("caf\u00e9 na\u00efve");
    assertThat(m1.body()).isEqualTo("Gr\u00fc\u00dfe aus K\u00f6ln");

    // declared UTF-8 but Latin-1 bytes
    byte[] raw2 = latin1("Content-Type: text/plain; charset=utf-8\n\nna\u00efve \u00e9t\u00e9\n");
    assertThat(parser.parse(raw2).body()).isEqualTo("na\u00efve \u00e9t\u00e9");

    // valid UTF-8 without a declared charset
    byte[] raw3 = "Subject: x\n\nna\u00efve \u20ac\n".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(raw3).body()).isEqualTo("na\u00efve \u20ac");

    // broken base64 and quoted-printable, multipart without a closing boundary
    byte[] raw4 =
        latin1(
            "Content-Type: multipart/mixed; boundary=B\n\n"
                + "--B\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQ*!x\n"
                + "--B\nContent-Transfer-Encoding: quoted-printable\n\nbad =ZZ escape =4\n");
    EmailParser.ParsedEmail m4 = parser.parse(raw4);
    assertThat(m4.body()).startsWith("Hello world").contains("bad =ZZ escape =4");

    // no header block at all, empty input
    assertThat(parser.parse(latin1("just text, no headers\n")).text())
        .isEqualTo("just text, no headers");
    assertThat(parser.parse(new byte[0]).text()).isEmpty();
  }

  @Test
  void decodesQuotedPrintableAndBase64Leniently() {
    assertThat(
            new String(
                EmailParser.decodeQuotedPrintable("a=3Db=\r\nc = \nd=e9"),
                StandardCharsets.ISO_8859_1))
        .isEqualTo("a=bc d\u00e9");
    assertThat(EmailParser.decodeBase64("SGk\n=")).isEqualTo("Hi".getBytes(StandardCharsets.UTF_8));
    assertThat(EmailParser.parameter("text/plain; CHARSET=\"utf-8\"; x=y", "charset"))
        .isEqualTo("utf-8");
    assertThat(EmailParser.parameter("text/plain", "charset")).isNull();
  }

  @Test
  void messageRfc822PartsAreParsedAsMails() {
    String raw =
        "Subject: Fwd: offer\n"
            + "Content-Type: multipart/mixed; boundary=Z\n\n"
            + "--Z\nContent-Type: text/plain\n\nsee below\n"
            + "--Z\nContent-Type: message/rfc822\n\n"
            + "Subject: inner subject\nContent-Type: text/plain\n\ninner body\n"
            + "--Z--\n";
    assertThat(parser.parse(latin1(raw)).body())
        .isEqualTo("see below\n\ninner subject\n\ninner body");
  }
}
