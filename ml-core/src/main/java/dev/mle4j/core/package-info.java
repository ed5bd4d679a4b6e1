/** Shared types and infrastructure of mle4j: roles, metrics, data, registry, reports, serving. */
package dev.mle4j.core;
