package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed arithmetic expression over columns: {@code + - * /}, unary minus, parentheses, numbers,
 * column names (letters, digits, {@code _} and {@code .}, or any text in backquotes such as {@code
 * `total rooms`}) and the functions {@code log1p}, {@code log}, {@code sqrt}, {@code abs}. Division
 * by zero, and functions outside their domain, give NaN; missing operands give NaN.
 *
 * <p>Grammar (recursive descent): {@code expr := term (('+'|'-') term)*}, {@code term := unary
 * (('*'|'/') unary)*}, {@code unary := '-' unary | primary}, {@code primary := number | name |
 * function '(' expr ')' | '(' expr ')'}.
 */
public final class Expression {

  /** A node of the expression tree. */
  private interface Node {
    double eval(Row row);
  }

  /** Column values of one row. */
  @FunctionalInterface
  public interface Row {
    /**
     * The value of a column.
     *
     * @param column the name
     * @return the value, NaN for missing
     */
    double get(String column);
  }

  private final String text;
  private final Node root;
  private final Set<String> columns;

  private Expression(String text, Node root, Set<String> columns) {
    this.text = text;
    this.root = root;
    this.columns = Collections.unmodifiableSet(columns);
  }

  /**
   * Parses an expression.
   *
   * @param text the expression text
   * @return the expression
   * @throws MlException pointing at the position of a syntax error
   */
  public static Expression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new MlException("expression: empty expression");
    }
    Parser p = new Parser(text);
    Node n = p.expr();
    p.skip();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.charAt(p.pos) + "'");
    }
    return new Expression(text, n, p.columns);
  }

  /**
   * The expression text.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * The columns the expression reads, in order of first use.
   *
   * @return the names
   */
  public Set<String> columns() {
    return columns;
  }

  /**
   * Evaluates the expression on one row.
   *
   * @param row the column values
   * @return the value; NaN for missing inputs, division by zero or domain errors
   */
  public double evaluate(Row row) {
    double v = root.eval(row);
    return Double.isFinite(v) ? v : Double.NaN;
  }

  @Override
  public String toString() {
    return text;
  }

  private static final class Parser {
    private final String s;
    private int pos;
    private final Set<String> columns = new LinkedHashSet<>();

    Parser(String s) {
      this.s = s;
    }

    MlException error(String what) {
      return new MlException("expression '" + s + "': " + what + " at position " + (pos + 1));
    }

    void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(char c) {
      skip();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    Node expr() {
      Node left = term();
      while (true) {
        if (eat('+')) {
          Node a = left;
          Node b = term();
          left = r -> a.eval(r) + b.eval(r);
        } else if (eat('-')) {
          Node a = left;
          Node b = term();
          left = r -> a.eval(r) - b.eval(r);
        } else {
          return left;
        }
      }
    }

    Node term() {
      Node left = unary();
      while (true) {
        if (eat('*')) {
          Node a = left;
          Node b = unary();
          left = r -> a.eval(r) * b.eval(r);
        } else if (eat('/')) {
          Node a = left;
          Node b = unary();
          left =
              r -> {
                double d = b.eval(r);
                return d == 0 ? Double.NaN : a.eval(r) / d;
              };
        } else {
          return left;
        }
      }
    }

    Node unary() {
      if (eat('-')) {
        Node a = unary();
        return r -> -a.eval(r);
      }
      if (eat('+')) {
        return unary();
      }
      return primary();
    }

    Node primary() {
      skip();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      if (c == '(') {
        pos++;
        Node n = expr();
        if (!eat(')')) {
          throw error("expected ')'");
        }
        return n;
      }
      if (Character.isDigit(c) || c == '.') {
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
          pos++;
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
          int save = pos;
          pos++;
          if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
            pos++;
          }
          if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
              pos++;
            }
          } else {
            pos = save;
          }
        }
        String num = s.substring(start, pos);
        double v;
        try {
          v = Double.parseDouble(num);
        } catch (NumberFormatException e) {
          pos = start;
          throw error("bad number '" + num + "'");
        }
        return r -> v;
      }
      if (c == '`') {
        int end = s.indexOf('`', pos + 1);
        if (end < 0) {
          throw error("unclosed backquote");
        }
        String name = s.substring(pos + 1, end);
        if (name.isEmpty()) {
          throw error("empty column name");
        }
        pos = end + 1;
        return column(name);
      }
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < s.length()
            && (Character.isLetterOrDigit(s.charAt(pos))
                || s.charAt(pos) == '_'
                || s.charAt(pos) == '.')) {
          pos++;
        }
        String name = s.substring(start, pos);
        skip();
        if (pos < s.length() && s.charAt(pos) == '(') {
          pos++;
          Node arg = expr();
          if (!eat(')')) {
            throw error("expected ')' after the argument of " + name);
          }
          return switch (name) {
            case "log1p" -> r -> Math.log1p(arg.eval(r));
            case "log" -> r -> Math.log(arg.eval(r));
            case "sqrt" -> r -> Math.sqrt(arg.eval(r));
            case "abs" -> r -> Math.abs(arg.eval(r));
            default -> {
              pos = start;
              throw error("unknown function '" + name + "' (known: log1p, log, sqrt, abs)");
            }
          };
        }
        return column(name);
      }
      throw error("unexpected '" + c + "'");
    }

    Node column(String name) {
      columns.add(name);
      return r -> r.get(name);
    }
  }

  /**
   * The column names of several expressions.
   *
   * @param expressions the expressions
   * @return all names they read
   */
  public static List<String> columnsOf(List<Expression> expressions) {
    Set<String> out = new LinkedHashSet<>();
    expressions.forEach(e -> out.addAll(e.columns()));
    return new ArrayList<>(out);
  }
}
