package dev.mle4j.tabular.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

  private static Instant next(String cron, String after) {
    return CronExpression.parse(cron).next(Instant.parse(after));
  }

  @Test
  void nextFireTimes() {
    assertThat(next("* * * * *", "2026-11-26T08:14:20Z")).isEqualTo("2026-11-26T08:15:00Z");
    assertThat(next("* * * * *", "2026-11-26T08:15:00Z")).isEqualTo("2026-11-26T08:16:00Z");
    assertThat(next("*/15 * * * *", "2026-11-26T08:14:20Z")).isEqualTo("2026-11-26T08:15:00Z");
    assertThat(next("*/15 * * * *", "2026-11-26T08:50:00Z")).isEqualTo("2026-11-26T09:00:00Z");
    assertThat(next("30 2 * * *", "2026-11-26T08:14:20Z")).isEqualTo("2026-11-27T02:30:00Z");
    assertThat(next("0 9-17/4 * * 1-5", "2026-11-27T13:00:00Z")).isEqualTo("2026-11-27T17:00:00Z");
    // Friday 17:00 passed -> next Monday 09:00
    assertThat(next("0 9-17/4 * * 1-5", "2026-11-27T17:00:00Z")).isEqualTo("2026-11-30T09:00:00Z");
    assertThat(next("0 0 1 1,7 *", "2026-11-26T08:14:20Z")).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
    // Sunday as 7 and 0
    assertThat(next("0 12 * * 7", "2026-11-26T08:14:20Z")).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(next("0 12 * * 0", "2026-11-26T08:14:20Z")).isEqualTo("2026-11-29T12:00:00Z");
    // both day fields restricted: either matches (the 1st or a Monday)
    assertThat(next("0 0 1 * 1", "2026-11-26T08:14:20Z")).isEqualTo("2026-11-30T00:00:00Z");
    assertThat(next("0 0 1 * 1", "2026-11-30T00:00:00Z")).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(next("5,10 23 31 12 *", "2026-12-31T23:07:00Z")).isEqualTo("2026-12-31T23:10:00Z");
    assertThat(next("5,10 23 31 12 *", "2026-12-31T23:10:00Z")).isEqualTo("2027-12-31T23:05:00Z");
  }

  @Test
  void badExpressionsHaveClearMessages() {
    assertThatThrownBy(() -> CronExpression.parse("* * * *"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must have 5 fields")
        .hasMessageContaining("got 4");
    assertThatThrownBy(() -> CronExpression.parse("60 * * * *"))
        .hasMessageContaining("cron minute value in '60' is out of range 0-59");
    assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *"))
        .hasMessageContaining("cron hour range '5-2' runs backwards");
    assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *"))
        .hasMessageContaining("step in '*/0' must be at least 1");
    assertThatThrownBy(() -> CronExpression.parse("* * 0 * *"))
        .hasMessageContaining("day-of-month value in '0' is out of range 1-31");
    assertThatThrownBy(() -> CronExpression.parse("* * * JAN *"))
        .hasMessageContaining("cron month field 'JAN': 'JAN' is not a number");
    assertThatThrownBy(() -> CronExpression.parse("1,,2 * * * *"))
        .hasMessageContaining("empty list item");
    assertThatThrownBy(() -> CronExpression.parse("0 0 31 2 *").next(Instant.EPOCH))
        .hasMessageContaining("never fires");
  }
}
