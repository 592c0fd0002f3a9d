#!/bin/sh
# load.sh -- records the Northwind Logistics 2024Q1 QBR into $QBRT_DB with
# qbrt's own commands: the QBR, its three goals, the 20 actions of the CSV,
# and the one due date that was moved. Built-in rules only, recorded as of
# 2024-02-20 09:00 by Priya Raman. -v says each step on stderr; otherwise it
# is quiet unless something fails. QBRT names the binary (default ./qbrt).
set -eu

here=$(dirname "$0")
QBRT=${QBRT:-./qbrt}
csv="$here/northwind-2024q1.csv"
qbr=NORTHWIND-2024Q1
verbose=${1:-}

: "${QBRT_DB:?QBRT_DB must name the database to load}"
QBRT_NOW="2024-02-20 09:00"
QBRT_USER="Priya Raman"
export QBRT_DB QBRT_NOW QBRT_USER
unset QBRT_TODAY QBRT_TEAM

say() { if [ "$verbose" = -v ]; then printf '# %s\n' "$*" >&2; fi; }
qbrt() { "$QBRT" --no-team "$@" >/dev/null; }

say "creating the database $QBRT_DB"
qbrt init

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

say "recording what the summary email says"
qbrt qbr update "$qbr" \
    --takeaway "On-time delivery rose from 91% to 95% on the depots using the load board" \
    --takeaway "Adoption lags in Dallas (41%) and Atlanta (47%); both need refresher sessions" \
    --takeaway "Savannah is the first depot onboarded with the new playbook" \
    --value "Route planning time: down 35% across the 14 depots" \
    --value "Detention charges: USD 48,000 saved in the quarter" \
    --roi "240%" \
    --next-step "Okta SSO security review on 2024-02-28" \
    --resource "QBR deck: https://files.qbrt-vendor.example/northwind/2024q1-qbr.pdf" \
    --resource "Success plan: https://files.qbrt-vendor.example/northwind/success-plan"

say "loading the 20 agreed actions from $csv"
qbrt import "$csv"

say "re-committing QBR-2024Q1-016 (bulk import API date) to 2024-03-08"
qbrt action update QBR-2024Q1-016 --due 2024-03-08 \
    --reason "Q2 roadmap review moved to 2024-03-05; Rachel Stein commits to a dated answer by 2024-03-08"
