#!/usr/bin/env python3
"""scikit-learn / XGBoost / LightGBM peers of mle4j's tabular models, on the same folds.

For a CSV, a target column and a task, runs cross-validation of:
  ColumnTransformer: numeric  -> SimpleImputer(median) + StandardScaler
                     categorical -> SimpleImputer(most_frequent)
                                    + OneHotEncoder(handle_unknown='ignore', min_frequency=5)
  + one of
    regression:      ridge (alpha 1), random_forest (300 trees), hist_gradient_boosting,
                     xgboost, lightgbm
    classification:  logistic_regression (C 1), random_forest (300 trees),
                     hist_gradient_boosting, xgboost, lightgbm
  xgboost: 500 rounds, eta 0.05, max_depth 5, subsample 0.8, colsample_bytree 0.8 (hist);
  lightgbm: 500 rounds, learning_rate 0.05, max_depth 5, num_leaves 31, bagging 0.8 every
  iteration, feature_fraction 0.8; hist_gradient_boosting: 500 iterations, learning rate 0.05,
  max_depth 5. Everything with random_state 42.

Cleaning mirrors mle4j's loader: cells are trimmed, blank / NA tokens are missing, text columns
whose every value is a number (after removing thousands separators, currency symbols, %) become
numeric, yes/no/true/false columns become 0/1. Class labels are sorted like mle4j's Target
(numbers numerically, no/false before yes/true, else text order); for two classes the second
label is the positive class.

Metrics use mle4j's definitions and names (TabularMetrics):
  regression      rmse, mae, r2, rmsle (targets >= 0; negative predictions clipped to 0),
                  rmse_log (targets > 0; predictions floored at 1e-9)
  classification  accuracy, f1 (positive class for two classes, macro otherwise),
                  roc_auc (binary, or one-vs-rest macro), pr_auc (average precision, binary)
Each metric is reported as the mean over folds plus <metric>_std (population std over folds),
with fit_seconds (mean fit time per fold, preprocessing included).

Folds: --folds FILE reads {"n_rows": n, "folds": [{"train": [...], "test": [...]}]} as written by
the Java job (0-based row indices into the CSV rows, after sorting by --time-col if given);
without it, 5-fold KFold (regression) or StratifiedKFold (classification), shuffled, seed 42.

usage:
  python3 benchmarks/peers/tabular_peers.py --csv FILE --target COL --task regression|classification
      [--drop COL[,COL...]] [--log-target] [--folds FILE] [--time-col COL] [--models a,b]
      [--min-frequency N] [--threads N]
      [--out FILE]
example:
  python3 benchmarks/peers/tabular_peers.py --csv $MLE4J_DATA/tabular/titanic.csv \
      --target survived --task classification --drop alive --out outputs/peers/titanic.json
"""
import argparse
import json
import math
import os
import platform
import re
import sys
import time


def _threads_from_argv(argv):
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--threads="):
            return a.split("=", 1)[1]
    return "1"


# OpenMP pools (HistGradientBoosting, LightGBM, XGBoost) size themselves at import time.
os.environ.setdefault("OMP_NUM_THREADS", _threads_from_argv(sys.argv))

import numpy as np  # noqa: E402
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, average_precision_score, f1_score, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 42
MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?"}
TRUE = {"true", "yes", "t", "y"}
FALSE = {"false", "no", "f", "n"}
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
LOG_FLOOR = 1e-9


def fail(message):
    print("tabular_peers: " + message, file=sys.stderr)
    sys.exit(2)


# ----------------------------------------------------------------------------- loading

def messy_number(text):
    t = text.strip()
    negative = False
    if len(t) > 2 and t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    sign = ""
    if t[:1] in "+-" and t:
        sign, t = t[0], t[1:].strip()
    if t and t[0] in "$€£¥₹":
        t = t[1:].strip()
    elif t and t[-1] in "$€£¥₹":
        t = t[:-1].strip()
    if not sign and t[:1] in ("+", "-") and t:
        sign, t = t[0], t[1:]
    percent = t.endswith("%")
    if percent:
        t = t[:-1].strip()
    if THOUSANDS.match(t):
        t = t.replace(",", "")
    if not NUMBER.match(t):
        return None
    v = float(t) / (100.0 if percent else 1.0)
    return -v if (sign == "-") != negative else v


