"""The Qt-free core of kbdesk, used by the CLI and the GUI alike.

Nothing under this package may import PySide6 (tests/core/test_no_qt.py enforces it).
"""
