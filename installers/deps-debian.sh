#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Cairn needs to build, test and run.
# Only missing packages are installed; nothing is downloaded outside the distribution's archive.
# Uses sudo when not run as root. Safe to run repeatedly (a no-op when everything is present).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-l10n-tools
  libqcustomplot-dev libsodium-dev libssl-dev libsqlite3-dev libboost-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml
  qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qttest
  qml6-module-qtquick-dialogs   # FileDialog/FolderDialog: data folder, CSV export
  xvfb xauth fonts-dejavu-core
  python3-mnemonic libqrencode-dev nlohmann-json3-dev
  desktop-file-utils appstream   # tests validate the .desktop and AppStream files
  prometheus   # promtool: tests check the /metrics output with `promtool check metrics`
)

missing=()
for p in "${PACKAGES[@]}"; do
  # dpkg-query prints "install ok installed" only for fully installed packages.
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps-debian: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "deps-debian: missing packages (${missing[*]}) and not root, and sudo is not available" >&2
    exit 1
  fi
fi

echo "deps-debian: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
