#!/usr/bin/env python3
"""Writes the tiny synthetic cross-encoder used by OnnxCrossEncoderTest.

Not a real model: a seeded random embedding table over a 40-word WordLevel vocabulary, a
token-type embedding, masked mean pooling and a linear head. The Java test recomputes the score
from weights.json, so the fixture checks that OnnxCrossEncoder feeds input_ids / attention_mask /
token_type_ids correctly, pads, batches and reads the logits.

    pip install onnx numpy
    python3 tools/make_test_cross_encoder.py

Writes ml-rag/src/test/resources/cross-encoder-tiny/ (logits [batch, 1]) and
ml-rag/src/test/resources/cross-encoder-tiny-2class/ (logits [batch, 2]), each with model.onnx,
tokenizer.json and weights.json.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ml-rag", "src", "test",
                    "resources")
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
WORDS = ("how do i create a table index vacuum database query select insert update delete join "
         "the of to what is primary key foreign row column drop alter schema view trigger "
         "function server backup restore").split()
DIM = 8


def tokenizer_json(vocab):
    def special(tok, type_id):
        return {"SpecialToken": {"id": tok, "type_id": type_id}}

    def seq(name, type_id):
        return {"Sequence": {"id": name, "type_id": type_id}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": vocab[t], "content": t, "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True} for t in SPECIALS],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]", 0), seq("A", 0), special("[SEP]", 0)],
            "pair": [special("[CLS]", 0), seq("A", 0), special("[SEP]", 0), seq("B", 1),
                     special("[SEP]", 1)],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [vocab["[CLS]"]], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [vocab["[SEP]"]], "tokens": ["[SEP]"]},
            },
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
    }


def model(emb, types, head, bias):
    classes = head.shape[1]
    inits = [
        numpy_helper.from_array(emb, "emb"),
        numpy_helper.from_array(types, "types"),
        numpy_helper.from_array(head, "head"),
        numpy_helper.from_array(bias, "bias"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
    ]
    nodes = [
        helper.make_node("Gather", ["emb", "input_ids"], ["tok"]),
        helper.make_node("Gather", ["types", "token_type_ids"], ["typ"]),
        helper.make_node("Add", ["tok", "typ"], ["hidden"]),
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["maskf", "axis2"], ["mask3"]),
        helper.make_node("Mul", ["hidden", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask3", "axis1"], ["count"], keepdims=0),
        helper.make_node("Div", ["summed", "count"], ["pooled"]),
        helper.make_node("MatMul", ["pooled", "head"], ["proj"]),
        helper.make_node("Add", ["proj", "bias"], ["logits"]),
    ]
    ints = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"])
            for n in ("input_ids", "attention_mask", "token_type_ids")]
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", classes])
    graph = helper.make_graph(nodes, "tiny_cross_encoder", ints, [out], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="mle4j-tools")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def main():
    vocab = {t: i for i, t in enumerate(SPECIALS + WORDS)}
    rng = np.random.default_rng(20260126)
    emb = rng.normal(0, 1, (len(vocab), DIM)).astype(np.float32)
    emb[0] = 0  # [PAD]
    types = rng.normal(0, 0.5, (2, DIM)).astype(np.float32)
    for classes in (1, 2):
        head = rng.normal(0, 1, (DIM, classes)).astype(np.float32)
        bias = rng.normal(0, 0.1, (classes,)).astype(np.float32)
        name = "cross-encoder-tiny" if classes == 1 else "cross-encoder-tiny-2class"
        out = os.path.join(ROOT, name)
        os.makedirs(out, exist_ok=True)
        onnx.save(model(emb, types, head, bias), os.path.join(out, "model.onnx"))
        with open(os.path.join(out, "tokenizer.json"), "w") as f:
            json.dump(tokenizer_json(vocab), f, indent=1)
        with open(os.path.join(out, "weights.json"), "w") as f:
            json.dump({"emb": emb.tolist(), "types": types.tolist(), "head": head.tolist(),
                       "bias": bias.tolist()}, f)
        print("wrote", out)


if __name__ == "__main__":
    main()
