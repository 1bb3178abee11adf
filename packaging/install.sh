#!/bin/sh
# Install Redline Assistant for the current user, without root. Run it from the bundle folder
# (dist/redline-assistant/ or a copy of it): it copies the bundle to ~/.local/opt/redline-assistant,
# links ~/.local/bin/redline-assistant to it, and adds the menu entry ("Open with" for .docx, .pdf,
# .txt and .md), the icons and the AppStream metainfo under ~/.local/share. Running it again
# replaces an older install. ~/.local/opt/redline-assistant/uninstall.sh undoes it.
set -eu

bundle=$(cd "$(dirname "$0")" && pwd -P)
data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=$HOME/.local/opt/redline-assistant
bin=$HOME/.local/bin
program=$prefix/redline-assistant
desktop=redline-assistant.desktop
metainfo=org.redline_assistant.RedlineAssistant.metainfo.xml

if [ ! -x "$bundle/redline-assistant" ] || [ ! -d "$bundle/share" ]; then
  echo "install.sh: run me from the bundle folder (no redline-assistant program beside me)" >&2
  exit 2
fi
case $prefix in
  *\\* | *"
"*)
    echo "install.sh: the home folder's path holds a backslash or a newline; install by hand" >&2
    exit 2
    ;;
esac

# The bundle, replaced whole (unless this is the installed copy itself).
if [ "$bundle" != "$(cd "$prefix" 2>/dev/null && pwd -P)" ]; then
  mkdir -p "$(dirname "$prefix")"
  rm -rf "$prefix.new"
  cp -RP "$bundle" "$prefix.new"
  rm -rf "$prefix"
  mv "$prefix.new" "$prefix"
fi

mkdir -p "$bin"
ln -sfn "$program" "$bin/redline-assistant"

# The menu entry runs the program by its absolute path: ~/.local/bin is often not on the PATH of
# a desktop session. Exec quotes it, escaping what the desktop entry spec reserves.
exec_path=$(printf '%s' "$program" | sed -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')
mkdir -p "$data/applications"
while IFS= read -r line; do
  case $line in
    TryExec=*) printf 'TryExec=%s\n' "$program" ;;
    "Exec=redline-assistant "*) printf 'Exec="%s" %s\n' "$exec_path" "${line#Exec=redline-assistant }" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$prefix/share/applications/$desktop" >"$data/applications/$desktop"

(cd "$prefix/share/icons/hicolor" && find . -name 'redline-assistant.*') | while read -r icon; do
  mkdir -p "$data/icons/hicolor/$(dirname "$icon")"
  cp "$prefix/share/icons/hicolor/$icon" "$data/icons/hicolor/$icon"
done
mkdir -p "$data/metainfo"
cp "$prefix/share/metainfo/$metainfo" "$data/metainfo/$metainfo"

# Refresh the caches that menus and "Open with" read, where the tools exist.
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data/applications" || true
fi
touch "$data/icons/hicolor"  # icon theme caches check the folder's time

echo "Redline Assistant installed in $prefix"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "Add $bin to your PATH to run redline-assistant from a terminal." ;;
esac
