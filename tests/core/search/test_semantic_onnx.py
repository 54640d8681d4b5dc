"""The ONNX Runtime embedder: same tokens and vectors as sentence-transformers on torch, the export
manifest, and no torch at run time.

Tests that compare with torch skip when torch or sentence-transformers is not installed (a pip
install without the export extra); ./dev installs both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from kbdesk.core.errors import ModelUnavailableError
from kbdesk.core.search import semantic
from kbdesk.core.search.engine import SearchEngine, SearchFilters
from kbdesk.core.search.semantic import Embedder

GOLDEN = Path(__file__).resolve().parents[2] / "golden_queries.jsonl"
ROOT = Path(__file__).resolve().parents[3]

EDGE_CASES = [
    "",
    " ",
    "\t\n",
    "0x80070005",
    "DNS_PROBE_FINISHED_NXDOMAIN ERR_CONNECTION_RESET",
    "Ünïcödé café naïve façade — “quoted” ‘text’ …",
    "日本語のテキストと中文文本",
    "Ελληνικά и русский текст",
    "emoji 😀👍🏽 and symbols ©®™ ½ ∞",
    "zero\u200bwidth and non\u00a0breaking",
    "UPPER CASE WORDS AND lower case words",
    "word " * 400,  # truncated at 256 tokens
    "supercalifragilisticexpialidocious " * 60,
    "x" * 3000,
    "https://example.com/path?query=1&x=2 C:\\Users\\me\\AppData\\Local\\Temp",
]


def corpus() -> list[str]:
    """A few hundred texts: every chunk of the starter articles, the golden queries, edge cases."""
    from kbdesk.core.articles import load_folder
    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.search.text import chunk_texts

    chunks = [c for a in load_folder(bundled_articles_dir()).articles for c in chunk_texts(a)]
    queries = [json.loads(line)["query"] for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return chunks + queries + EDGE_CASES


@pytest.fixture(scope="module")
def torch_embedder():
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    from kbdesk.core.search.onnx_export import TorchEmbedder

    return TorchEmbedder().load()


@pytest.mark.model
def test_tokens_equal_sentence_transformers(torch_embedder, embedder):
    texts = corpus()
    model = torch_embedder._model
    prepare = getattr(model, "preprocess", None) or model.tokenize  # preprocess from sentence-transformers 5.2 on
    reference = prepare(texts)
    ours = embedder._tokenizer.encode_batch(texts)
    width = reference["input_ids"].shape[1]
    assert width == 256  # the long texts are truncated at max_seq_length, not at tokenizer.json's 128
    for i, encoding in enumerate(ours):
        n = int(reference["attention_mask"][i].sum())
        assert encoding.ids == reference["input_ids"][i, :n].tolist(), repr(texts[i][:60])
        assert not reference["token_type_ids"][i].any()


@pytest.mark.model
def test_vectors_equal_torch(torch_embedder, embedder):
    texts = corpus()
    assert len(texts) >= 300
    want = torch_embedder.encode(texts)
    got = embedder.encode(texts)
    assert got.dtype == np.float32 and got.shape == (len(texts), 384)
    cosine = np.sum(got * want, axis=1)
    assert cosine.min() >= 0.99999, texts[int(np.argmin(cosine))][:80]
    assert np.abs(got - want).max() < 1e-4
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # a single query goes the short way (no batching); it must land on the same vector
    for i in (0, len(texts) - len(EDGE_CASES) - 1, len(texts) - 4):
        assert np.abs(embedder.encode_query(texts[i]) - want[i]).max() < 1e-4


def test_batching_does_not_change_vectors(embedder):
    texts = corpus()[:120]
    together = embedder.encode(texts)
    small = embedder.encode(texts, batch_size=3)
    one_by_one = np.stack([embedder.encode_query(t) for t in texts[:20]])
    assert np.abs(together - small).max() < 1e-5
    assert np.abs(together[:20] - one_by_one).max() < 1e-5
    assert embedder.encode([]).shape == (0, 384)


def test_batches_side_by_side_give_the_same_vectors(embedder):
    """The other way of using the threads (benchmarks/tune_embedding.py --split) computes the same vectors."""
    texts = corpus()[:120]
    side_by_side = Embedder(threads=2, split=semantic.SPLIT_BATCHES).encode(texts)
    assert np.abs(side_by_side - embedder.encode(texts)).max() < 1e-5
    with pytest.raises(ValueError, match="split"):
        Embedder(split="sideways")


MEMORY_AFTER_EMBEDDING = """
import json, sys
import psutil
from kbdesk.core.memory import release_free_memory
from kbdesk.core.search.semantic import Embedder
embedder = Embedder().load()
embedder.encode_query("warm up")
before = psutil.Process().memory_info().rss
words = ["printer", "network", "restart", "driver", "settings", "update", "adapter", "queue"]
texts = [" ".join(words[(i + j) % 8] for j in range(40 + 6 * i)) for i in range(48)]  # up to 256 tokens
vectors = embedder.encode(texts)
release_free_memory()
print(json.dumps({"grew_mb": (psutil.Process().memory_info().rss - before) / 2**20, "rows": len(vectors)}))
"""


def test_embedding_long_texts_leaves_no_memory_behind():
    """The model's working memory goes back once a batch is done: ONNX Runtime's arena, on before, kept the
    largest batch's tensors for good (+150 MB after these texts); a process of its own, so nothing else counts."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_AFTER_EMBEDDING], capture_output=True, text=True, timeout=300, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] == 48
    assert result["grew_mb"] < 40, result


