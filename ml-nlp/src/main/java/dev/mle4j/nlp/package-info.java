/** Text classification. */
package dev.mle4j.nlp;
