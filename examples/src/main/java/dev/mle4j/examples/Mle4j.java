package dev.mle4j.examples;

/** The mle4j launcher. */
public final class Mle4j {
  private Mle4j() {}

  /**
   * Entry point.
   *
   * @param args command line
   */
  public static void main(String[] args) {}
}
