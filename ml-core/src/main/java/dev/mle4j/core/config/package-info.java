/**
 * Typed configuration: {@link dev.mle4j.core.config.ConfigLoader} binds YAML or JSON files to
 * records, rejects unknown fields and wrong types, runs {@link dev.mle4j.core.config.Validated}
 * checks, and reports every problem as a {@link dev.mle4j.core.config.ConfigException} naming the
 * field path and its line and column.
 */
package dev.mle4j.core.config;
