#!/usr/bin/env python3
"""Reference values for mle4j's metrics package (dev.mle4j.core.metrics), computed by scikit-learn.

Builds deterministic cases (seeded numpy) for classification, regression and ranking, computes the
expected metrics with scikit-learn (plain numpy where scikit-learn has no such metric) and writes
ONE JSON file holding both the inputs and the expected outputs:

    ml-core/src/test/resources/metrics/sklearn_reference.json

The JUnit tests of dev.mle4j.core.metrics read that file, so re-running this script (same seeds,
same scikit-learn) reproduces it. Usage:

    python3 benchmarks/peers/metrics_reference.py [--out PATH]

JSON has no infinity and no NaN: an infinite ROC threshold is written as the string "inf" and an
undefined metric (scikit-learn's NaN, or a ValueError) as null.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    mean_absolute_error,
    ndcg_score,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    roc_curve,
    root_mean_squared_error,
    root_mean_squared_log_error,
)

SEED = 20240611
DEFAULT_OUT = (
    Path(__file__).resolve().parents[2]
    / "ml-core/src/test/resources/metrics/sklearn_reference.json"
)


def num(x):
    """A float for JSON: NaN becomes None, infinities become strings."""
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def nums(xs):
    return [num(x) for x in xs]


# --------------------------------------------------------------------------------------------
# classification
# --------------------------------------------------------------------------------------------


def classification_expected(labels, y_true, y_pred, scores):
    """scikit-learn's metrics; zero_division left at its default ("warn", i.e. 0.0)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        p, r, f, s = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=None
        )
        mp, mr, mf, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average="macro"
        )
        wp, wr, wf, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average="weighted"
        )
    out = {
        "accuracy": num(accuracy_score(y_true, y_pred)),
        "precision": nums(p),
        "recall": nums(r),
        "f1": nums(f),
        "support": [int(v) for v in s],
        "macro_precision": num(mp),
        "macro_recall": num(mr),
        "macro_f1": num(mf),
        "weighted_precision": num(wp),
        "weighted_recall": num(wr),
        "weighted_f1": num(wf),
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "roc_auc": None,
    }
    if scores is None:
        return out
    scores = np.asarray(scores, dtype=float)
    y_true_arr = np.asarray(y_true)
    if len(labels) == 2:
        positive = y_true_arr == labels[1]
        out["roc_auc"] = num(roc_auc_score(positive, scores[:, 1]))
        fpr, tpr, thr = roc_curve(positive, scores[:, 1])  # drop_intermediate=True (default)
        out["roc_curve"] = {"fpr": nums(fpr), "tpr": nums(tpr), "thresholds": nums(thr)}
    else:
        # sklearn wants `labels` sorted for multi-class AUC; the cases below use sorted labels.
        out["roc_auc"] = num(
            roc_auc_score(y_true, scores, multi_class="ovr", average="macro", labels=labels)
        )
        out["roc_auc_per_class"] = [
            num(roc_auc_score(y_true_arr == lab, scores[:, j])) for j, lab in enumerate(labels)
        ]
    return out


def classification_case(name, description, labels, y_true, y_pred, scores=None):
    case = {
        "name": name,
        "description": description,
        "labels": list(labels),
        "y_true": list(y_true),
        "y_pred": list(y_pred),
        "scores": None if scores is None else np.asarray(scores, dtype=float).tolist(),
    }
    case["expected"] = classification_expected(list(labels), list(y_true), list(y_pred), scores)
    return case


def counts_to_probabilities(rng, true_idx, n_classes, total, bias):
    """Rows of probabilities that are multiples of 1/total: many exact ties per column."""
    rows = []
    for t in true_idx:
        weights = np.ones(n_classes)
        weights[t] += bias
        counts = rng.multinomial(total, weights / weights.sum())
        rows.append(counts / total)
    return np.asarray(rows)


