#!/bin/sh
# Remove what install.sh installed for the current user: the program in
# ~/.local/opt/redline-assistant, its link in ~/.local/bin, the menu entry, icons and metainfo.
# Sessions, settings, user packs and the audit log stay in the user data folder
# (~/.local/share/redline-assistant, or $REDLINE_ASSISTANT_HOME); delete it by hand if wanted.
set -eu

data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=$HOME/.local/opt/redline-assistant
link=$HOME/.local/bin/redline-assistant

# The link only if it is ours: another install of the same name is left alone.
if [ -L "$link" ] && [ "$(readlink "$link")" = "$prefix/redline-assistant" ]; then
  rm -f "$link"
fi
rm -f "$data/applications/redline-assistant.desktop"
rm -f "$data/metainfo/org.redline_assistant.RedlineAssistant.metainfo.xml"
for icon in "$data"/icons/hicolor/*/apps/redline-assistant.*; do
  rm -f "$icon" # an unmatched pattern stays literal: rm -f ignores it
done
rm -rf "$prefix"

if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
  update-desktop-database -q "$data/applications" || true
fi
if [ -d "$data/icons/hicolor" ]; then
  touch "$data/icons/hicolor"
fi

echo "Redline Assistant removed; your sessions and audit log are still in its data folder."
