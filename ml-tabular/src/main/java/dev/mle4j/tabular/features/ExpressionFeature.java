package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric column computed from an {@link Expression} over number-stored columns, e.g. {@code
 * rooms_per_person = total_rooms / total_people}. The fitted step keeps the expression text and
 * parses it again when loaded. Missing inputs and division by zero give NaN (missing).
 */
public final class ExpressionFeature implements FeatureStep {

  private final String output;
  private final String text;

  private ExpressionFeature(String output, String text) {
    Expression.parse(text);
    if (output == null || output.isBlank()) {
      throw new MlException("expression: the output name must not be blank");
    }
    this.output = output;
    this.text = text;
  }

  /**
   * A feature with an explicit name.
   *
   * @param output the output column name
   * @param expression the expression text
   * @return the step
   * @throws MlException if the expression does not parse
   */
  public static ExpressionFeature of(String output, String expression) {
    return new ExpressionFeature(output, expression);
  }

  /**
   * A feature from {@code "name = expression"}, or a bare expression named by its own text.
   *
   * @param definition the definition
   * @return the step
   */
  public static ExpressionFeature parse(String definition) {
    int eq = definition.indexOf('=');
    if (eq > 0) {
      return new ExpressionFeature(
          definition.substring(0, eq).strip(), definition.substring(eq + 1).strip());
    }
    return new ExpressionFeature(definition.strip(), definition.strip());
  }

  @Override
  public String name() {
    return "expression";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    FittedExpression f = new FittedExpression(output, text);
    for (String c : Expression.parse(text).columns()) {
      FeatureColumns.numeric(train, c, name() + " '" + text + "'");
    }
    return f;
  }

  @Override
  public String toString() {
    return "Expression[" + output + " = " + text + "]";
  }

  /**
   * A fitted {@link ExpressionFeature}.
   *
   * @param output the output column
   * @param expression the expression text
   */
  public record FittedExpression(String output, String expression) implements FittedStep {

    /** Checks that the expression parses. */
    public FittedExpression {
      Expression.parse(expression);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      Expression e = Expression.parse(expression);
      Map<String, double[]> cols = new HashMap<>();
      for (String c : e.columns()) {
        cols.put(c, FeatureColumns.numeric(frame, c, "expression '" + expression + "'"));
      }
      double[] out = new double[frame.rows()];
      for (int i = 0; i < out.length; i++) {
        int row = i;
        out[i] = e.evaluate(c -> cols.get(c)[row]);
      }
      return frame.with(output, ColumnType.NUMERIC, out);
    }
  }

  /**
   * Steps for several definitions ({@code "name = expression"}).
   *
   * @param definitions the definitions
   * @return one step per definition
   */
  public static List<FeatureStep> all(List<String> definitions) {
    return definitions.stream().map(d -> (FeatureStep) parse(d)).toList();
  }
}