@pytest.mark.model
def test_index_embedded_by_torch_stays_valid(tmp_path, fixture_kb, torch_embedder, embedder):
    """An index built before the switch to ONNX is used as it is: nothing is embedded again, results agree."""
    before = SearchEngine(fixture_kb, index_root=tmp_path / "index", embedder=torch_embedder)
    before.sync(embed=True)
    vectors = (before._snap().generation / "vectors.npy").read_bytes()
    queries = ["printer says offline", "wifi connected but no internet", "reset my password", "0x80070005"]
    want = [[h.id for h in before.search(q, mode="semantic", filters=SearchFilters(statuses=())).hits] for q in queries]
    before.close()

    after = SearchEngine(fixture_kb, index_root=tmp_path / "index", embedder=embedder)
    report = after.sync(embed=True)
    assert report.embedded == 0 and not report.rebuilt and report.describe() == "up to date"
    assert (after._snap().generation / "vectors.npy").read_bytes() == vectors
    got = [[h.id for h in after.search(q, mode="semantic", filters=SearchFilters(statuses=())).hits] for q in queries]
    assert got == want
    after.close()


# ---------------------------------------------------------------- the export manifest


def _copy_export(target: Path) -> Path:
    """A copy of the set-up export (the model files linked, not copied: 110 MB)."""
    source = semantic.find_model()
    assert source is not None, "no exported model; run ./dev setup"
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.suffix == ".onnx":
            os.symlink(item, target / item.name)
        else:
            shutil.copy(item, target / item.name)
    return target


def _edit_manifest(folder: Path, **changes) -> None:
    manifest = json.loads((folder / semantic.MANIFEST).read_text())
    for key, value in changes.items():
        if isinstance(value, dict):
            manifest[key] = {**manifest[key], **value}
        else:
            manifest[key] = value
    (folder / semantic.MANIFEST).write_text(json.dumps(manifest))


def test_manifest_of_the_setup_export_matches(tmp_path):
    folder = _copy_export(tmp_path / "m")
    assert semantic.manifest_problem(folder, source=semantic.source_model_path()) == ""
    manifest = semantic.read_manifest(folder)
    assert manifest["model"] == semantic.MODEL_NAME and manifest["opset"] == semantic.OPSET
    assert len(manifest["source"]["sha256"]) == 64
    assert {"torch", "onnx", "onnxruntime", "sentence-transformers", "transformers"} <= set(manifest["exporter"])
    assert manifest["check"]["min_cosine"] >= 0.99999


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"version": 99}, "another version of kbdesk"),
        ({"model": "sentence-transformers/all-mpnet-base-v2"}, "another model"),
        ({"opset": 13}, "opset 13"),
        ({"files": {"model.onnx": {"size": 12}}}, "model.onnx is damaged"),
        ({"files": {"extra.bin": {"size": 1}}}, "extra.bin is missing"),
    ],
)
def test_manifest_mismatch_is_found(tmp_path, changes, reason):
    folder = _copy_export(tmp_path / "m")
    _edit_manifest(folder, **changes)
    assert reason in semantic.manifest_problem(folder, source=semantic.source_model_path())
    assert Embedder(folders=[folder]).needs_export()


def test_unreadable_manifest_is_a_mismatch(tmp_path):
    folder = _copy_export(tmp_path / "m")
    (folder / semantic.MANIFEST).write_text("{not json")
    assert semantic.manifest_problem(folder) == f"no readable {semantic.MANIFEST}"


def test_other_source_weights_are_a_mismatch(tmp_path):
    folder = _copy_export(tmp_path / "m")
    source = tmp_path / "weights"
    source.mkdir()
    real = semantic.source_model_path() / semantic.SOURCE_WEIGHTS
    (source / semantic.SOURCE_WEIGHTS).write_bytes(b"other weights")
    assert "other weights" in semantic.manifest_problem(folder, source=source)
    # the same bytes with another time (a reinstall): hashed once, then remembered
    shutil.copyfile(real, source / semantic.SOURCE_WEIGHTS)
    assert semantic.manifest_problem(folder, source=source) == ""
    st = (source / semantic.SOURCE_WEIGHTS).stat()
    recorded = semantic.read_manifest(folder)["source"]
    assert (recorded["size"], recorded["mtime_ns"]) == (st.st_size, st.st_mtime_ns)


