package dev.mle4j.core.serving;

/**
 * What happened to one batch of a {@link DynamicBatcher}.
 *
 * @param size number of requests in the batch
 * @param collectNanos time from the arrival of the batch's first request until the batch was handed
 *     to the model
 * @param inferNanos time spent in the model's batch call
 * @param queueDepthAfter requests still waiting in the queue once the batch was taken out of it
 */
public record BatchStats(int size, long collectNanos, long inferNanos, int queueDepthAfter) {}
