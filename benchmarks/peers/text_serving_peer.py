"""Python peer of mle4j's text-classifier server, for the text-serving study (issue 7).

Serves an exported ONNX text classifier folder with the same HTTP contract as the Java
``POST /v1/models/{name}/classify`` route, so one load generator (the mle4j load runner or
Locust, see ``locustfile_classify.py``) can drive both servers:

* ``{"text": "..."}`` -> ``{label, confidence, scores, model, version, latency_ms}``
* ``{"texts": ["...", ...]}`` -> ``{results: [{label, confidence, scores}...], model, version,
  latency_ms}``
* errors are ``application/problem+json`` bodies ``{type, title, status, detail, instance}``:
  400 malformed-json / invalid-request / empty-instances, 404 unknown-model / not-found,
  413 too-many-instances, 422 invalid-input (with ``field`` and, for lists, ``index``)
* ``GET /health`` -> ``{"status": "UP", "model", "version"}``; ``GET /v1/models`` lists the model.

The model folder holds ``model.onnx`` (inputs ``input_ids``, ``attention_mask``,
``token_type_ids``, int64 [batch, tokens]; output ``logits`` float [batch, labels]),
``tokenizer.json`` (Hugging Face), ``onnx-text-config.json`` (``labels``, ``max_length``) and
``model-card.json`` (``name``, ``version``). Tokenization matches the Java side: the
tokenizer's own pipeline ([CLS] ... [SEP] for WordPiece), truncation to ``max_length``, no
padding for one text, and padding to the longest text within one list. ``token_type_ids`` are the
encoding's type ids (zeros for single sentences). Probabilities are softmax(logits).

Batching is OFF: every request makes exactly one ``session.run`` (a list runs as one padded
batch). The run happens in Starlette's thread pool, so concurrent requests run concurrently on
the one shared session (ONNX Runtime releases the GIL during ``run``), like the Java server with
batching off (one virtual thread per request). Session options: ``intra_op_num_threads`` as
given, ``inter_op_num_threads`` 1, graph optimisation ALL, sequential execution.

Run (``text_serving_peer.sh`` creates the venv and passes its arguments through)::

    python benchmarks/peers/text_serving_peer.py --model-dir DIR --port 8091 \\
        --host 127.0.0.1 --intra-op-threads 2 --workers 1

``--limit-concurrency N`` makes uvicorn answer 503 (plain text, no ``Retry-After``) above N
concurrent connections; by default nothing is rejected (the Java server answers 503 problem+json
with ``Retry-After: 1`` when its queue is full).

Bad start-up input (missing folder or file, unreadable JSON, a model without the expected
inputs, a label count that does not match the logits) exits with code 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from tokenizers import Tokenizer

LOG = logging.getLogger("text_serving_peer")
PROBLEM_BASE = "https://mle4j.dev/problems/"
PROBLEM_JSON = "application/problem+json"
ENV_PREFIX = "MLE4J_PEER_"


class StartupError(Exception):
    """A problem with the model folder or the options; reported as one line, exit code 2."""


class Problem(Exception):
    """An RFC 9457 problem answered to the client."""

    def __init__(self, slug: str, title: str, status: int, detail: str, **extensions):
        super().__init__(detail)
        self.slug, self.title, self.status, self.detail = slug, title, status, detail
        self.extensions = extensions


@dataclass(frozen=True)
class PeerOptions:
    """Everything the app needs; passed to worker processes through environment variables."""

    model_dir: str
    intra_op_threads: int = 2
    max_texts: int = 256

    def to_env(self) -> None:
        os.environ[ENV_PREFIX + "MODEL_DIR"] = self.model_dir
        os.environ[ENV_PREFIX + "INTRA_OP_THREADS"] = str(self.intra_op_threads)
        os.environ[ENV_PREFIX + "MAX_TEXTS"] = str(self.max_texts)

    @staticmethod
    def from_env() -> "PeerOptions":
        model_dir = os.environ.get(ENV_PREFIX + "MODEL_DIR")
        if not model_dir:
            raise StartupError(ENV_PREFIX + "MODEL_DIR is not set")
        return PeerOptions(
            model_dir=model_dir,
            intra_op_threads=int(os.environ.get(ENV_PREFIX + "INTRA_OP_THREADS", "2")),
            max_texts=int(os.environ.get(ENV_PREFIX + "MAX_TEXTS", "256")),
        )


def _read_json(path: Path) -> dict:
    if not path.is_file():
        raise StartupError(f"model folder {path.parent} has no {path.name}")
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StartupError(f"{path} is not readable JSON: {e}") from e
    if not isinstance(value, dict):
        raise StartupError(f"{path} must hold a JSON object")
    return value


class OnnxTextClassifier:
    """One ONNX Runtime session plus the folder's tokenizer, labels and card."""

    def __init__(self, model_dir: str, intra_op_threads: int):
        folder = Path(model_dir)
        if not folder.is_dir():
            raise StartupError(f"model folder {folder} does not exist or is not a directory")
        config = _read_json(folder / "onnx-text-config.json")
        card = _read_json(folder / "model-card.json")
        labels = config.get("labels")
        if not isinstance(labels, list) or len(labels) < 2 or not all(isinstance(x, str) for x in labels):
            raise StartupError(f"{folder / 'onnx-text-config.json'}: 'labels' must list at least 2 strings")
        max_length = config.get("max_length", 128)
        if not isinstance(max_length, int) or max_length < 2:
            raise StartupError(f"{folder / 'onnx-text-config.json'}: 'max_length' must be an integer >= 2")
        for key in ("name", "version"):
            if not isinstance(card.get(key), str) or not card[key]:
                raise StartupError(f"{folder / 'model-card.json'}: '{key}' must be a non-empty string")
        self.labels: list[str] = labels
        self.max_length: int = max_length
        self.name: str = card["name"]
        self.version: str = card["version"]

        tok_path = folder / "tokenizer.json"
        if not tok_path.is_file():
            raise StartupError(f"model folder {folder} has no tokenizer.json")
        try:
            self.tokenizer = Tokenizer.from_file(str(tok_path))
        except Exception as e:  # the tokenizers library raises plain Exception subclasses
            raise StartupError(f"{tok_path} is not a Hugging Face tokenizer.json: {e}") from e
        # tokenizer.json files often carry fixed padding (MiniLM's pads to 128): turn it off and
        # pad per list ourselves, to the longest text, as the Java side does.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_length)
        pad = self.tokenizer.token_to_id("[PAD]")
        self.pad_id = 0 if pad is None else pad

        onnx_path = folder / "model.onnx"
        if not onnx_path.is_file():
            raise StartupError(f"model folder {folder} has no model.onnx")
        so = ort.SessionOptions()
        so.intra_op_num_threads = intra_op_threads
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        try:
            self.session = ort.InferenceSession(
                str(onnx_path), sess_options=so, providers=["CPUExecutionProvider"]
            )
        except Exception as e:  # onnxruntime raises its own Fail/InvalidGraph types
            raise StartupError(f"{onnx_path} is not a loadable ONNX model: {e}") from e
        self.inputs = [i.name for i in self.session.get_inputs()]
        known = {"input_ids", "attention_mask", "token_type_ids"}
        if "input_ids" not in self.inputs or not set(self.inputs) <= known:
            raise StartupError(
                f"{onnx_path} has inputs {self.inputs}; expected input_ids, attention_mask[, token_type_ids]"
            )
        outputs = [o.name for o in self.session.get_outputs()]
        if "logits" in outputs:
            self.output = "logits"
        elif len(outputs) == 1:
            self.output = outputs[0]
        else:
            raise StartupError(f"{onnx_path} has outputs {outputs} and none is named 'logits'")
        # Warm up once and check the label count against the logits width.
        width = self.run_logits(["warm up"]).shape[1]
        if width != len(self.labels):
            raise StartupError(
                f"{onnx_path} gives {width} logits per text but onnx-text-config.json lists"
                f" {len(self.labels)} labels"
            )

    def run_logits(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        longest = max(len(e.ids) for e in encodings)
        ids = np.full((len(texts), longest), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(texts), longest), dtype=np.int64)
        types = np.zeros((len(texts), longest), dtype=np.int64)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n] = e.ids
            mask[row, :n] = e.attention_mask
            types[row, :n] = e.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return self.session.run([self.output], {k: feeds[k] for k in self.inputs})[0]

    def classify_all(self, texts: list[str]) -> list[dict]:
        logits = self.run_logits(texts).astype(np.float64)
        z = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(z)
        probs /= probs.sum(axis=1, keepdims=True)
        results = []
        for row in probs:
            best = int(np.argmax(row))  # first maximum wins, like the Java side's label order
            results.append(
                {
                    "label": self.labels[best],
                    "confidence": float(row[best]),
                    "scores": {label: float(p) for label, p in zip(self.labels, row)},
                }
            )
        return results


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "object" if isinstance(value, dict) else "array"


