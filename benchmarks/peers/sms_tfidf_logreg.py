#!/usr/bin/env python3
"""scikit-learn peers of mle4j's classical text models, on the same rows.

Reads the SMS Spam Collection and the split.json that `./mle4j text train` or `./mle4j text compare`
writes, fits on the train rows only and scores the same held-out test rows:
  sklearn-tfidf-logreg  TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50000)
                        + LogisticRegression(C=10)
  sklearn-tfidf-nb      the same features + MultinomialNB(alpha=1.0)
  sklearn-bow-nb        CountVectorizer(ngram_range=(1, 2), min_df=2) + MultinomialNB(alpha=1.0)
Prints one JSON object (metrics.json style) with accuracy, macro_f1, train_seconds (fit),
p50_ms (transform + predict_proba of one text) and predict_seconds (the whole test set).

usage: python3 benchmarks/peers/sms_tfidf_logreg.py RUN_DIR [DATA_FILE]
  RUN_DIR    output folder of `./mle4j text train|compare --dataset sms-spam --out RUN_DIR`
  DATA_FILE  default $MLE4J_DATA/text/sms-spam/SMSSpamCollection
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    run_dir = sys.argv[1]
    data_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.environ.get("MLE4J_DATA", "../shared/data"), "text/sms-spam/SMSSpamCollection")
    labels, texts = [], []
    with open(data_file, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            label, text = line.split("\t", 1)
            labels.append(label)
            texts.append(text)
    with open(os.path.join(run_dir, "split.json"), encoding="utf-8") as f:
        split = json.load(f)
    tr, te = split["train"], split["test"]
    x_train, y_train = [texts[i] for i in tr], [labels[i] for i in tr]
    x_test, y_test = [texts[i] for i in te], [labels[i] for i in te]

    candidates = {
        "sklearn-tfidf-logreg": (
            lambda: TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50000),
            lambda: LogisticRegression(C=10.0, max_iter=1000)),
        "sklearn-tfidf-nb": (
            lambda: TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50000),
            lambda: MultinomialNB(alpha=1.0)),
        "sklearn-bow-nb": (
            lambda: CountVectorizer(ngram_range=(1, 2), min_df=2),
            lambda: MultinomialNB(alpha=1.0)),
    }
    models = {}
    for name, (make_vec, make_clf) in candidates.items():
        start = time.perf_counter()
        vec = make_vec()
        xtr = vec.fit_transform(x_train)
        clf = make_clf()
        clf.fit(xtr, y_train)
        train_seconds = time.perf_counter() - start
        start = time.perf_counter()
        xte = vec.transform(x_test)
        pred = clf.predict(xte)
        proba = clf.predict_proba(xte)[:, list(clf.classes_).index("spam")]
        predict_seconds = time.perf_counter() - start
        # single-text latency, like one request to a server (transform + predict_proba)
        sample = x_test[:200]
        for t in sample[:20]:
            clf.predict_proba(vec.transform([t]))
        times = []
        for t in sample:
            s = time.perf_counter()
            clf.predict_proba(vec.transform([t]))
            times.append((time.perf_counter() - s) * 1000)
        models[name] = {
            "accuracy": accuracy_score(y_test, pred),
            "macro_f1": f1_score(y_test, pred, average="macro"),
            "roc_auc": roc_auc_score([1 if y == "spam" else 0 for y in y_test], proba),
            "train_seconds": train_seconds,
            "predict_seconds": predict_seconds,
            "p50_ms": float(np.percentile(times, 50)),
            "vocabulary_size": len(vec.vocabulary_),
        }
    out = {
        "dataset": "sms-spam",
        "task": "text-classification",
        "models": models,
        "train_rows": len(tr),
        "test_rows": len(te),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
