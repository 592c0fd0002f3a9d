#!/bin/sh
# unit.t -- the cmocka unit tests (tests/unit/*.c) as one TAP stream for prove.
# Builds build/unit first when make is at hand, so a stale binary never runs.
cd "$(dirname "$0")/.." || exit 1
if command -v make >/dev/null 2>&1; then
    if ! make -s build/unit >&2; then
        echo "Bail out! build/unit does not build"
        exit 1
    fi
fi
if [ ! -x build/unit ]; then
    echo "Bail out! build/unit is missing; run make build/unit"
    exit 1
fi
CMOCKA_MESSAGE_OUTPUT=TAP exec ./build/unit "$@"