@pytest.mark.model
def test_manifest_mismatch_exports_again(tmp_path):
    pytest.importorskip("torch")
    folder = _copy_export(tmp_path / "data" / semantic.MODEL_DIR_NAME)
    _edit_manifest(folder, opset=13)
    said: list[str] = []
    embedder = Embedder(folders=[folder], export_to=folder).load(said.append)
    assert len(said) == 1 and "once" in said[0]
    assert semantic.manifest_problem(folder, source=semantic.source_model_path()) == ""
    assert semantic.read_manifest(folder)["opset"] == semantic.OPSET
    assert not (folder / "model.onnx").is_symlink()  # a new export, not the linked one
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no work folders left
    reference = Embedder().encode(EDGE_CASES)
    assert np.abs(embedder.encode(EDGE_CASES) - reference).max() < 1e-5


def test_missing_export_tools_give_a_clear_error(tmp_path, monkeypatch):
    # as on a pip install without the export extra: a module the export needs cannot be found
    monkeypatch.setattr(semantic, "EXPORT_MODULES", (*semantic.EXPORT_MODULES, "kbdesk_no_such_module"))
    target = tmp_path / "data" / semantic.MODEL_DIR_NAME
    embedder = Embedder(folders=[tmp_path / "nothing-here"], export_to=target)
    assert embedder.needs_export()
    with pytest.raises(ModelUnavailableError) as caught:
        embedder.load()
    assert "kbdesk_no_such_module" in str(caught.value) and "kbdesk[export]" in caught.value.hint
    assert not target.exists() and not embedder.loaded


def test_damaged_model_file_is_a_clear_error(tmp_path):
    folder = _copy_export(tmp_path / "m")
    (folder / "model.onnx").unlink()
    (folder / "model.onnx").write_bytes(b"\0" * semantic.read_manifest(folder)["files"]["model.onnx"]["size"])
    with pytest.raises(ModelUnavailableError) as caught:
        Embedder(folders=[folder], export_to=folder).load()
    assert str(folder) in str(caught.value) and "delete that folder" in caught.value.hint


# ---------------------------------------------------------------- no torch at run time

NO_TORCH_CLI = """
import json, sys
from kbdesk import cli
assert cli.main(["index", "--articles", sys.argv[1]]) == 0
assert cli.main(["search", "--mode", "hybrid", "--articles", sys.argv[1], "printer says offline", "--json"]) == 0
loaded = [name for name in ("torch", "sentence_transformers", "transformers") if name in sys.modules]
print("MODULES " + json.dumps({"loaded": loaded, "onnxruntime": "onnxruntime" in sys.modules}))
"""

NO_TORCH_GUI = """
import json, sys, time
from PySide6.QtWidgets import QApplication
from kbdesk.core.settings import Settings
from kbdesk.gui import app as app_module  # the composition root's imports too
from kbdesk.gui.main_window import MainWindow
app = QApplication([])
window = MainWindow(Settings().with_value("articles_dir", sys.argv[1]), load_model=True, watch=False)
window.show()
window.start()
def settled():
    # the model is loaded and the sync it starts has embedded every article (a search from this
    # thread while that sync swaps index generations could meet a closed reader)
    state = window.kb.state
    if state.model != "ready" or not state.index_open or state.syncing:
        return False
    stats = window.kb.engine.stats()
    return stats.embedded_articles == stats.articles
deadline = time.monotonic() + 240
while not settled():
    assert window.kb.state.model != "failed", window.kb.state.model_error
    assert time.monotonic() < deadline, "the model did not load"
    app.processEvents()
    time.sleep(0.01)
response = window.kb.engine.search("printer says offline", mode="hybrid")
assert response.mode == "hybrid" and response.hits, response
window.shutdown()
loaded = [name for name in ("torch", "sentence_transformers", "transformers") if name in sys.modules]
print("MODULES " + json.dumps({"loaded": loaded, "onnxruntime": "onnxruntime" in sys.modules}))
"""


@pytest.mark.model
@pytest.mark.parametrize("script", [NO_TORCH_CLI, NO_TORCH_GUI], ids=["cli", "app"])
def test_hybrid_search_never_imports_torch(tmp_path, fixture_kb, script):
    """In a process of its own: the test process has torch loaded by the exactness tests."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(fixture_kb)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("MODULES "))
    modules = json.loads(line.split(" ", 1)[1])
    assert modules == {"loaded": [], "onnxruntime": True}
