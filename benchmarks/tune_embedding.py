"""How to run the embedding model: ONNX Runtime threads, spinning, batch sizes; torch beside it. Prints tables.

    .venv/bin/python benchmarks/tune_embedding.py [--busy 2] [--chunks 1000] [--torch]
    .venv/bin/python benchmarks/tune_embedding.py --graphs [--rounds 8] [--chunks 200]
    .venv/bin/python benchmarks/tune_embedding.py --split [--rounds 8] [--chunks 400] [--busy 2]
    .venv/bin/python benchmarks/tune_embedding.py --variants [--rounds 6] [--chunks 200]

Texts are the chunks of the benchmark knowledge base (benchmarks/bench_search.py's generator,
about 130 tokens each) and of the starter articles (up to 256 tokens), embedded in the indexer's
order (longest first). For each setting it prints chunks per second (wall clock) and the p50/p95
of encoding one query (15 queries x 8, first excluded). ``--busy N`` starts N processes that spin
on the CPU for the whole run, as other programs on a busy machine would.

``--graphs`` compares, on the same texts in interleaved rounds (so that the other programs on the
machine weigh on each alike), the served graph, the same graph rewritten by ONNX Runtime's
transformer optimizer (the BERT fusions: EmbedLayerNormalization, Attention, SkipLayerNormalization,
BiasGelu; what kbdesk served at first), and torch: chunks per CPU-second of this process (on one
thread, the measure least disturbed by the load) and per wall-clock second (on the cores the
process may use), median and best of the rounds. It also prints ONNX Runtime's profile of both
graphs by operator, and the arithmetic ceiling: the model's multiply-adds per chunk against what
ONNX Runtime's own MatMul achieves on one core.

``--split`` compares, in interleaved rounds, the two ways of using the cores: several batches at once,
each on one thread, and one batch at a time with each operator split over the threads (ONNX Runtime's
intra-op pool, kbdesk's): chunks per second of wall clock and of CPU, and a query's encode time (with
``--busy 2``: how each fares beside two busy processes).

``--variants`` compares, on one thread in interleaved rounds, other ways to run the same fp32 graph:
ONNX Runtime's memory arena and memory pattern off, denormals as zero, the transformer optimizer's
graph with and without its Attention fusion, other batch sizes and token budgets; each with its least
cosine to the served graph's vectors (the export check's texts and some of the benchmark's).

Results are written down in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES, make_kb, percentile, spinning


def texts_for(count: int) -> list[str]:
    from kbdesk.core.articles import load_folder
    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.search.text import chunk_texts

    folder = Path(tempfile.mkdtemp(prefix="kbdesk-tune-")) / "kb"
    make_kb(folder, max(1, count // 5))
    synthetic = [c for a in load_folder(folder).articles for c in chunk_texts(a)]
    starter = [c for a in load_folder(bundled_articles_dir()).articles for c in chunk_texts(a)]
    texts = (synthetic + starter)[:count]
    return sorted(texts, key=len, reverse=True)


def query_latency(encode_query) -> tuple[float, float]:
    encode_query("warm up")
    samples = []
    for _ in range(8):
        for q in QUERIES:
            t = time.perf_counter()
            encode_query(q)
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def throughput(encode, texts: list[str], **kwargs) -> float:
    t = time.perf_counter()
    for start in range(0, len(texts), 512):  # the indexer's steps
        encode(texts[start : start + 512], **kwargs)
    return len(texts) / (time.perf_counter() - t)


def interleaved(engines: dict, texts: list[str], rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Chunks per CPU-second and per wall-clock second of each engine, the engines taking turns in each round
    (so other programs on the machine weigh on each alike); each pass in the indexer's 512-chunk steps."""
    cpu: dict[str, list[float]] = {name: [] for name in engines}
    wall: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(rounds):
        for name, encode in engines.items():
            c, w = time.process_time(), time.perf_counter()
            throughput(encode, texts)
            cpu[name].append(len(texts) / (time.process_time() - c))
            wall[name].append(len(texts) / (time.perf_counter() - w))
    return cpu, wall


