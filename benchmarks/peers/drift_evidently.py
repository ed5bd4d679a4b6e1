#!/usr/bin/env python3
"""Peer for dev.mle4j.tabular.drift: Evidently's per-column drift scores plus the same
statistics computed with SciPy directly.

Usage:
  python drift_evidently.py titanic [--shift] [--data /work/shared/data/tabular]
  python drift_evidently.py bike-sharing-hour [--shift]
  python drift_evidently.py --reference ref.csv --current cur.csv --numerical a,b --categorical c,d

The built-in data sets are split exactly like DriftDatasetsTest: row i (0-based) goes to the
reference when the top bit of SplitMix64(i) is 0 (see in_reference), the rest is the current half; --shift applies the
same deliberate shift as the Java test to the current half. Prints JSON:
{"evidently_version", "columns": {col: {"evidently": {"test", "score", "drift"},
"scipy": {"test", "score"}}}, "share_of_drifted_columns", "dataset_drift"}.
Install: pip install evidently "pandas<2.3" scipy  (tested with evidently 0.7.23, pandas 2.2,
scipy 1.17.1; Evidently's legacy DataDriftTable does not import under pandas 3). Evidently's
scores are taken from the legacy Report(metrics=[DataDriftTable()]) with an explicit
ColumnMapping; the "scipy" entry recomputes the same default test directly with SciPy, and --psi
adds Evidently's PSI (its get_binned_data bins) per column.
Measured (DriftDatasetsTest logs): Java vs Evidently max relative difference 2.5e-12 (bike) and
9.2e-15 (titanic); Evidently and the direct SciPy numbers agree to the last digits.
"""
import argparse
import json
import sys
import warnings

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

warnings.filterwarnings("ignore")

# Column types as dev.mle4j.tabular.data.SchemaInference.defaults() infers them.
# BOOLEAN columns are treated as categorical, ID columns are skipped.
SPECS = {
    "titanic": {
        "numerical": ["survived", "pclass", "age", "sibsp", "parch", "fare"],
        "categorical": ["sex", "embarked", "class", "who", "adult_male", "deck",
                        "embark_town", "alive", "alone"],
        "datetime": [],
    },
    "bike-sharing-hour": {
        "numerical": ["season", "yr", "mnth", "hr", "holiday", "weekday", "workingday",
                      "weathersit", "temp", "atemp", "hum", "windspeed", "casual",
                      "registered", "cnt", "dteday"],
        "categorical": [],
        "datetime": ["dteday"],
    },
}


MASK = 0xFFFFFFFFFFFFFFFF


def in_reference(i):
    """SplitMix64 of row i: the row belongs to the reference when the top bit is 0."""
    z = ((i + 1) * 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z = z ^ (z >> 31)
    return (z >> 63) == 0


def split(frame):
    ref_mask = np.array([in_reference(i) for i in range(len(frame))])
    return frame[ref_mask].reset_index(drop=True), frame[~ref_mask].reset_index(drop=True)


def shift(name, cur):
    """The deliberate shift of DriftDatasetsTest, applied to the current half."""
    cur = cur.copy()
    if name == "titanic":
        cur["fare"] = cur["fare"] * 1.5
        cur["age"] = cur["age"] + 10
        cur["sibsp"] = cur["sibsp"] + 1
        cur["parch"] = cur["parch"] + 1
        cur["embarked"] = cur["embarked"].replace({"S": "Q"})
        cur["embark_town"] = cur["embark_town"].replace({"Southampton": "Queenstown"})
        cur["pclass"] = cur["pclass"].replace({3: 2})
        cur["class"] = cur["class"].replace({"Third": "Second"})
    else:
        cur["temp"] = cur["temp"] + 0.1
        cur["atemp"] = cur["atemp"] + 0.1
        cur["hum"] = cur["hum"] * 0.8
        cur["windspeed"] = cur["windspeed"] * 1.5
        cur["weathersit"] = cur["weathersit"].replace({1: 2})
        for c in ("casual", "registered", "cnt"):
            cur[c] = cur[c] * 1.5
    return cur


def n_unique(ref, cur):
    return pd.concat([ref, cur]).nunique()


def default_test(ref, cur, numerical):
    n_values = n_unique(ref, cur)
    if len(ref) <= 1000:
        if numerical and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if numerical and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def binned(ref, cur, numerical, fill):
    if numerical and ref.nunique() > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref.values, cur.values]), bins="sturges")
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        keys = list(set(ref.unique()) | set(cur.unique()))
        rc, cc = ref.value_counts(), cur.value_counts()
        r = np.array([rc.get(k, 0) / len(ref) for k in keys])
        c = np.array([cc.get(k, 0) / len(cur) for k in keys])
    if fill:
        for arr in (r, c):
            m = arr[arr != 0].min()
            arr[arr == 0] = m / 10**6 if m <= 0.0001 else 0.0001
    return r, c


