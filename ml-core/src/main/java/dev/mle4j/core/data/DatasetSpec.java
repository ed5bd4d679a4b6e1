package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A dataset of the {@link DatasetCatalog}: what it is, which files make it up (with checksums) and
 * where it can be downloaded.
 *
 * @param id catalog id: lower-case letters, digits, {@code .}, {@code _} and {@code -}, e.g. {@code
 *     sms-spam}
 * @param description one line about the content
 * @param origin where the data comes from and under which terms (license or origin note)
 * @param mainPath the path under the data root that {@link DatasetCatalog#resolve} returns: one of
 *     the files, or a folder that holds them (e.g. {@code tabular/house-prices})
 * @param files the files (or folder trees) and their checksums; at least one
 * @param download how to fetch the files, or null when they cannot be downloaded automatically (the
 *     origin note then says how to get them)
 */
public record DatasetSpec(
    String id,
    String description,
    String origin,
    String mainPath,
    List<DatasetFile> files,
    DownloadSource download) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** Validates the id, paths and how the download maps onto the files. */
  public DatasetSpec {
    if (id == null || !ID.matcher(id).matches()) {
      throw new MlException(
          "Dataset id must be lower-case letters, digits, '.', '_' or '-', got '" + id + "'");
    }
    description = description == null ? "" : description;
    origin = origin == null ? "" : origin;
    if (files == null || files.isEmpty()) {
      throw new MlException("Dataset '" + id + "': at least one file is required");
    }
    files = List.copyOf(files);
    mainPath = DatasetFile.checkRelativePath(mainPath, "Dataset '" + id + "' mainPath");
    if (mainPath.endsWith("/")) {
      mainPath = mainPath.substring(0, mainPath.length() - 1);
    }
    String main = mainPath;
    if (files.stream()
        .noneMatch(f -> f.path().equals(main) || f.relativePath().startsWith(main + "/"))) {
      throw new MlException(
          "Dataset '"
              + id
              + "': mainPath '"
              + mainPath
              + "' is neither one of its files nor a folder holding them");
    }
    if (download != null && download.kind() == DownloadSource.Kind.FILE) {
      if (files.size() != 1 || files.get(0).isFolder()) {
        throw new MlException(
            "Dataset '" + id + "': a FILE download must describe exactly one file");
      }
    }
    if (download != null && download.kind().isArchive()) {
      for (DatasetFile f : files) {
        boolean covered =
            download.members().values().stream()
                .anyMatch(
                    target ->
                        target.equals(f.relativePath())
                            || (target.endsWith("/") && f.relativePath().startsWith(target)));
        if (!covered) {
          throw new MlException(
              "Dataset '"
                  + id
                  + "': no "
                  + (download.kind() == DownloadSource.Kind.ZIP ? "zip" : "tar")
                  + " member maps to "
                  + f.relativePath()
                  + " (members: "
                  + download.members()
                  + ")");
        }
      }
    }
  }

  /**
   * Tells whether the files can be downloaded automatically.
   *
   * @return true when a download source is known
   */
  public boolean downloadable() {
    return download != null;
  }
}
