package dev.mle4j.core.data;

import dev.mle4j.core.config.Validated;
import dev.mle4j.core.config.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The content of a user catalog file (YAML or JSON): {@code datasets:} followed by a list of {@link
 * DatasetSpec} objects.
 *
 * @param datasets the entries
 */
record CatalogFile(List<DatasetSpec> datasets) implements Validated {

  CatalogFile {
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
  }

  @Override
  public List<Violation> violations() {
    List<Violation> violations = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < datasets.size(); i++) {
      if (!ids.add(datasets.get(i).id())) {
        violations.add(
            Violation.of("datasets[" + i + "].id", "duplicate id '" + datasets.get(i).id() + "'"));
      }
    }
    return violations;
  }
}