def load(csv_path):
    if not os.path.isfile(csv_path):
        fail("no such CSV file: " + csv_path)
    raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    columns = {}
    for col in raw.columns:
        cells = [None if s.strip() in MISSING else s.strip() for s in raw[col].tolist()]
        present = [s for s in cells if s is not None]
        if present and all(s.lower() in TRUE | FALSE for s in present):
            columns[col] = pd.Series([np.nan if s is None else (1.0 if s.lower() in TRUE else 0.0)
                                      for s in cells], dtype=float)
            continue
        numbers = [None if s is None else messy_number(s) for s in cells]
        if present and all(v is not None for v, s in zip(numbers, cells) if s is not None):
            columns[col] = pd.Series([np.nan if v is None else v for v in numbers], dtype=float)
        else:
            columns[col] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns)


def target_labels(csv_path, target):
    """The target column as raw text (so 0/1 and yes/no order like mle4j); None when missing."""
    raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False, usecols=[target])
    return [None if s.strip() in MISSING else s.strip() for s in raw[target].tolist()]


def label_order(values):
    def is_num(s):
        try:
            float(s)
            return True
        except ValueError:
            return False
    labels = sorted(set(values))
    if all(is_num(v) for v in labels):
        return sorted(labels, key=lambda v: (float(v), v))
    if all(v.lower() in TRUE | FALSE for v in labels):
        return sorted(labels, key=lambda v: (v.lower() in TRUE, v))
    return labels


# ----------------------------------------------------------------------------- models

def preprocessor(numeric, categorical, min_frequency):
    parts = []
    if numeric:
        parts.append(("num", Pipeline([("impute", SimpleImputer(strategy="median")),
                                       ("scale", StandardScaler())]), numeric))
    if categorical:
        parts.append(("cat", Pipeline([
            ("impute", SimpleImputer(strategy="most_frequent")),
            ("onehot", OneHotEncoder(handle_unknown="ignore", min_frequency=min_frequency,
                                     sparse_output=False))]), categorical))
    return ColumnTransformer(parts, remainder="drop", sparse_threshold=0.0)


def models(task, n_classes, threads):
    out = {}
    if task == "regression":
        out["ridge"] = lambda: Ridge(alpha=1.0)
        out["random_forest"] = lambda: RandomForestRegressor(
            n_estimators=300, random_state=SEED, n_jobs=threads)
        out["hist_gradient_boosting"] = lambda: HistGradientBoostingRegressor(
            max_iter=500, learning_rate=0.05, max_depth=5, random_state=SEED)
    else:
        out["logistic_regression"] = lambda: LogisticRegression(C=1.0, max_iter=5000)
        out["random_forest"] = lambda: RandomForestClassifier(
            n_estimators=300, random_state=SEED, n_jobs=threads)
        out["hist_gradient_boosting"] = lambda: HistGradientBoostingClassifier(
            max_iter=500, learning_rate=0.05, max_depth=5, random_state=SEED)
    try:
        import xgboost as xgb
        xgb_params = dict(n_estimators=500, learning_rate=0.05, max_depth=5, subsample=0.8,
                          colsample_bytree=0.8, tree_method="hist", random_state=SEED,
                          n_jobs=threads)
        if task == "regression":
            out["xgboost"] = lambda: xgb.XGBRegressor(**xgb_params)
        else:
            out["xgboost"] = lambda: xgb.XGBClassifier(
                **xgb_params, eval_metric="logloss" if n_classes == 2 else "mlogloss")
    except ImportError:
        print("tabular_peers: xgboost is not installed; skipping it", file=sys.stderr)
    try:
        import lightgbm as lgb
        lgb_params = dict(n_estimators=500, learning_rate=0.05, max_depth=5, num_leaves=31,
                          subsample=0.8, subsample_freq=1, colsample_bytree=0.8,
                          random_state=SEED, n_jobs=threads, verbose=-1)
        if task == "regression":
            out["lightgbm"] = lambda: lgb.LGBMRegressor(**lgb_params)
        else:
            out["lightgbm"] = lambda: lgb.LGBMClassifier(**lgb_params)
    except ImportError:
        print("tabular_peers: lightgbm is not installed; skipping it", file=sys.stderr)
    return out


