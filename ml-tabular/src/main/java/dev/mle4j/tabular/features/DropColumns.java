package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Drops columns by name (e.g. ids) and/or by type (e.g. all TEXT and ID columns). Named columns
 * must exist at fit time; at transform time absent columns are ignored.
 */
public final class DropColumns implements FeatureStep {

  private final List<String> names;
  private final Set<ColumnType> types;

  private DropColumns(List<String> names, Set<ColumnType> types) {
    this.names = List.copyOf(names);
    this.types = types.isEmpty() ? EnumSet.noneOf(ColumnType.class) : EnumSet.copyOf(types);
  }

  /**
   * Drops named columns.
   *
   * @param names the columns
   * @return the step
   */
  public static DropColumns named(List<String> names) {
    return new DropColumns(names, Set.of());
  }

  /**
   * Drops all columns of some types.
   *
   * @param types the types
   * @return the step
   */
  public static DropColumns ofTypes(Set<ColumnType> types) {
    return new DropColumns(List.of(), types);
  }

  @Override
  public String name() {
    return "drop";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> drop = new ArrayList<>();
    for (String n : names) {
      if (!train.has(n)) {
        throw new MlException(
            name() + ": no column '" + n + "' to drop; columns: " + train.columns());
      }
      drop.add(n);
    }
    for (String c : train.columns()) {
      if (types.contains(train.type(c)) && !drop.contains(c)) {
        drop.add(c);
      }
    }
    return new FittedDrop(drop);
  }

  @Override
  public String toString() {
    return "Drop["
        + (names.isEmpty() ? "" : names)
        + (types.isEmpty() ? "" : " types=" + types)
        + "]";
  }

  /**
   * A fitted {@link DropColumns}.
   *
   * @param columns the dropped columns
   */
  public record FittedDrop(List<String> columns) implements FittedStep {

    /** Copies the list. */
    public FittedDrop {
      columns = List.copyOf(columns);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      return frame.drop(columns);
    }
  }
}
