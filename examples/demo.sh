#!/bin/sh
# demo.sh -- load the Northwind Logistics 2024Q1 QBR into a fresh, throw-away
# database with qbrt's own commands, then print the action dashboard as it
# stood on 2024-02-20.
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
csv="$here/northwind-2024q1.csv"
qbr=NORTHWIND-2024Q1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qbrt-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Everything is recorded "as of" the Tuesday five weeks after the QBR.
QBRT_DB="$tmp/qbrt.db"
QBRT_NOW="2024-02-20 09:00"
QBRT_USER="Priya Raman"
export QBRT_DB QBRT_NOW QBRT_USER
unset QBRT_TODAY QBRT_TEAM

say() { printf '# %s\n' "$*" >&2; }
qbrt() { "$QBRT" --no-team "$@"; }

say "creating a fresh database in $tmp"
qbrt init >/dev/null

say "recording the QBR held with Northwind Logistics on 2024-01-16"
qbrt qbr add "Northwind Logistics" 2024Q1 --key NORTHWIND \
    --held-at "2024-01-16 14:00" \
    --champion "Dana Whitfield" --champion-email dana.whitfield@northwind.example \
    --csm "Priya Raman" --csm-email priya.raman@qbrt-vendor.example \
    --summary-sent-at "2024-01-17 09:30" \
    --next-qbr-on 2024-04-16

say "adding the three goals agreed in the meeting"
qbrt goal add "$qbr" \
    "Raise weekly active dispatchers from 138 to 220 across all 14 depots" \
    --success-criterion "At least 220 weekly active dispatchers for four consecutive weeks before the 2024-04-16 QBR"
qbrt goal add "$qbr" \
    "Cut onboarding time for a new depot from six weeks to two" \
    --success-criterion "Savannah depot goes live within 10 business days of its 2024-03-11 kickoff, with all drivers and routes loaded"
qbrt goal add "$qbr" \
    "Give the executive team a weekly view of on-time delivery and fleet utilisation" \
    --success-criterion "The COO reviews the automated Monday ops report in four consecutive staff meetings before the next QBR"

say "loading the 20 agreed actions from $csv"
qbrt import "$csv"

say "re-committing QBR-2024Q1-016 (bulk import API date) to 2024-03-08"
qbrt action update QBR-2024Q1-016 --due 2024-03-08 \
    --reason "Q2 roadmap review moved to 2024-03-05; Rachel Stein commits to a dated answer by 2024-03-08"

say "dashboard as of 2024-02-20"
qbrt --today 2024-02-20 dashboard "$qbr"

# With a team directory as argument, the same dashboard under its rules.
if [ -n "$team" ]; then
    say "the same dashboard with the team rules of $team"
    "$QBRT" --team "$team" --today 2024-02-20 dashboard "$qbr"
fi
