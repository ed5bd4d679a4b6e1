#!/usr/bin/env python3
"""Compares mle4j's Java INT8 quantizer with onnxruntime.quantization.quantize_dynamic on the same
FP32 graph exported by `mle4j text quantize`.

    python benchmarks/peers/int8_quantizer_peer.py RUN_DIR [--texts SMSSpamCollection] [--threads 1]

RUN_DIR is the output folder of `mle4j text quantize` (holds fp32/ and int8/). The script quantizes
fp32/model.onnx with ONNX Runtime's own dynamic quantizer (per-channel, signed INT8 weights, the
closest settings to ours), then times batch-1 inference of FP32, our INT8 and ORT's INT8 over the
same texts in one Python process (same tokenizer, same session options) and checks that the labels
agree. Needs onnx, onnxruntime, tokenizers, numpy (benchmarks/peers/requirements-text-serving.txt
plus onnx).
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer


def session(path, threads):
    o = ort.SessionOptions()
    o.intra_op_num_threads = threads
    o.inter_op_num_threads = 1
    o.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, o, providers=["CPUExecutionProvider"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("run_dir")
    p.add_argument("--texts", default=None, help="SMSSpamCollection file (label<TAB>text)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--samples", type=int, default=500)
    a = p.parse_args()
    fp32 = os.path.join(a.run_dir, "fp32", "model.onnx")
    ours = os.path.join(a.run_dir, "int8", "model.onnx")
    theirs = os.path.join(a.run_dir, "int8-onnxruntime.onnx")
    t0 = time.time()
    quantize_dynamic(fp32, theirs, per_channel=True, weight_type=QuantType.QInt8)
    qtime = time.time() - t0
    cfg = json.load(open(os.path.join(a.run_dir, "fp32", "onnx-text-config.json")))
    tok = Tokenizer.from_file(os.path.join(a.run_dir, "fp32", "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(cfg["maxLength"])
    data = a.texts or os.path.join(
        os.environ.get("MLE4J_DATA", "../shared/data"), "text", "sms-spam", "SMSSpamCollection")
    texts = [line.split("\t", 1)[1].strip() for line in open(data, encoding="utf-8") if "\t" in line]
    texts = texts[: a.samples]
    encs = [tok.encode(t).ids for t in texts]
    out = {"threads": a.threads, "texts": len(texts), "ort_quantize_seconds": qtime}
    labels = {}
    for name, path in (("fp32", fp32), ("int8_mle4j", ours), ("int8_onnxruntime", theirs)):
        s = session(path, a.threads)
        feeds = []
        for ids in encs:
            x = np.array([ids], dtype=np.int64)
            feeds.append({"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)})
        for f in feeds[:20]:
            s.run(None, f)
        ms = []
        pred = []
        for f in feeds:
            t = time.perf_counter()
            logits = s.run(None, f)[0]
            ms.append((time.perf_counter() - t) * 1e3)
            pred.append(int(np.argmax(logits[0])))
        ms.sort()
        labels[name] = pred
        out[name] = {
            "size_bytes": os.path.getsize(path),
            "p50_ms_batch1": statistics.median(ms),
            "p99_ms_batch1": ms[min(len(ms) - 1, int(0.99 * len(ms)))],
        }
    for name in ("int8_mle4j", "int8_onnxruntime"):
        out[name]["label_agreement_with_fp32"] = float(
            np.mean(np.array(labels[name]) == np.array(labels["fp32"])))
        out[name]["speedup_p50_batch1"] = out["fp32"]["p50_ms_batch1"] / out[name]["p50_ms_batch1"]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
