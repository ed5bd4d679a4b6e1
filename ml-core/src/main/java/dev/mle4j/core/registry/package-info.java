/**
 * A file-based model registry with content-hashed versions, stage tags and rollback ({@link
 * dev.mle4j.core.registry.ModelRegistry}), model card JSON ({@link
 * dev.mle4j.core.registry.ModelCardJson}) and crash-safe file writes ({@link
 * dev.mle4j.core.registry.AtomicFiles}).
 */
package dev.mle4j.core.registry;
