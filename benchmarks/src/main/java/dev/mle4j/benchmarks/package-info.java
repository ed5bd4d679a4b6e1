/** JMH benchmarks and the HTTP load runner. */
package dev.mle4j.benchmarks;
