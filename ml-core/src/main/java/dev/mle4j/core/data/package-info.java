/**
 * Data utilities: {@link dev.mle4j.core.data.CsvReader} for delimited files, seeded splits ({@link
 * dev.mle4j.core.data.Splits}, {@link dev.mle4j.core.data.KFold}, {@link
 * dev.mle4j.core.data.StratifiedKFold}), SHA-256 {@link dev.mle4j.core.data.Fingerprints}, and the
 * {@link dev.mle4j.core.data.DatasetCatalog} that locates, verifies and downloads datasets.
 */
package dev.mle4j.core.data;
