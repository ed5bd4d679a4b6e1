#!/usr/bin/env python3
"""Serving-path latency of the Python peer pipeline (ColumnTransformer + model), for comparison
with mle4j's JMH TabularPredictorBenchmark: one row as a one-row DataFrame, and 32 rows.

usage:
  python3 benchmarks/peers/tabular_latency.py --csv FILE --target COL --task regression|classification
      [--drop A,B] [--model xgboost|lightgbm|logistic_regression|ridge] [--calls 500]
"""
import argparse
import statistics
import time

import numpy as np

import tabular_peers as tp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--task", required=True, choices=["regression", "classification"])
    ap.add_argument("--drop", default="")
    ap.add_argument("--model", default="xgboost")
    ap.add_argument("--calls", type=int, default=500)
    args = ap.parse_args()
    frame = tp.load(args.csv)
    drop = [c for c in args.drop.split(",") if c]
    features = frame.drop(columns=[args.target] + drop)
    numeric = [c for c in features.columns if features[c].dtype != object]
    categorical = [c for c in features.columns if features[c].dtype == object]
    if args.task == "classification":
        raw = tp.target_labels(args.csv, args.target)
        labels = tp.label_order(raw)
        y = np.asarray([labels.index(v) for v in raw])
        n_classes = len(labels)
    else:
        y = frame[args.target].to_numpy(dtype=float)
        n_classes = 0
    from sklearn.pipeline import Pipeline
    model = Pipeline([("prep", tp.preprocessor(numeric, categorical, 5)),
                      ("model", tp.models(args.task, n_classes, 1)[args.model]())])
    model.fit(features, y)
    predict = model.predict_proba if args.task == "classification" else model.predict
    out = {}
    for batch in (1, 32):
        times = []
        for i in range(args.calls):
            start = (i * batch) % (len(features) - batch)
            rows = features.iloc[start:start + batch]
            t0 = time.perf_counter()
            predict(rows)
            times.append((time.perf_counter() - t0) * 1e6)
        out[batch] = (statistics.median(times), statistics.mean(times))
        print(f"{args.model} batch {batch}: median {out[batch][0]:.0f} us, mean {out[batch][1]:.0f} us"
              f" per call ({args.calls} calls)")


if __name__ == "__main__":
    main()
