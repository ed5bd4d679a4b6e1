package dev.mle4j.nlp.classical;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A discrete hyper-parameter space: for each parameter name (as a trainer factory understands it,
 * e.g. {@code l2} or {@code ngram_range}) the candidate values as strings. Immutable; parameters
 * keep their insertion order.
 */
public final class ParameterSpace {
  private final Map<String, List<String>> values;

  private ParameterSpace(Map<String, List<String>> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The candidate values of each parameter.
   *
   * @return parameter name to values, in insertion order
   */
  public Map<String, List<String>> values() {
    return values;
  }

  /**
   * The number of combinations.
   *
   * @return the product of the numbers of candidate values (saturating at {@link Long#MAX_VALUE})
   */
  public long size() {
    long n = 1;
    for (List<String> v : values.values()) {
      n = Math.multiplyHigh(n, v.size()) != 0 ? Long.MAX_VALUE : n * v.size();
    }
    return n;
  }

  /**
   * Every combination, the last parameter varying fastest.
   *
   * @return the combinations
   * @throws MlException if there are more than 100,000
   */
  public List<Map<String, String>> grid() {
    long n = size();
    if (n > 100_000) {
      throw new MlException(
          "the grid has " + n + " combinations (more than 100,000); use a random search");
    }
    List<Map<String, String>> out = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      out.add(combination(i));
    }
    return out;
  }

  /**
   * Distinct random combinations drawn uniformly from the grid with a seeded generator; the whole
   * grid (in grid order) when {@code count} is at least its size.
   *
   * @param count how many combinations, at least 1
   * @param seed random seed
   * @return the combinations, in draw order
   * @throws MlException if {@code count < 1}
   */
  public List<Map<String, String>> sample(int count, long seed) {
    if (count < 1) {
      throw new MlException("a random search needs at least 1 trial, got " + count);
    }
    long n = size();
    if (count >= n) {
      return grid();
    }
    Random random = new Random(seed);
    Set<Long> picked = new LinkedHashSet<>();
    while (picked.size() < count) {
      picked.add(Math.floorMod(random.nextLong(), n));
    }
    List<Map<String, String>> out = new ArrayList<>(count);
    for (long index : picked) {
      out.add(combination(index));
    }
    return out;
  }

  /** Decodes a mixed-radix index, the last parameter being the least significant digit. */
  private Map<String, String> combination(long index) {
    List<String> names = new ArrayList<>(values.keySet());
    String[] chosen = new String[names.size()];
    long rest = index;
    for (int p = names.size() - 1; p >= 0; p--) {
      List<String> v = values.get(names.get(p));
      chosen[p] = v.get((int) (rest % v.size()));
      rest /= v.size();
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int p = 0; p < names.size(); p++) {
      m.put(names.get(p), chosen[p]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return "ParameterSpace" + values;
  }

  /** Builds a {@link ParameterSpace}. */
  public static final class Builder {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a parameter and its candidate values.
     *
     * @param name the parameter name, not blank and not added before
     * @param candidates one or more distinct values
     * @return this builder
     * @throws MlException if the name is blank or repeated, or the values are empty or repeated
     */
    public Builder add(String name, List<String> candidates) {
      if (name == null || name.isBlank()) {
        throw new MlException("parameter name is empty");
      }
      if (values.containsKey(name)) {
        throw new MlException("parameter '" + name + "' is added twice");
      }
      Objects.requireNonNull(candidates, name);
      if (candidates.isEmpty()) {
        throw new MlException("parameter '" + name + "' has no candidate values");
      }
      if (new LinkedHashSet<>(candidates).size() != candidates.size()) {
        throw new MlException("parameter '" + name + "' repeats a value: " + candidates);
      }
      for (String c : candidates) {
        if (c == null || c.isBlank()) {
          throw new MlException("parameter '" + name + "' has an empty value: " + candidates);
        }
      }
      values.put(name, List.copyOf(candidates));
      return this;
    }

    /**
     * Adds a parameter and its candidate values.
     *
     * @param name the parameter name
     * @param candidates one or more distinct values
     * @return this builder
     */
    public Builder add(String name, String... candidates) {
      return add(name, List.of(candidates));
    }

    /**
     * Builds the space (an empty space has one combination: the defaults).
     *
     * @return the space
     */
    public ParameterSpace build() {
      return new ParameterSpace(values);
    }
  }
}