# ----------------------------------------------------------------------------- metrics

def regression_metrics(y, pred):
    out = {"rmse": math.sqrt(mean_squared_error(y, pred)),
           "mae": mean_absolute_error(y, pred)}
    if len(y) > 1 and np.var(y) > 0:
        out["r2"] = r2_score(y, pred)
    if (y >= 0).all():
        out["rmsle"] = math.sqrt(np.mean((np.log1p(y) - np.log1p(np.maximum(pred, 0.0))) ** 2))
    if (y > 0).all():
        out["rmse_log"] = math.sqrt(np.mean((np.log(y) - np.log(np.maximum(pred, LOG_FLOOR))) ** 2))
    return out


def classification_metrics(y, proba, n_classes):
    pred = np.argmax(proba, axis=1)
    out = {"accuracy": accuracy_score(y, pred)}
    if n_classes == 2:
        out["f1"] = f1_score(y, pred, pos_label=1, zero_division=0)
    else:
        out["f1"] = f1_score(y, pred, labels=list(range(n_classes)), average="macro",
                             zero_division=0)
    counts = np.bincount(y, minlength=n_classes)
    if ((counts > 0) & (counts < len(y))).all():
        if n_classes == 2:
            out["roc_auc"] = roc_auc_score(y, proba[:, 1])
        else:
            out["roc_auc"] = roc_auc_score(y, proba, multi_class="ovr", average="macro",
                                           labels=list(range(n_classes)))
    if n_classes == 2 and counts[1] > 0:
        out["pr_auc"] = average_precision_score(y, proba[:, 1])
    return out