def classification_cases(rng):
    cases = []

    # binary with many tied scores (one decimal); positive label is labels[1] = "spam"
    labels = ["ham", "spam"]
    n = 60
    y = rng.integers(0, 2, size=n)
    p = np.clip(0.35 + 0.3 * y + rng.normal(0.0, 0.22, size=n), 0.0, 1.0).round(1)
    scores = np.column_stack([1.0 - p, p])
    y_pred = np.where(p >= 0.5, 1, 0)
    cases.append(
        classification_case(
            "binary_ties",
            "binary, scores rounded to one decimal (many ties), positive label labels[1]",
            labels,
            [labels[i] for i in y],
            [labels[i] for i in y_pred],
            scores,
        )
    )

    # binary where the positive label (labels[1]) sorts first alphabetically; scores in column 1
    labels = ["Yes", "No"]
    n = 25
    y = rng.integers(0, 2, size=n)
    p = np.clip(0.4 + 0.25 * y + rng.normal(0.0, 0.2, size=n), 0.0, 1.0).round(2)
    p[:4] = 0.5  # a block of exact ties across both classes
    scores = np.column_stack([1.0 - p, p])
    y_pred = np.where(p > 0.5, 1, 0)
    cases.append(
        classification_case(
            "binary_positive_second",
            "binary, labels [Yes, No]: positive label is 'No' (labels[1]), ties at 0.5",
            labels,
            [labels[i] for i in y],
            [labels[i] for i in y_pred],
            scores,
        )
    )

    # 3 classes, probabilities in multiples of 0.1 (ties), prediction = arg-max (first on ties)
    labels = ["bird", "cat", "dog"]
    n = 45
    y = rng.integers(0, 3, size=n)
    scores = counts_to_probabilities(rng, y, 3, 10, 1.5)
    y_pred = scores.argmax(axis=1)
    cases.append(
        classification_case(
            "multiclass_3",
            "3 classes, probabilities in multiples of 0.1, predictions = arg-max",
            labels,
            [labels[i] for i in y],
            [labels[i] for i in y_pred],
            scores,
        )
    )

    # 4 classes, one class ("Ship") never predicted -> its precision is 0 (zero_division)
    labels = ["Car", "Plane", "Ship", "Train"]
    n = 40
    y = rng.integers(0, 4, size=n)
    scores = counts_to_probabilities(rng, y, 4, 20, 2.0)
    masked = scores.copy()
    masked[:, 2] = -1.0
    y_pred = masked.argmax(axis=1)
    cases.append(
        classification_case(
            "multiclass_4_never_predicted",
            "4 classes, 'Ship' never predicted, probabilities in multiples of 0.05",
            labels,
            [labels[i] for i in y],
            [labels[i] for i in y_pred],
            scores,
        )
    )

    # labels beyond the data: 'owl' predicted but never true, 'yak' neither; no scores (no AUC)
    labels = ["cat", "dog", "fox", "owl", "yak"]
    n = 30
    y = rng.integers(0, 3, size=n)
    y_pred = y.copy()
    flip = rng.random(n) < 0.4
    y_pred[flip] = rng.integers(0, 4, size=int(flip.sum()))
    cases.append(
        classification_case(
            "labels_without_support",
            "5 labels: 'owl' predicted but never true, 'yak' neither; no scores",
            labels,
            [labels[i] for i in y],
            [labels[i] for i in y_pred],
            None,
        )
    )
    return cases


# --------------------------------------------------------------------------------------------
# regression
# --------------------------------------------------------------------------------------------


def regression_case(name, description, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        r2 = r2_score(y_true, y_pred)
    try:
        rmsle = root_mean_squared_log_error(y_true, y_pred)
    except ValueError:
        rmsle = float("nan")  # sklearn refuses values <= -1
    return {
        "name": name,
        "description": description,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "expected": {
            "rmse": num(root_mean_squared_error(y_true, y_pred)),
            "mae": num(mean_absolute_error(y_true, y_pred)),
            "r2": num(r2),
            "rmsle": num(rmsle),
        },
    }


def regression_cases(rng):
    cases = []
    y = rng.gamma(2.0, 3.0, size=50)
    cases.append(
        regression_case(
            "non_negative",
            "gamma targets, noisy non-negative predictions",
            y,
            np.clip(y + rng.normal(0.0, 1.5, size=50), 0.0, None),
        )
    )
    y = rng.uniform(-0.9, 2.0, size=30)
    cases.append(
        regression_case(
            "above_minus_one",
            "values in (-1, 2): negatives above -1 keep RMSLE defined (sklearn 1.9)",
            y,
            np.clip(y + rng.normal(0.0, 0.3, size=30), -0.95, None),
        )
    )
    y = rng.normal(0.0, 3.0, size=40)
    cases.append(
        regression_case(
            "with_negatives",
            "normal targets with values <= -1: RMSLE undefined",
            y,
            y + rng.normal(0.0, 1.0, size=40),
        )
    )
    cases.append(
        regression_case(
            "constant_true_perfect",
            "constant y_true predicted exactly: R2 = 1.0 (force_finite)",
            [2.5] * 6,
            [2.5] * 6,
        )
    )
    cases.append(
        regression_case(
            "constant_true_imperfect",
            "constant y_true predicted with errors: R2 = 0.0 (force_finite)",
            [2.5] * 6,
            [2.5, 3.0, 2.0, 2.5, 4.0, 1.0],
        )
    )
    cases.append(
        regression_case(
            "single_sample",
            "one sample: R2 undefined (sklearn returns NaN)",
            [3.0],
            [2.0],
        )
    )
    return cases


# --------------------------------------------------------------------------------------------
# ranking
# --------------------------------------------------------------------------------------------


def recall_at_k(ranked, relevant, k):
    return len(set(ranked[:k]) & relevant) / len(relevant)


def precision_at_k(ranked, relevant, k):
    return len(set(ranked[:k]) & relevant) / k  # trec_eval P_k: divides by k


def reciprocal_rank(ranked, relevant):
    for i, doc in enumerate(ranked):
        if doc in relevant:
            return 1.0 / (i + 1)
    return 0.0


def average_precision_ir(ranked, relevant):
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked):
        if doc in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant)