def fused_variant(served: Path, out: Path) -> dict[str, int]:
    """Write the served graph rewritten by ONNX Runtime's transformer optimizer (bert, 12 heads, 384) to ``out``."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(str(served), model_type="bert", num_heads=12, hidden_size=384, opt_level=0)
    fused.save_model_to_file(str(out))
    return {k: v for k, v in fused.get_fused_operator_statistics().items() if v}


def profile(embedder, texts: list[str], label: str) -> None:
    """ONNX Runtime's own profile of ``embedder`` on ``texts``: kernel time per operator."""
    import json
    from collections import Counter

    import onnxruntime as ort

    from kbdesk.core.search import semantic

    options = semantic.session_options(1)
    options.enable_profiling = True
    options.profile_file_prefix = str(Path(tempfile.mkdtemp(prefix="kbdesk-profile-")) / "ort")
    assert embedder.folder is not None
    session = ort.InferenceSession(
        str(embedder.folder / embedder.model_file), options, providers=["CPUExecutionProvider"]
    )
    probe = type(embedder)(folders=[embedder.folder], threads=1)
    probe.model_file = embedder.model_file
    probe.load()
    probe._session = session  # the profiling session in place of the plain one (a benchmark may)
    probe.encode(texts)
    events = json.loads(Path(session.end_profiling()).read_text())
    per_op: Counter[str] = Counter()
    for event in events:
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            per_op[event["args"]["op_name"]] += event["dur"]
    total = sum(per_op.values())
    top = ", ".join(f"{op} {us / 1e6:.2f}" for op, us in per_op.most_common(6))
    print(f"{label:28} kernels {total / 1e6:.2f} s: {top}")


def compare_graphs(texts: list[str], rounds: int, use_torch: bool) -> None:
    import numpy as np

    from kbdesk.core.search import semantic
    from kbdesk.core.search.semantic import Embedder

    served = Embedder().load()
    assert served.folder is not None
    folder = Path(tempfile.mkdtemp(prefix="kbdesk-fused-"))
    for name in (semantic.MANIFEST, semantic.TOKENIZER_FILE, semantic.MODEL_FILE):  # what the manifest checks
        (folder / name).symlink_to(served.folder / name)
    ops = fused_variant(served.folder / served.model_file, folder / "fused.onnx")
    print(f"# fused variant: {ops}")

    def onnx_engine(model_file: str, threads: int):
        embedder = Embedder(folders=[folder], threads=threads)
        embedder.model_file = model_file
        return embedder.load()

    engines = {}
    for threads in (1, semantic.default_threads()):
        engines[f"served graph, {threads} thread(s)"] = onnx_engine(served.model_file, threads).encode
        engines[f"fused graph, {threads} thread(s)"] = onnx_engine("fused.onnx", threads).encode
    if use_torch:
        import torch

        from kbdesk.core.search.onnx_export import TorchEmbedder

        reference = TorchEmbedder().load()
        for threads in (1, semantic.default_threads()):

            def encode(batch, threads=threads):
                torch.set_num_threads(threads)
                return reference.encode(batch, batch_size=16)

            engines[f"torch batch 16, {threads} thread(s)"] = encode
        want = reference.encode(texts)
        for name, encode in engines.items():
            got = encode(texts)
            print(f"# {name}: least cosine to torch {float(np.min(np.sum(got * want, axis=1))):.7f}")
    cpu, wall = interleaved(engines, texts, rounds)
    rate_table("engine (same texts, interleaved)", cpu, wall)
    profile(onnx_engine(served.model_file, 1), texts, "profile: served graph")
    profile(onnx_engine("fused.onnx", 1), texts, "profile: fused graph")
    ceiling(texts, served)


