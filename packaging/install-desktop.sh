#!/usr/bin/env bash
# Add kbdesk to this user's desktop: menu entry, icon, AppStream metadata and the .kbbundle file type.
#
#   packaging/install-desktop.sh              install into ${XDG_DATA_HOME:-~/.local/share}
#   packaging/install-desktop.sh --uninstall  remove what it installed
#
# The menu entry runs "kbdesk", so kbdesk must be on PATH: the pip-installed console script, or a link
# to the PyInstaller build, e.g. ln -s "$PWD/dist/kbdesk/kbdesk" ~/.local/bin/kbdesk
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ID="io.github.kbdesk.Kbdesk"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
SIZES="16 32 48 64 128 256"

installed_files() {
    echo "$DATA/applications/$APP_ID.desktop"
    echo "$DATA/metainfo/$APP_ID.metainfo.xml"
    echo "$DATA/mime/packages/$APP_ID-kbbundle.xml"
    echo "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in $SIZES; do echo "$DATA/icons/hicolor/${size}x${size}/apps/$APP_ID.png"; done
}

refresh_caches() {
    if command -v update-mime-database >/dev/null; then update-mime-database "$DATA/mime" || true; fi
    if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$DATA/applications" || true; fi
    if command -v gtk-update-icon-cache >/dev/null && [ -f "$DATA/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    installed_files | while read -r f; do rm -f "$f"; done
    refresh_caches
    echo "kbdesk desktop integration removed from $DATA"
    exit 0
elif [ $# -gt 0 ]; then
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

if ! command -v kbdesk >/dev/null; then
    echo "note: 'kbdesk' is not on PATH; the menu entry will not start until it is (see the comment at the top)" >&2
fi
install -Dm644 "packaging/$APP_ID.desktop" "$DATA/applications/$APP_ID.desktop"
install -Dm644 "packaging/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "packaging/$APP_ID-kbbundle.xml" "$DATA/mime/packages/$APP_ID-kbbundle.xml"
install -Dm644 resources/icons/kbdesk.svg "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $SIZES; do
    install -Dm644 "resources/icons/kbdesk-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
refresh_caches
echo "kbdesk desktop integration installed into $DATA"
