package dev.mle4j.tabular.clean;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Objects;

/**
 * How a training job cleans its rows. Build with {@link #builder()}; {@link #defaults()} drops rows
 * with a missing target, keeps duplicates and does no outlier handling.
 *
 * @param dropDuplicates drop exact duplicate rows (all columns equal), keeping the first
 * @param dropMissingTarget drop rows whose target is missing
 * @param outlierColumns numeric columns to check for outliers
 * @param outlierMethod how the bounds are computed
 * @param iqrK the IQR fence multiplier (usually 1.5)
 * @param zThreshold the z-score bound (usually 3)
 * @param outlierPolicy what to do with values outside the bounds
 * @param correctDtypes apply {@link DtypeCorrections} to text columns before schema inference
 */
public record CleaningOptions(
    boolean dropDuplicates,
    boolean dropMissingTarget,
    List<String> outlierColumns,
    OutlierMethod outlierMethod,
    double iqrK,
    double zThreshold,
    OutlierPolicy outlierPolicy,
    boolean correctDtypes) {

  /** Validates the parts. */
  public CleaningOptions {
    outlierColumns = List.copyOf(outlierColumns);
    Objects.requireNonNull(outlierMethod, "outlierMethod");
    Objects.requireNonNull(outlierPolicy, "outlierPolicy");
    if (!(iqrK > 0) || !Double.isFinite(iqrK)) {
      throw new MlException("IQR multiplier k must be > 0, got " + iqrK);
    }
    if (!(zThreshold > 0) || !Double.isFinite(zThreshold)) {
      throw new MlException("z-score threshold must be > 0, got " + zThreshold);
    }
  }

  /**
   * The default options.
   *
   * @return options that only drop rows with a missing target (and correct text columns)
   */
  public static CleaningOptions defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CleaningOptions}. */
  public static final class Builder {
    private boolean dropDuplicates;
    private boolean dropMissingTarget = true;
    private List<String> outlierColumns = List.of();
    private OutlierMethod outlierMethod = OutlierMethod.IQR;
    private double iqrK = 1.5;
    private double zThreshold = 3.0;
    private OutlierPolicy outlierPolicy = OutlierPolicy.KEEP;
    private boolean correctDtypes = true;

    private Builder() {}

    /**
     * Whether to drop exact duplicate rows (default false).
     *
     * @param value true to drop
     * @return this builder
     */
    public Builder dropDuplicates(boolean value) {
      this.dropDuplicates = value;
      return this;
    }

    /**
     * Whether to drop rows with a missing target (default true).
     *
     * @param value true to drop
     * @return this builder
     */
    public Builder dropMissingTarget(boolean value) {
      this.dropMissingTarget = value;
      return this;
    }

    /**
     * Outlier handling on some numeric columns.
     *
     * @param policy REMOVE, CAP or KEEP
     * @param method IQR or ZSCORE
     * @param columns the columns
     * @return this builder
     */
    public Builder outliers(OutlierPolicy policy, OutlierMethod method, List<String> columns) {
      this.outlierPolicy = Objects.requireNonNull(policy, "policy");
      this.outlierMethod = Objects.requireNonNull(method, "method");
      this.outlierColumns = List.copyOf(columns);
      return this;
    }

    /**
     * The IQR fence multiplier (default 1.5).
     *
     * @param k the multiplier, &gt; 0
     * @return this builder
     */
    public Builder iqrK(double k) {
      this.iqrK = k;
      return this;
    }

    /**
     * The z-score bound (default 3).
     *
     * @param z the bound, &gt; 0
     * @return this builder
     */
    public Builder zThreshold(double z) {
      this.zThreshold = z;
      return this;
    }

    /**
     * Whether to correct messy text columns before schema inference (default true).
     *
     * @param value true to correct
     * @return this builder
     */
    public Builder correctDtypes(boolean value) {
      this.correctDtypes = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws MlException on a non-positive k or threshold
     */
    public CleaningOptions build() {
      return new CleaningOptions(
          dropDuplicates,
          dropMissingTarget,
          outlierColumns,
          outlierMethod,
          iqrK,
          zThreshold,
          outlierPolicy,
          correctDtypes);
    }
  }
}