def ceiling(texts: list[str], embedder) -> None:
    """The model's arithmetic per chunk against ONNX Runtime's own one-thread MatMul rate: the most fp32 can do.

    The rate is measured on a graph of one MatMul of the model's largest shape (a batch of 16 chunks' tokens
    times the 384 x 1536 feed-forward weight), so it is the best case of the kernel the model spends most of
    its time in (the profile above): a real chunk also pays for softmax, layer norms and smaller products.
    """
    import numpy as np
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    from kbdesk.core.search import semantic

    tokens = np.array([len(e.ids) for e in embedder._tokenizer.encode_batch(texts)], dtype=np.float64)
    layers, width, inner = 6, 384, 1536
    linear = 2 * layers * (4 * width * width + 2 * width * inner) * tokens  # Q, K, V, output; the two FFN layers
    attention = 2 * layers * 2 * tokens**2 * width  # scores and the weighted sum
    flop = float(np.mean(linear + attention))
    rows = 16 * int(tokens.mean())
    weight = numpy_helper.from_array(np.random.default_rng(0).random((width, inner), dtype=np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "one-matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [rows, width])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [rows, inner])],
        [weight],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    session = ort.InferenceSession(
        model.SerializeToString(), semantic.session_options(1), providers=["CPUExecutionProvider"]
    )
    x = np.random.default_rng(1).random((rows, width), dtype=np.float32)
    best = 0.0
    for _ in range(5):
        c = time.process_time()
        for _ in range(20):
            session.run(None, {"x": x})
        best = max(best, 20 * 2 * rows * width * inner / (time.process_time() - c))
    print(
        f"ceiling: {tokens.mean():.1f} tokens and {flop / 1e9:.2f} GFLOP per chunk; ONNX Runtime's MatMul on one "
        f"thread {best / 1e9:.0f} GFLOP/s -> at most {best / flop:.0f} chunks per CPU-second in fp32"
    )


def compare_splits(texts: list[str], rounds: int) -> None:
    from kbdesk.core.search import semantic
    from kbdesk.core.search.semantic import Embedder

    threads = semantic.default_threads()
    engines = {
        f"{split}, {threads} threads": Embedder(threads=threads, split=split).load()
        for split in (semantic.SPLIT_BATCHES, semantic.SPLIT_OPERATORS)
    }
    engines["one thread"] = Embedder(threads=1).load()
    want = engines["one thread"].encode(texts)
    for name, embedder in engines.items():
        print(f"# {name}: largest difference to one thread {float(abs(embedder.encode(texts) - want).max()):.1e}")
    cpu, wall = interleaved({name: e.encode for name, e in engines.items()}, texts, rounds)
    print(f"{'engine':24} {'chunks/s p50':>13} {'best':>6} {'chunks/CPU-s p50':>17} {'query p50 ms':>13} {'p95':>6}")
    for name, embedder in engines.items():
        p50, p95 = query_latency(embedder.encode_query)
        print(
            f"{name:24} {statistics.median(wall[name]):>13.1f} {max(wall[name]):>6.1f} "
            f"{statistics.median(cpu[name]):>17.1f} {p50:>13.2f} {p95:>6.2f}"
        )


def session_variant(embedder, model_file: str, threads: int = 1, **config: str):
    """``embedder`` (one thread) running ``model_file`` with ``config``: session config entries, and
    "arena"/"pattern" = "0" to turn ONNX Runtime's CPU memory arena or memory pattern off."""
    import onnxruntime as ort

    from kbdesk.core.search import semantic

    options = semantic.session_options(threads)
    if config.pop("arena", "1") == "0":
        options.enable_cpu_mem_arena = False
    if config.pop("pattern", "1") == "0":
        options.enable_mem_pattern = False
    for key, value in config.items():
        options.add_session_config_entry(key, value)
    assert embedder.folder is not None
    session = ort.InferenceSession(str(embedder.folder / model_file), options, providers=["CPUExecutionProvider"])
    embedder._session = session  # the variant's session in place of the plain one (a benchmark may)
    return embedder


def compare_variants(texts: list[str], rounds: int, threads: int = 1, only: str = "") -> None:
    """Ways to run the same fp32 model, on ``threads`` threads (on one, chunks per CPU-second is the measure least
    disturbed by the load), in interleaved rounds, each checked against the served graph: kept only if exact and
    faster. ``only``: the variants whose names contain it (and the served one)."""
    import numpy as np
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    from kbdesk.core.search import semantic
    from kbdesk.core.search.onnx_export import CHECK_TEXTS
    from kbdesk.core.search.semantic import Embedder

    served = Embedder(threads=threads).load()
    assert served.folder is not None
    folder = Path(tempfile.mkdtemp(prefix="kbdesk-variants-"))
    for name in (semantic.MANIFEST, semantic.TOKENIZER_FILE, semantic.MODEL_FILE):
        (folder / name).symlink_to(served.folder / name)
    fusions = {"fused.onnx": FusionOptions("bert")}
    no_attention = FusionOptions("bert")
    no_attention.enable_attention = False
    fusions["fused-no-attention.onnx"] = no_attention
    for file, options in fusions.items():
        fused = optimize_model(
            str(served.folder / semantic.MODEL_FILE),
            model_type="bert",
            num_heads=12,
            hidden_size=384,
            opt_level=0,
            optimization_options=options,
        )
        fused.save_model_to_file(str(folder / file))
        print(f"# {file}: { ({k: v for k, v in fused.get_fused_operator_statistics().items() if v}) }")

    def variant(model_file: str = semantic.MODEL_FILE, **config: str):
        return session_variant(Embedder(folders=[folder], threads=threads).load(), model_file, threads, **config)

    def batched(embedder, size: int, budget: int):
        def encode(batch, **kwargs):
            semantic.BATCH_TOKENS = budget
            try:
                return embedder.encode(batch, batch_size=size, **kwargs)
            finally:
                semantic.BATCH_TOKENS = 16 * 128

        return encode

    engines = {
        "served (16 texts / 2,048 tokens)": served.encode,
        "arena off, memory pattern off": variant(arena="0", pattern="0").encode,
        "memory pattern off": variant(pattern="0").encode,
        "denormals as zero": variant(**{"session.set_denormal_as_zero": "1"}).encode,
        "transformer optimizer (all fusions)": variant("fused.onnx").encode,
        "transformer optimizer, no Attention": variant("fused-no-attention.onnx").encode,
        "batch 8 / 1,024 tokens": batched(served, 8, 1024),
        "batch 32 / 4,096 tokens": batched(served, 32, 4096),
        "batch 16 / 4,096 tokens": batched(served, 16, 4096),
        "batch 8 / 2,048 tokens": batched(served, 8, 2048),
        "batch 4 / 1,024 tokens": batched(served, 4, 1024),
    }
    engines = {name: e for i, (name, e) in enumerate(engines.items()) if i == 0 or only in name}
    check = [*CHECK_TEXTS, *texts[:: max(1, len(texts) // 50)]]
    want = served.encode(check)
    ref = want.astype(np.float64) / np.linalg.norm(want.astype(np.float64), axis=1, keepdims=True)
    for name, encode in engines.items():
        got = encode(check)
        unit = got.astype(np.float64) / np.linalg.norm(got.astype(np.float64), axis=1, keepdims=True)
        cosine = float(np.min(np.sum(unit * ref, axis=1)))  # in float64: float32 sums give 0.9999993 for x . x
        print(
            f"# {name}: least cosine to the served graph {cosine:.7f}, largest difference {abs(got - want).max():.1e}"
        )
    cpu, wall = interleaved(engines, texts, rounds)
    rate_table(f"variant ({threads} thread(s), interleaved)", cpu, wall)


def rate_table(title: str, cpu: dict[str, list[float]], wall: dict[str, list[float]]) -> None:
    """Chunks per CPU-second and per wall-clock second of each engine: median and best of the rounds."""
    width = max(len(title), *(len(name) for name in cpu))
    print(f"{title:{width}} {'chunks/CPU-s p50':>17} {'best':>6} {'chunks/s p50':>13} {'best':>6}")
    for name in cpu:
        print(
            f"{name:{width}} {statistics.median(cpu[name]):>17.1f} {max(cpu[name]):>6.1f} "
            f"{statistics.median(wall[name]):>13.1f} {max(wall[name]):>6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--busy", type=int, default=0, help="spinning processes beside the measurement")
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--torch", action="store_true", help="also measure sentence-transformers on torch")
    parser.add_argument("--batches", default="8:1024,16:2048,32:4096,64:8192,32:99999", help="size:token budget,...")
    parser.add_argument("--graphs", action="store_true", help="compare the served graph, the fused one and torch")
    parser.add_argument("--split", action="store_true", help="compare batches in parallel with split operators")
    parser.add_argument("--variants", action="store_true", help="compare ways to run the fp32 graph (one thread)")
    parser.add_argument("--threads", type=int, default=1, help="threads of --variants")
    parser.add_argument("--only", default="", help="--variants whose names contain this (and the served one)")
    parser.add_argument("--rounds", type=int, default=8, help="interleaved rounds of --graphs, --split, --variants")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.variants:
        texts = texts_for(args.chunks)
        print(f"# {len(texts)} chunks, load average before: {os.getloadavg()[0]:.2f}")
        compare_variants(texts, args.rounds, args.threads, args.only)
        print(f"# load average after: {os.getloadavg()[0]:.2f}")
        return
    if args.split:
        texts = texts_for(args.chunks)
        print(f"# {len(texts)} chunks, busy={args.busy}, load average before: {os.getloadavg()[0]:.2f}")
        with spinning(args.busy):
            compare_splits(texts, args.rounds)
        print(f"# load average after: {os.getloadavg()[0]:.2f}")
        return
    if args.graphs:
        texts = texts_for(args.chunks)
        print(f"# {len(texts)} chunks, load average before: {os.getloadavg()[0]:.2f}")
        with spinning(args.busy):
            compare_graphs(texts, args.rounds, use_torch=True)
        print(f"# load average after: {os.getloadavg()[0]:.2f}")
        return
    from kbdesk.core.search import semantic
    from kbdesk.core.search.semantic import Embedder

    texts = texts_for(args.chunks)
    print(f"# {len(texts)} chunks, busy={args.busy}, load average before: {os.getloadavg()[0]:.2f}")
    with spinning(args.busy):
        print(f"{'engine':34} {'chunks/s':>9} {'query p50 ms':>13} {'p95 ms':>7}")
        for threads in (1, 2):
            for spin in (False, True):
                embedder = Embedder(threads=threads, spinning=spin, split=semantic.SPLIT_OPERATORS).load()
                p50, p95 = query_latency(embedder.encode_query)
                rate = throughput(embedder.encode, texts)
                print(f"{f'onnx threads={threads} spinning={int(spin)}':34} {rate:>9.1f} {p50:>13.2f} {p95:>7.2f}")
        embedder = Embedder().load()
        for spec in args.batches.split(","):
            size, budget = (int(x) for x in spec.split(":"))
            semantic.BATCH_TOKENS = budget
            rate = throughput(embedder.encode, texts, batch_size=size)
            print(f"{f'onnx default, batch {size} / {budget} tokens':34} {rate:>9.1f}")
        if args.torch:
            from kbdesk.core.search.onnx_export import TorchEmbedder

            torch_embedder = TorchEmbedder().load()
            p50, p95 = query_latency(torch_embedder.encode_query)
            for size in (32, 64):
                rate = throughput(torch_embedder.encode, texts, batch_size=size)
                print(f"{f'torch batch {size}':34} {rate:>9.1f} {p50:>13.2f} {p95:>7.2f}")
    print(f"# load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
