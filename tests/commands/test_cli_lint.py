"""``kbdesk lint``: output format, --json shape and exit status 0/1/2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kbdesk.cli import main

BODY = (
    "Open the settings, choose the network page and switch the connection off and on again. "
    "If that does not help, restart the computer, wait for it to reconnect, and try once more. "
    "When it still fails, note the exact error message and the time, then contact support."
)
LINE_RE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<severity>error|warning) (?P<code>[a-z0-9-]+) (?P<message>.+)$"
)


def write(folder: Path, name: str, front: str, body: str = BODY) -> None:
    (folder / name).write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def clean(tmp_path) -> Path:
    write(tmp_path, "a.md", "id: a\ntitle: First\nreview_by: 2027-06-01")
    write(tmp_path, "b.md", "id: b\ntitle: Second\nrelated: [a]", BODY + "\n\nSee [first](a.md).")
    return tmp_path


@pytest.fixture
def broken(clean) -> Path:
    write(clean, "c.md", "id: c\ntitle: Third\ncolour: red", BODY + "\n\nSee [nothing](missing.md).")
    return clean


def test_clean_folder_exits_0_with_warnings_allowed(clean, capsys):
    assert main(["lint", str(clean), "--no-semantic", "--today", "2027-01-01"]) == 0
    assert capsys.readouterr().out == ""
    # a stale review date is only a warning
    assert main(["lint", str(clean), "--no-semantic", "--today", "2027-07-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "a.md:4: warning stale review_by 2027-06-01 passed 30 days ago; review the article and move review_by forward"
    ]


def test_errors_exit_1_one_line_per_finding_sorted(broken, capsys):
    assert main(["lint", str(broken), "--no-semantic", "--today", "2027-01-01"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    parsed = [LINE_RE.match(line).groupdict() for line in lines]
    assert [(p["path"], int(p["line"]), p["severity"], p["code"]) for p in parsed] == [
        ("c.md", 4, "warning", "unknown-key"),
        ("c.md", 9, "error", "broken-link"),
    ]
    assert "1 error(s), 1 warning(s)" in captured.err


def test_json_shape(broken, capsys):
    assert main(["lint", str(broken), "--json", "--no-semantic", "--today", "2027-01-01"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert set(item) == {"path", "line", "severity", "code", "message"}
        assert isinstance(item["line"], int) and item["severity"] in ("error", "warning")
    assert data[1] == {
        "path": "c.md",
        "line": 9,
        "severity": "error",
        "code": "broken-link",
        "message": "link to 'missing.md', which is not an article in this folder",
    }


def test_json_of_clean_folder_is_an_empty_list(clean, capsys):
    assert main(["lint", str(clean), "--json", "--no-semantic", "--today", "2027-01-01"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_select_and_ignore_options(broken, capsys):
    assert main(["lint", str(broken), "--no-semantic", "--select", "unknown-key"]) == 0
    assert "unknown-key" in capsys.readouterr().out
    assert main(["lint", str(broken), "--no-semantic", "--ignore", "broken-link,unknown-key"]) == 0


def test_missing_folder_exits_2(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "nope"), "--no-semantic"]) == 2
    assert "articles folder not found" in capsys.readouterr().err


def test_unknown_code_exits_2(clean, capsys):
    assert main(["lint", str(clean), "--no-semantic", "--ignore", "no-such-rule"]) == 2
    assert "unknown lint code" in capsys.readouterr().err


def test_bad_today_is_a_usage_error(clean, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["lint", str(clean), "--today", "tomorrow"])
    assert exc.value.code == 2


def test_subprocess_exit_codes(broken, tmp_path):
    python = Path(sys.prefix) / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "kbdesk", "lint"]
    done = subprocess.run(
        [*cmd, str(broken), "--no-semantic", "--today", "2027-01-01"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[-1].startswith("c.md:9: error broken-link ")
    done = subprocess.run([*cmd, str(tmp_path / "absent")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "not found" in done.stderr
