package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The hyper-parameter ranges a tuner samples from: parameter name to an integer range, a double
 * range (linear or log scale) or a list of choices.
 *
 * @param params the ranges by parameter name, in a stable order
 */
public record ParamSpace(Map<String, Param> params) {

  /** Copies the map, keeping its order. */
  public ParamSpace {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** One parameter's range. */
  public sealed interface Param permits IntRange, DoubleRange, Choice {

    /**
     * Draws one value.
     *
     * @param random the random source
     * @return the value ({@link Integer}, {@link Double} or one of the choices)
     */
    Object sample(Random random);
  }

  /**
   * Integers from min to max inclusive.
   *
   * @param min lowest value
   * @param max highest value
   */
  public record IntRange(int min, int max) implements Param {
    /** Checks the bounds. */
    public IntRange {
      if (max < min) {
        throw new MlException("int range max " + max + " < min " + min);
      }
    }

    @Override
    public Object sample(Random random) {
      return min + random.nextInt(max - min + 1);
    }
  }

  /**
   * Doubles from min to max, uniform or log-uniform.
   *
   * @param min lowest value
   * @param max highest value
   * @param log whether to sample on a log scale (min must then be > 0)
   */
  public record DoubleRange(double min, double max, boolean log) implements Param {
    /** Checks the bounds. */
    public DoubleRange {
      if (!(max >= min) || (log && min <= 0)) {
        throw new MlException("bad double range [" + min + ", " + max + "] log=" + log);
      }
    }

    @Override
    public Object sample(Random random) {
      double u = random.nextDouble();
      return log
          ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
          : min + u * (max - min);
    }
  }

  /**
   * One of a list of values.
   *
   * @param values the choices
   */
  public record Choice(List<Object> values) implements Param {
    /** Copies and checks the list. */
    public Choice {
      if (values.isEmpty()) {
        throw new MlException("a choice needs at least one value");
      }
      values = List.copyOf(values);
    }

    @Override
    public Object sample(Random random) {
      return values.get(random.nextInt(values.size()));
    }
  }

  /**
   * Draws one value per parameter.
   *
   * @param random the random source
   * @return parameter name to value, in space order
   */
  public Map<String, Object> sample(Random random) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, v.sample(random)));
    return out;
  }
}