def scipy_score(test, ref, cur, numerical):
    if test == "ks":
        return float(stats.ks_2samp(ref, cur)[1])
    if test == "wasserstein":
        return float(stats.wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001))
    if test == "chisquare":
        keys = list(set(ref.unique()) | set(cur.unique()))
        rc, cc = ref.value_counts(), cur.value_counts()
        k = len(cur) / len(ref)
        return float(stats.chisquare([cc.get(x, 0) for x in keys],
                                     [rc.get(x, 0) * k for x in keys])[1])
    if test == "z":
        keys = list(set(ref.unique()) | set(cur.unique()))
        if len(keys) == 1:
            return 1.0
        p1 = float((ref != keys[0]).mean())
        p2 = float((cur != keys[0]).mean())
        n1, n2 = len(ref), len(cur)
        pp = (p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2))
        return float(2 * (1 - stats.norm.cdf(abs(z))))
    if test == "jensenshannon":
        r, c = binned(ref, cur, numerical, False)
        return float(distance.jensenshannon(r, c))
    if test == "psi":
        r, c = binned(ref, cur, numerical, True)
        return float(np.sum((r - c) * np.log(r / c)))
    raise ValueError(test)


def evidently_scores(ref, cur, numerical, categorical):
    try:
        from evidently.legacy.metrics import DataDriftTable
        from evidently.legacy.pipeline.column_mapping import ColumnMapping
        from evidently.legacy.report import Report
    except ImportError as e:  # pragma: no cover
        return None, str(e)
    mapping = ColumnMapping(numerical_features=numerical, categorical_features=categorical,
                            target=None, prediction=None, datetime=None, id=None)
    report = Report(metrics=[DataDriftTable()])
    report.run(reference_data=ref, current_data=cur, column_mapping=mapping)
    result = report.as_dict()["metrics"][0]["result"]
    cols = {}
    for col, r in result["drift_by_columns"].items():
        cols[col] = {"test": r["stattest_name"], "score": r["drift_score"],
                     "drift": bool(r["drift_detected"])}
    return {"columns": cols, "share": result["share_of_drifted_columns"],
            "dataset_drift": result["dataset_drift"]}, None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dataset", nargs="?")
    p.add_argument("--shift", action="store_true")
    p.add_argument("--data", default="/work/shared/data/tabular")
    p.add_argument("--reference")
    p.add_argument("--current")
    p.add_argument("--numerical", default="")
    p.add_argument("--categorical", default="")
    p.add_argument("--psi", action="store_true", help="also compute PSI for every column")
    a = p.parse_args()
    if a.dataset:
        spec = SPECS[a.dataset]
        frame = pd.read_csv(f"{a.data}/{a.dataset}.csv", float_precision="round_trip")
        for c in spec["datetime"]:
            frame[c] = pd.to_datetime(frame[c].astype(str), format="%Y%m%d").astype(
                "int64") // 10**9
            frame[c] = frame[c].astype(float)
        for c in spec["categorical"]:
            frame[c] = frame[c].map(lambda v: v if pd.isna(v) else str(v))
        ref, cur = split(frame)
        if a.shift:
            cur = shift(a.dataset, cur)
        numerical, categorical = spec["numerical"], spec["categorical"]
    else:
        ref = pd.read_csv(a.reference, float_precision="round_trip")
        cur = pd.read_csv(a.current, float_precision="round_trip")
        numerical = [c for c in a.numerical.split(",") if c]
        categorical = [c for c in a.categorical.split(",") if c]
    ev, err = evidently_scores(ref, cur, numerical, categorical)
    out = {"reference_rows": len(ref), "current_rows": len(cur), "columns": {}}
    try:
        import evidently
        out["evidently_version"] = evidently.__version__
    except ImportError:
        out["evidently_version"] = None
    if err:
        out["evidently_error"] = err
    for col in numerical + categorical:
        r = ref[col].replace([np.inf, -np.inf], np.nan).dropna()
        c = cur[col].replace([np.inf, -np.inf], np.nan).dropna()
        test = default_test(r, c, col in numerical)
        entry = {"scipy": {"test": test, "score": scipy_score(test, r, c, col in numerical)}}
        if a.psi:
            entry["psi"] = scipy_score("psi", r, c, col in numerical)
        if ev and col in ev["columns"]:
            entry["evidently"] = ev["columns"][col]
        out["columns"][col] = entry
    if ev:
        out["share_of_drifted_columns"] = ev["share"]
        out["dataset_drift"] = ev["dataset_drift"]
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
