"""Light and dark: the window palette, and the colours derived from it for HTML content.

The "system" theme keeps the platform's palette (and follows its colour
scheme where Qt reports one). "light" and "dark" set an explicit palette, so
they look the same everywhere. Everything drawn as HTML (the article, the
result items) takes its colours from the current palette through
:func:`content_colors`, so a theme change needs only a re-render.
"""

from __future__ import annotations

import logging
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette

from ..core.paths import resources_dir

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
_FALLBACK_CSS = "body { color: $text; background-color: $base; } a { color: $link; }"

_original_palette: QPalette | None = None


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _dark_palette() -> QPalette:
    p = QPalette()
    # Base is lighter than Window: Fusion outlines check boxes and frames with a darker shade of the
    # window colour, which would vanish against a base as dark as the window
    window, base, text = QColor(0x1E, 0x1F, 0x22), QColor(0x2A, 0x2C, 0x30), QColor(0xE6, 0xE6, 0xE6)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor(0x31, 0x33, 0x38))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor(0x35, 0x37, 0x3C))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor(0x35, 0x37, 0x3C))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(0x9A, 0x9D, 0xA3))
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(0x2F, 0x6F, 0xC4))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(0xFF, 0xFF, 0xFF))
        p.setColor(group, QPalette.ColorRole.Link, QColor(0x7F, 0xB2, 0xF5))
        p.setColor(group, QPalette.ColorRole.Mid, QColor(0x5A, 0x5D, 0x63))
        p.setColor(group, QPalette.ColorRole.Midlight, QColor(0x4A, 0x4D, 0x53))
        p.setColor(group, QPalette.ColorRole.Light, QColor(0x60, 0x63, 0x69))
        p.setColor(group, QPalette.ColorRole.Dark, QColor(0x18, 0x19, 0x1B))
        p.setColor(group, QPalette.ColorRole.Shadow, QColor(0x0C, 0x0C, 0x0D))
    disabled = QColor(0x80, 0x82, 0x86)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, window)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(0x35, 0x37, 0x3C))
    return p


def _light_palette() -> QPalette:
    p = QPalette(QColor(0xF3, 0xF3, 0xF3))  # derives the other roles from the button colour
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, QColor(0xF3, 0xF3, 0xF3))
        p.setColor(group, QPalette.ColorRole.Base, QColor(0xFF, 0xFF, 0xFF))
        p.setColor(group, QPalette.ColorRole.Text, QColor(0x1B, 0x1B, 0x1B))
        p.setColor(group, QPalette.ColorRole.WindowText, QColor(0x1B, 0x1B, 0x1B))
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(0x1E, 0x63, 0xC0))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(0xFF, 0xFF, 0xFF))
        p.setColor(group, QPalette.ColorRole.Link, QColor(0x15, 0x5B, 0xC0))
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(0x70, 0x70, 0x70))
    return p


def restore_system_theme() -> None:
    """Back to the system's palette when a theme was applied in this process (nothing otherwise)."""
    if _original_palette is not None:
        apply_theme("system")


def apply_theme(theme: str) -> None:
    """Switch the application palette; widgets repaint, HTML content must be re-rendered by its owner."""
    global _original_palette
    app = QGuiApplication.instance()
    if app is None:
        return
    if _original_palette is None:
        _original_palette = QGuiApplication.palette()
    hints = QGuiApplication.styleHints()
    scheme = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(theme, Qt.ColorScheme.Unknown)
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+: lets native styles follow too
        hints.setColorScheme(scheme)
    if theme == "dark":
        QGuiApplication.setPalette(_dark_palette())
    elif theme == "light":
        QGuiApplication.setPalette(_light_palette())
    else:
        QGuiApplication.setPalette(_original_palette)
    log.info("theme: %s (%s)", theme, "dark" if is_dark() else "light")


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() * (1 - amount) + b.red() * amount),
        round(a.green() * (1 - amount) + b.green() * amount),
        round(a.blue() * (1 - amount) + b.blue() * amount),
    )


def content_colors(palette: QPalette | None = None) -> dict[str, str]:
    """Named colours for HTML content, derived from ``palette`` (the application's by default)."""
    palette = palette or QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    link = palette.color(QPalette.ColorRole.Link)
    dark = is_dark(palette)
    if dark and link.lightness() < 140:
        link = QColor(0x7F, 0xB2, 0xF5)
    accent = palette.color(QPalette.ColorRole.Highlight)
    return {
        "text": text.name(),
        "base": base.name(),
        "muted": _mix(text, base, 0.38).name(),
        "link": link.name(),
        "code_bg": _mix(base, text, 0.08 if not dark else 0.10).name(),
        "border": _mix(base, text, 0.25).name(),
        "tag_bg": _mix(base, accent, 0.14 if not dark else 0.30).name(),
        "tag_fg": _mix(text, accent, 0.35 if not dark else 0.15).name(),
        "note_bg": _mix(base, QColor(0x3D, 0x8B, 0xFD), 0.10 if not dark else 0.18).name(),
        "warn_bg": _mix(base, QColor(0xF0, 0xA0, 0x20), 0.16 if not dark else 0.22).name(),
        "mark_bg": (QColor(0x7A, 0x5C, 0x00) if dark else QColor(0xFF, 0xE5, 0x8A)).name(),
        "mark_fg": text.name(),
        "badge_bg": _mix(base, accent, 0.18 if not dark else 0.35).name(),
        "badge_fg": _mix(text, accent, 0.45 if not dark else 0.1).name(),
        # an article for another system than this one: amber, so it cannot pass for this system's
        "other_bg": _mix(base, QColor(0xF0, 0x90, 0x10), 0.32 if not dark else 0.45).name(),
        "other_fg": text.name(),
    }


def article_css(palette: QPalette | None = None, point_size: float | None = None) -> str:
    colors = content_colors(palette)
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    size = f"{point_size:.1f}pt" if point_size else "medium"
    try:
        template = (resources_dir() / "article.css").read_text("utf-8")
    except OSError as exc:
        log.warning("article style sheet missing (%s); using a plain one", exc)
        template = _FALLBACK_CSS
    return Template(template).safe_substitute(colors, mono=f"'{mono}', monospace", font_size=size)
