"""The one build step pyproject.toml cannot declare: a wheel carries the compiled translations.

``resources/i18n/kbdesk_*.ts`` are compiled with PySide6's ``lrelease`` (``scripts/translations.py``,
the same step ``./dev setup`` and the PyInstaller spec run) into the wheel's
``kbdesk/resources/i18n/*.qm``; the ``.qm`` files are build output and never committed.
``lrelease`` ships inside PySide6-Essentials, which ``[build-system] requires`` for that reason.
An editable install compiles them into the checkout, where it reads its resources.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _translations() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kbdesk_translations", ROOT / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithTranslations(build_py):
    """build_py, then the .qm files beside the other resources."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            out = ROOT / "resources" / "i18n"
        else:
            out = Path(self.build_lib) / "kbdesk" / "resources" / "i18n"
        _translations().compile_all(out, ROOT / "resources" / "i18n")


setup(cmdclass={"build_py": BuildWithTranslations})
