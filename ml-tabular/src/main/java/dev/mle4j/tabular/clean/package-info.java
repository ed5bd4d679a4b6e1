/**
 * Cleaning of training rows before fitting: duplicate and missing-target rows, outlier rows ({@link
 * dev.mle4j.tabular.clean.RowCleaner}, training only, never at serving) and type corrections of
 * messy text columns before schema inference ({@link dev.mle4j.tabular.clean.DtypeCorrections}).
 */
package dev.mle4j.tabular.clean;