def full_proba(model, x, n_classes):
    """Probabilities with one column per class even if a training fold missed a class."""
    p = model.predict_proba(x)
    classes = model.classes_ if hasattr(model, "classes_") else model[-1].classes_
    out = np.zeros((p.shape[0], n_classes))
    out[:, np.asarray(classes, dtype=int)] = p
    return out


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--task", required=True, choices=["regression", "classification"])
    ap.add_argument("--drop", action="append", default=[],
                    help="columns to leave out (comma-separated, repeatable)")
    ap.add_argument("--log-target", action="store_true",
                    help="regression: fit on log1p(target), predict expm1")
    ap.add_argument("--folds", help="folds JSON written by the Java job")
    ap.add_argument("--time-col", help="sort rows by this column (stable) before using the folds")
    ap.add_argument("--models", help="comma-separated subset of the model names")
    ap.add_argument("--min-frequency", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1,
                    help="threads per model (default 1; OpenMP pools spin badly on busy machines)")
    ap.add_argument("--out", help="JSON file to write (also printed)")
    args = ap.parse_args()

    frame = load(args.csv)
    if args.target not in frame.columns:
        fail(f"unknown target column '{args.target}'; columns: {list(frame.columns)}")
    drop = [c.strip() for d in args.drop for c in d.split(",") if c.strip()]
    for c in drop + ([args.time_col] if args.time_col else []):
        if c not in frame.columns:
            fail(f"unknown column '{c}'; columns: {list(frame.columns)}")
    raw_target = target_labels(args.csv, args.target)
    if args.time_col:
        order = pd.to_datetime(frame[args.time_col], errors="coerce") \
            if frame[args.time_col].dtype == object else frame[args.time_col]
        idx = np.argsort(order.to_numpy(), kind="stable")
        frame = frame.iloc[idx].reset_index(drop=True)
        raw_target = [raw_target[i] for i in idx]
        drop.append(args.time_col)
    if any(v is None for v in raw_target):
        fail(f"target '{args.target}' is missing at data row "
             f"{raw_target.index(None) + 1}")

    features = frame.drop(columns=[args.target] + drop)
    numeric = [c for c in features.columns if features[c].dtype != object]
    categorical = [c for c in features.columns if features[c].dtype == object]
    n = len(frame)

    if args.task == "classification":
        labels = label_order(raw_target)
        if len(labels) < 2:
            fail(f"target '{args.target}' needs at least two classes, found {labels}")
        index = {l: i for i, l in enumerate(labels)}
        y = np.asarray([index[v] for v in raw_target], dtype=int)
        n_classes = len(labels)
    else:
        y = frame[args.target].to_numpy(dtype=float)
        if np.isnan(y).any():
            fail(f"regression target '{args.target}' is not numeric or has missing values")
        if args.log_target and (y <= -1).any():
            fail("--log-target needs targets > -1")
        labels, n_classes = [], 0

    if args.folds:
        with open(args.folds, encoding="utf-8") as fh:
            spec = json.load(fh)
        if spec.get("n_rows") != n:
            fail(f"folds file {args.folds} is for {spec.get('n_rows')} rows, the CSV has {n}")
        folds = [(np.asarray(f["train"], dtype=int), np.asarray(f["test"], dtype=int))
                 for f in spec["folds"]]
        folds_source = "file"
    else:
        splitter = (StratifiedKFold(5, shuffle=True, random_state=SEED)
                    if args.task == "classification" else KFold(5, shuffle=True, random_state=SEED))
        folds = list(splitter.split(np.zeros(n), y))
        folds_source = ("StratifiedKFold" if args.task == "classification" else "KFold") \
            + "(5, shuffle, seed 42)"

    candidates = models(args.task, n_classes, args.threads)
    if args.models:
        wanted = [m.strip() for m in args.models.split(",")]
        unknown = [m for m in wanted if m not in candidates]
        if unknown:
            fail(f"unknown models {unknown}; available: {list(candidates)}")
        candidates = {m: candidates[m] for m in wanted}

    results = {}
    for name, make in candidates.items():
        per_fold, fit_times = [], []
        for train, test in folds:
            model = Pipeline([("prep", preprocessor(numeric, categorical, args.min_frequency)),
                              ("model", make())])
            x_train, x_test = features.iloc[train], features.iloc[test]
            start = time.perf_counter()
            if args.task == "regression":
                y_fit = np.log1p(y[train]) if args.log_target else y[train]
                model.fit(x_train, y_fit)
                fit_times.append(time.perf_counter() - start)
                pred = model.predict(x_test)
                if args.log_target:
                    pred = np.expm1(pred)
                per_fold.append(regression_metrics(y[test], pred))
            else:
                model.fit(x_train, y[train])
                fit_times.append(time.perf_counter() - start)
                per_fold.append(classification_metrics(y[test], full_proba(model, x_test,
                                                                           n_classes), n_classes))
        summary = {}
        for metric in per_fold[0]:
            values = [m[metric] for m in per_fold if metric in m]
            summary[metric] = float(np.mean(values))
            summary[metric + "_std"] = float(np.std(values))
        summary["fit_seconds"] = float(np.mean(fit_times))
        results[name] = summary
        print(f"{name:24s} " + " ".join(f"{k}={v:.4f}" for k, v in summary.items()
                                         if not k.endswith("_std")), file=sys.stderr)

    out = {
        "dataset": os.path.splitext(os.path.basename(args.csv))[0],
        "task": args.task,
        "target": args.target,
        "labels": labels,
        "n_rows": n,
        "dropped": drop,
        "log_target": bool(args.log_target),
        "numeric_columns": numeric,
        "categorical_columns": categorical,
        "folds": len(folds),
        "folds_source": folds_source,
        "models": results,
        "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__,
                     "xgboost": _version("xgboost"), "lightgbm": _version("lightgbm")},
    }
    text = json.dumps(out, indent=2)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, args.out)
    print(text)


def _version(module):
    try:
        return __import__(module).__version__
    except ImportError:
        return None


if __name__ == "__main__":
    main()
