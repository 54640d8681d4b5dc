"""Desktop integration files: the validators (when installed), the MIME type, the icon set, the spec's data."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kbdesk.core.bundle import BUNDLE_SUFFIX
from kbdesk.gui.app import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
MIME_XML = PACKAGING / f"{APP_ID}-kbbundle.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
BUNDLE_MIME = "application/x-kbdesk-bundle"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed here (Debian: apt-get install desktop-file-utils appstream)")
    return path


def test_desktop_file_validates():
    result = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates():
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_opens_bundles():
    entry = _desktop_entry()
    assert entry["Exec"] == "kbdesk %f"
    assert entry["Icon"] == APP_ID
    assert [m for m in entry["MimeType"].split(";") if m] == [BUNDLE_MIME]


def test_mime_xml_registers_the_bundle_suffix():
    root = ET.parse(MIME_XML).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    types = root.findall(f"{MIME_NS}mime-type")
    assert [t.get("type") for t in types] == [BUNDLE_MIME]
    globs = [g.get("pattern") for g in types[0].findall(f"{MIME_NS}glob")]
    assert globs == [f"*{BUNDLE_SUFFIX}"]
    assert types[0].find(f"{MIME_NS}sub-class-of").get("type") == "application/zip"  # a bundle is a zip


def test_metainfo_matches_the_app():
    import kbdesk

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("content_rating") is not None
    versions = [r.get("version") for r in root.iter("release")]
    assert kbdesk.__version__ in versions
    assert BUNDLE_MIME in [m.text for m in root.iter("mediatype")]
    # every screenshot URL names a file that exists in docs/screenshots
    for image in root.iter("image"):
        assert image.text.startswith("https://")
        assert (ROOT / "docs" / "screenshots" / image.text.rsplit("/", 1)[1]).is_file(), image.text


def test_icons_exist_in_every_size(qapp):
    from PySide6.QtGui import QImage

    assert (ROOT / "resources" / "icons" / "kbdesk.svg").is_file()
    for size in ICON_SIZES:
        image = QImage(str(ROOT / "resources" / "icons" / f"kbdesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_app_icon_has_every_size(qapp):
    from kbdesk.gui.app import app_icon

    sizes = sorted(s.width() for s in app_icon().availableSizes())
    assert sizes == list(ICON_SIZES)


def test_install_script_installs_and_uninstalls(tmp_path):
    script = PACKAGING / "install-desktop.sh"
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["bash", str(script)], check=True, env=env, capture_output=True, timeout=120)
    assert (tmp_path / "applications" / f"{APP_ID}.desktop").is_file()
    assert (tmp_path / "mime" / "packages" / MIME_XML.name).is_file()
    assert (tmp_path / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("update-mime-database"):
        assert BUNDLE_MIME in (tmp_path / "mime" / "globs2").read_text("utf-8")
    subprocess.run(["bash", str(script), "--uninstall"], check=True, env=env, capture_output=True, timeout=120)
    assert not list(tmp_path.rglob(f"{APP_ID}*"))


def test_pyproject_lists_every_package():
    """The package list is written by hand (so articles/ and resources/ can join the wheel); a new
    subpackage missing from it would be missing from every wheel while editable installs still work."""
    import tomllib

    from setuptools import find_packages

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    code = set(find_packages(str(ROOT), include=["kbdesk*"]))
    assert set(config["packages"]) == code | {"kbdesk.articles", "kbdesk.resources", "kbdesk.resources.icons"}


def test_wheel_carries_the_starter_articles_and_resources(tmp_path):
    """Build a real wheel, unpack it, and run the unpacked package away from the checkout."""
    import sys
    import zipfile

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "scripts/translations.py"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    # the checkout's compiled .qm files stay behind: the wheel build must make its own
    for folder in ("kbdesk", "articles", "resources"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.qm"))
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_wheel({str(out)!r})"],
        cwd=src,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("kbdesk-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    articles = sorted(p.name for p in (ROOT / "articles").glob("*.md"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("kbdesk/articles/")) == articles
    assert "kbdesk/resources/article.css" in names and "kbdesk/resources/icons/kbdesk.svg" in names
    # the translations, compiled by setup.py with PySide6's lrelease; their sources stay out
    translations = sorted(n for n in names if n.startswith("kbdesk/resources/i18n/"))
    assert translations == ["kbdesk/resources/i18n/kbdesk_de.qm", "kbdesk/resources/i18n/kbdesk_en.qm"]

    probe = (
        "import kbdesk, sys; from kbdesk.core.paths import bundled_articles_dir, resources_dir; "
        "print(kbdesk.__file__); print(bundled_articles_dir()); print(resources_dir())"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    package_file, articles_dir, resources = (Path(line) for line in result.stdout.splitlines())
    assert package_file.is_relative_to(site), "the unpacked wheel was not the kbdesk imported"
    assert articles_dir == site / "kbdesk" / "articles" and len(list(articles_dir.glob("*.md"))) == len(articles)
    assert (resources / "article.css").is_file() and (resources / "icons" / "kbdesk-64.png").is_file()
    assert (resources / "i18n" / "kbdesk_de.qm").is_file()