def _text_at(value, field: str, index: int | None = None) -> str:
    where = {"field": field} if index is None else {"field": field, "index": index}
    label = f"field '{field}'" if index is None else f"field '{field}' item {index}"
    if not isinstance(value, str):
        kind = _json_type(value)
        raise Problem("invalid-input", "Invalid input", 422, f"{label} must be a string, got {kind}", **where)
    if not value.strip():
        raise Problem("invalid-input", "Invalid input", 422, f"{label} must not be empty", **where)
    return value


def parse_body(raw: bytes, max_texts: int) -> tuple[list[str], bool]:
    """Returns the texts and whether the request was a list; raises Problem on bad input."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Problem("malformed-json", "Malformed JSON", 400, f"request body is not valid JSON: {e}") from e
    if not isinstance(body, dict):
        raise Problem("invalid-request", "Invalid request", 400, "request body must be a JSON object")
    has_text, has_texts = "text" in body, "texts" in body
    if has_text and has_texts:
        raise Problem(
            "invalid-input", "Invalid input", 422, "send either 'text' or 'texts', not both", field="texts"
        )
    if has_text:
        return [_text_at(body["text"], "text")], False
    if has_texts:
        texts = body["texts"]
        if not isinstance(texts, list):
            raise Problem(
                "invalid-input",
                "Invalid input",
                422,
                "field 'texts' must be an array of strings",
                field="texts",
            )
        if not texts:
            raise Problem("empty-instances", "Empty instances", 400, "field 'texts' must not be empty")
        if len(texts) > max_texts:
            raise Problem(
                "too-many-instances",
                "Too many instances",
                413,
                f"{len(texts)} texts, at most {max_texts} per request",
            )
        return [_text_at(t, "texts", i) for i, t in enumerate(texts)], True
    raise Problem(
        "invalid-input",
        "Invalid input",
        422,
        "field 'text' is required (or 'texts' for a list)",
        field="text",
    )


def create_app():
    """App factory for uvicorn worker processes; reads its options from MLE4J_PEER_* variables."""
    options = PeerOptions.from_env()
    return build_app(options, OnnxTextClassifier(options.model_dir, options.intra_op_threads))


def build_app(options: PeerOptions, model: OnnxTextClassifier):
    """The FastAPI app serving one loaded model."""
    LOG.info(
        "serving %s %s from %s (%d labels, max_length %d, intra-op threads %d, pid %d)",
        model.name,
        model.version,
        options.model_dir,
        len(model.labels),
        model.max_length,
        options.intra_op_threads,
        os.getpid(),
    )
    app = FastAPI(title="mle4j text-serving peer", docs_url=None, redoc_url=None, openapi_url=None)

    def problem_response(p: Problem, request: Request) -> JSONResponse:
        body = {
            "type": PROBLEM_BASE + p.slug,
            "title": p.title,
            "status": p.status,
            "detail": p.detail,
            "instance": request.url.path,
            **p.extensions,
        }
        return JSONResponse(body, status_code=p.status, media_type=PROBLEM_JSON)

    @app.exception_handler(Problem)
    async def on_problem(request: Request, p: Problem):
        return problem_response(p, request)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, e: StarletteHTTPException):
        if e.status_code == 404:
            p = Problem(
                "not-found",
                "Not found",
                404,
                f"no route for {request.method} {request.url.path};"
                f" try POST /v1/models/{model.name}/classify or GET /health",
            )
        elif e.status_code == 405:
            p = Problem(
                "method-not-allowed",
                "Method not allowed",
                405,
                f"{request.method} is not allowed on {request.url.path}",
            )
        else:
            p = Problem("http-error", str(e.detail), e.status_code, str(e.detail))
        return problem_response(p, request)

    @app.exception_handler(Exception)
    async def on_error(request: Request, e: Exception):
        LOG.exception("request %s %s failed", request.method, request.url.path)
        return problem_response(
            Problem("model-failure", "Model failure", 500, f"{type(e).__name__}: {e}"), request
        )

    @app.get("/health")
    async def health():
        return {"status": "UP", "model": model.name, "version": model.version}

    @app.get("/v1/models")
    async def models():
        return [
            {
                "name": model.name,
                "version": model.version,
                "task": "text-classification",
                "labels": model.labels,
            }
        ]

    @app.post("/v1/models/{name}/classify")
    async def classify(name: str, request: Request):
        start = time.perf_counter_ns()
        if name != model.name:
            raise Problem(
                "unknown-model",
                "Unknown model",
                404,
                f"no model named '{name}'; this peer serves '{model.name}'",
            )
        texts, is_list = parse_body(await request.body(), options.max_texts)
        results = await run_in_threadpool(model.classify_all, texts)
        body = {"results": results} if is_list else dict(results[0])
        body["model"] = model.name
        body["version"] = model.version
        body["latency_ms"] = round((time.perf_counter_ns() - start) / 1e6, 3)
        return JSONResponse(body)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Python/ONNX Runtime peer of mle4j's text classify endpoint")
    parser.add_argument(
        "--model-dir",
        required=True,
        help="exported folder: model.onnx, tokenizer.json, onnx-text-config.json, model-card.json",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument(
        "--intra-op-threads", type=int, default=2, help="ONNX Runtime intra-op threads per worker"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes (each loads its own session)"
    )
    parser.add_argument(
        "--max-texts", type=int, default=256, help="most texts in one list request (413 above)"
    )
    parser.add_argument(
        "--limit-concurrency",
        type=int,
        default=None,
        help="uvicorn answers 503 above this many open connections/tasks (default: no limit)",
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (access logs are off)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for flag, value in (
        ("--intra-op-threads", args.intra_op_threads),
        ("--workers", args.workers),
        ("--max-texts", args.max_texts),
        ("--port", args.port),
    ):
        if value < 1:
            print(f"text_serving_peer: {flag} must be at least 1, got {value}", file=sys.stderr)
            return 2
    options = PeerOptions(os.path.abspath(args.model_dir), args.intra_op_threads, args.max_texts)
    options.to_env()
    try:
        # Load in this process first so folder problems fail fast with one line before uvicorn
        # starts; with --workers > 1 every worker process loads its own session.
        model = OnnxTextClassifier(options.model_dir, options.intra_op_threads)
    except StartupError as e:
        print(f"text_serving_peer: {e}", file=sys.stderr)
        return 2
    import uvicorn

    if args.workers == 1:
        app, extra = build_app(options, model), {}
    else:
        del model
        app = "text_serving_peer:create_app"
        extra = {"factory": True, "app_dir": str(Path(__file__).resolve().parent)}
    uvicorn.run(
        app,
        **extra,
        host=args.host,
        port=args.port,
        workers=args.workers,
        limit_concurrency=args.limit_concurrency,
        log_level=args.log_level,
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