def ndcg_sklearn(ranked, graded, k):
    """sklearn ndcg_score on a ranked list: ranked docs scored by position, then enough zero-gain
    padding that no unretrieved judged doc enters the top k, then the unretrieved judged docs
    (so the ideal DCG still sees every judged doc). All scores are distinct: no tie averaging."""
    unretrieved = sorted(d for d in graded if d not in set(ranked))
    padding = max(0, k - len(ranked))
    gains = [graded.get(d, 0) for d in ranked] + [0] * padding + [graded[d] for d in unretrieved]
    scores = -np.arange(len(gains), dtype=float)
    if len(gains) < 2:  # sklearn needs at least two documents
        gains.append(0)
        scores = np.append(scores, -float(len(scores)))
    return float(ndcg_score(np.asarray([gains], dtype=float), np.asarray([scores]), k=k))


def ranking_cases(rng):
    docs = [f"d{i:02d}" for i in range(40)]
    ks = [1, 3, 5, 10, 20]
    runs, qrels, notes = {}, {}, {}
    for q in range(8):
        qid = f"q{q + 1}"
        judged = list(rng.choice(docs, size=12, replace=False))
        grades = rng.choice([0, 1, 1, 2, 2, 3], size=12)  # repeated grades: ties in the ideal
        grades[0] = max(grades[0], 1)  # at least one relevant doc
        qrels[qid] = {d: int(g) for d, g in zip(judged, grades)}
        relevant = [d for d in judged if qrels[qid][d] > 0]
        complete = q % 2 == 0  # even queries retrieve every relevant doc
        pool = [d for d in docs if d not in relevant] if complete else list(docs)
        extra = list(rng.choice(pool, size=15 - (len(relevant) if complete else 0), replace=False))
        ranked = (relevant + extra) if complete else extra
        rng.shuffle(ranked)
        runs[qid] = [str(d) for d in ranked]
        notes[qid] = "all relevant retrieved" if complete else "some relevant may be missing"
    # a judged query whose judgments are all 0: skipped
    qrels["q_norel"] = {"d01": 0, "d02": 0, "d03": 0}
    runs["q_norel"] = ["d01", "d05", "d02"]
    # a judged query the run has no answer for: counts with every metric 0
    qrels["q_missing"] = {"d07": 2, "d08": 1, "d09": 0}
    # a run for a query nobody judged: ignored
    runs["q_unjudged"] = ["d01", "d02", "d03"]
    # a short run (fewer docs than the largest k) with a relevant doc at rank 2
    qrels["q_short"] = {"d10": 3, "d11": 3, "d12": 1, "d13": 0}
    runs["q_short"] = ["d13", "d11", "d30"]

    per_query = {}
    for qid in sorted(qrels):
        graded = {str(d): int(g) for d, g in qrels[qid].items()}
        relevant = {d for d, g in graded.items() if g > 0}
        if not relevant:
            continue
        ranked = runs.get(qid, [])
        values = {}
        for k in ks:
            values[f"recall_at_{k}"] = recall_at_k(ranked, relevant, k)
            values[f"precision_at_{k}"] = precision_at_k(ranked, relevant, k)
            values[f"ndcg_at_{k}"] = ndcg_sklearn(ranked, graded, k)
        values["rr"] = reciprocal_rank(ranked, relevant)
        if relevant <= set(ranked):
            positive = np.asarray([d in relevant for d in ranked])
            values["ap"] = float(
                average_precision_score(positive, -np.arange(len(ranked), dtype=float))
            )
            values["ap_source"] = "sklearn.average_precision_score"
        else:
            values["ap"] = average_precision_ir(ranked, relevant)
            values["ap_source"] = "numpy (IR definition, divides by |relevant|)"
        per_query[qid] = values

    def mean(key):
        return float(np.mean([v[key] for v in per_query.values()]))

    expected_mean = {}
    for k in ks:
        expected_mean[f"recall_at_{k}"] = mean(f"recall_at_{k}")
        expected_mean[f"precision_at_{k}"] = mean(f"precision_at_{k}")
        expected_mean[f"ndcg_at_{k}"] = mean(f"ndcg_at_{k}")
    expected_mean["mrr"] = mean("rr")
    expected_mean["map"] = mean("ap")
    return [
        {
            "name": "graded_runs",
            "description": "8 seeded queries (grades 0-3 with ties) plus q_norel (skipped), "
            "q_missing (no run: zeros), q_unjudged (ignored), q_short (run shorter than k)",
            "ks": ks,
            "runs": runs,
            "qrels": {q: {str(d): int(g) for d, g in j.items()} for q, j in qrels.items()},
            "notes": notes,
            "expected": {
                "queries": len(per_query),
                "skipped_queries": sum(
                    1 for q in qrels if not any(g > 0 for g in qrels[q].values())
                ),
                "unjudged_queries": sum(1 for q in runs if q not in qrels),
                "per_query": per_query,
                "mean": expected_mean,
            },
        }
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON file to write")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(SEED)
    doc = {
        "generator": "benchmarks/peers/metrics_reference.py",
        "seed": SEED,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "classification": classification_cases(rng),
        "regression": regression_cases(rng),
        "ranking": ranking_cases(rng),
    }
    text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
