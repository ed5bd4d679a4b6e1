package dev.mle4j.tabular.featurestore;

import java.time.Instant;

/**
 * What one materialization did.
 *
 * @param view the view name
 * @param start the window start (inclusive for a full run, exclusive for an incremental run); null
 *     when the window started at {@code end - ttl}
 * @param end the window end (inclusive), now the view's watermark
 * @param incremental whether the window started at the previous watermark
 * @param rowsRead offline rows inside the window (and within the TTL at {@code end})
 * @param entitiesWritten entities whose online record was written
 * @param seconds wall-clock duration
 */
public record MaterializeReport(
    String view,
    Instant start,
    Instant end,
    boolean incremental,
    long rowsRead,
    int entitiesWritten,
    double seconds) {}
