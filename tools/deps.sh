#!/bin/sh
# Installs the Debian packages qbrt builds and tests with, when they are
# missing. As root it runs apt-get; otherwise it prints the one command to run.
set -eu

packages="gcc make pkg-config liblua5.4-dev lua-filesystem-dev libsqlite3-dev
libcsv-dev libjansson-dev libcmocka-dev libgmime-3.0-dev libcmark-gfm-dev
libcmark-gfm-extensions-dev perl sqlite3 time python3"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "qbrt needs:$missing" >&2
    echo "run: sudo apt-get install -y$missing" >&2
    exit 1
fi

echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
