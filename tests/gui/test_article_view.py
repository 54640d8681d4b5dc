"""The article view: which links it follows, opens outside or refuses."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from kbdesk.gui.article_view import classify_link


def test_link_classification():
    kinds = {
        url: classify_link(QUrl(url)).kind
        for url in (
            "kbdesk-copy:2",
            "kbdesk:article/vpn-drops",
            "other.md",
            "sub/other.md#steps",
            "#steps",
            "https://example.com",
            "mailto:help@example.com",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "/etc/passwd.md",
            "ftp://example.com/x",
            "http:no-host",
        )
    }
    assert kinds == {
        "kbdesk-copy:2": "copy",
        "kbdesk:article/vpn-drops": "article-id",
        "other.md": "article-path",
        "sub/other.md#steps": "article-path",
        "#steps": "anchor",
        "https://example.com": "external",
        "mailto:help@example.com": "external",
        "javascript:alert(1)": "blocked",
        "file:///etc/passwd": "blocked",
        "/etc/passwd.md": "blocked",
        "ftp://example.com/x": "blocked",
        "http:no-host": "blocked",
    }
