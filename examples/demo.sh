#!/bin/sh
# demo.sh -- load the Northwind Logistics 2024Q1 QBR into a fresh, throw-away
# database (with load.sh, which uses qbrt's own commands), then print the
# action dashboard as it stood on 2024-02-20.
#
#   make qbrt && sh examples/demo.sh [TEAM_DIR]
#
# QBRT=/path/to/qbrt picks another binary. Nothing outside a temporary
# directory is written; the built-in rules are used (--no-team), so a team
# directory in your own config cannot change the numbers. examples/README.md
# lists the statuses to expect and how to rerun with examples/team.
set -eu

here=$(dirname "$0")
team=${1:-}
if [ -n "$team" ] && [ ! -d "$team/rules" ]; then
    echo "demo.sh: $team has no rules/ directory" >&2
    exit 2
fi
QBRT=${QBRT:-./qbrt}
qbr=NORTHWIND-2024Q1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qbrt-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Everything is recorded "as of" the Tuesday five weeks after the QBR.
QBRT_DB="$tmp/qbrt.db"
export QBRT QBRT_DB
QBRT="$QBRT" sh "$here/load.sh" -v

printf '# dashboard as of 2024-02-20\n' >&2
QBRT_NOW="2024-02-20 09:00" "$QBRT" --no-team --today 2024-02-20 dashboard "$qbr"

# With a team directory as argument, the same dashboard under its rules.
if [ -n "$team" ]; then
    printf '# the same dashboard with the team rules of %s\n' "$team" >&2
    QBRT_NOW="2024-02-20 09:00" "$QBRT" --team "$team" --today 2024-02-20 dashboard "$qbr"
fi
