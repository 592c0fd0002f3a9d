#!/bin/sh
# bench.sh -- prints how long qbrt takes, and how much memory it holds, on a
# book of N actions (default 20000) spread over 200 QBRs. Figures only: no
# pass or fail, so a busy machine cannot make it flake.
set -eu
n=${1:-20000}
root=$(cd "$(dirname "$0")/../.." && pwd)
qbrt="$root/qbrt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QBRT_DB="$tmp/bench.db" QBRT_NOW="2024-02-20 09:00" QBRT_USER=bench

awk -v n="$n" 'BEGIN {
    print "customer,quarter,side,action,owner,due_date,status,completed_on"
    split("Not Started,In Progress,Blocked,Complete,Cancelled", st, ",")
    for (i = 0; i < n; i++) {
        s = st[i % 5 + 1]
        printf "Customer %d,2024Q1,%s,Action number %d,Owner %d,2024-%02d-%02d,%s,%s\n",
            i % 200, (i % 2 ? "customer" : "vendor"), i, i % 37, i % 3 + 1, i % 28 + 1, s,
            (s == "Complete" ? "2024-02-01" : "")
    }
}' > "$tmp/book.csv"

# Runs a command, prints its wall time and peak resident memory.
measure() {
    label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > /dev/null
    read -r secs kib < "$tmp/time"
    printf '%-28s %8s s %8s KiB\n' "$label" "$secs" "$kib"
}

echo "qbrt benchmark: $n actions in 200 QBRs"
"$qbrt" --no-team init > /dev/null
measure "import" "$qbrt" --no-team import "$tmp/book.csv"
measure "status (all actions)" "$qbrt" --no-team --today 2024-02-20 status
measure "dashboard (all QBRs)" "$qbrt" --no-team --today 2024-02-20 dashboard
measure "dashboard (one QBR)" "$qbrt" --no-team --today 2024-02-20 dashboard CUSTOMER-7-2024Q1
measure "status --format json" "$qbrt" --no-team --today 2024-02-20 status --format json
printf '%-28s %8s KiB\n' "database size" "$(du -k "$QBRT_DB" | cut -f1)"
