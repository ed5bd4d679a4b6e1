package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpCallerTest {

  @Test
  void retryAfterAcceptsSecondsAndDatesAndIsCapped() {
    assertThat(HttpCaller.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(HttpCaller.retryAfter("0.5")).isEqualTo(Duration.ofMillis(500));
    assertThat(HttpCaller.retryAfter("86400")).isEqualTo(Duration.ofSeconds(60));
    assertThat(HttpCaller.retryAfter("-4")).isEqualTo(Duration.ZERO);
    assertThat(HttpCaller.retryAfter(null)).isNull();
    assertThat(HttpCaller.retryAfter("soon")).isNull();
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
    assertThat(HttpCaller.retryAfter(past)).isEqualTo(Duration.ZERO);
    String future =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    assertThat(HttpCaller.retryAfter(future)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void settingsNeverPrintTheSecretAndDurationsFormat() {
    HttpCaller.Settings s =
        new HttpCaller.Settings(
            "LLM endpoint",
            "http://x",
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            0,
            Duration.ZERO,
            "sk-hidden",
            "",
            null);
    assertThat(s.toString()).doesNotContain("sk-hidden").contains("secret=set");
    assertThat(HttpCaller.format(Duration.ofSeconds(60))).isEqualTo("60 s");
    assertThat(HttpCaller.format(Duration.ofMillis(300))).isEqualTo("300 ms");
  }
}
