/**
 * Reading R data without R: the binary (XDR) serialization format of {@code saveRDS}/{@code
 * serialize} (versions 2 and 3), {@code .rds} files, and the lazy-load databases ({@code Rdata.rdx}
 * + {@code Rdata.rdb}) in which installed R packages keep their data sets; R data frames convert to
 * {@link dev.mle4j.tabular.data.DataFrame}.
 *
 * <pre>{@code
 * try (LazyLoadDatabase db = LazyLoadDatabase.open(Path.of("/usr/lib/R/site-library/modeldata"))) {
 *   DataFrame ames = db.dataFrame("ames");
 * }
 * }</pre>
 */
package dev.mle4j.tabular.data.rdata;
