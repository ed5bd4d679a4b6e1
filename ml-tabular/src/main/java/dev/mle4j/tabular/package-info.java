/**
 * Tabular prediction and MLOps (EDA, FeaturePipeline, models, feature store, drift). The capability
 * lands with its own issue; this module fixes its place in the build.
 */
package dev.mle4j.tabular;
