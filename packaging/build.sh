#!/usr/bin/env bash
# Build the one-folder desktop app with PyInstaller: dist/kbdesk/kbdesk (work files in build/).
#
#   packaging/build.sh          install PyInstaller into the venv if missing, render the icons, build
#
# Needs the development venv (./dev setup). Neither build/ nor dist/ is committed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${KBDESK_VENV:-.venv}"
PYTHON="$VENV/bin/python"
[ -x "$PYTHON" ] || ./dev setup

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10"
fi
QT_QPA_PLATFORM=offscreen "$PYTHON" packaging/render_icons.py >/dev/null
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build packaging/kbdesk.spec
echo "built: dist/kbdesk/kbdesk ($(du -sh dist/kbdesk | cut -f1))"
