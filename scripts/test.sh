#!/usr/bin/env bash
# Sets up what is missing (RabbitMQ, Chromium, Node.js), builds, and runs every test: unit,
# integration (real RabbitMQ, real SQLite), end-to-end (the Aspire AppHost) and browser (Playwright).
# Extra arguments go to dotnet test, e.g. --filter "FullyQualifiedName~Unit". Detailed console
# output shows the figures some tests print (the chaos test, the AppHost start and stop times).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
dotnet build TaskQueue.sln -c Debug -nologo -clp:ErrorsOnly
# The output is also kept in a temporary file so that, when tests fail, the run ends with which
# ones and why (scripts/summarize-failures.awk), where a CI log's tail shows it.
output=$(mktemp "${TMPDIR:-/tmp}/taskqueue-tests.XXXXXX")
trap 'rm -f "$output"' EXIT
status=0
dotnet test TaskQueue.sln -c Debug --no-build --logger "console;verbosity=detailed" "$@" 2>&1 | tee "$output" || status=$?
if [ "$status" -ne 0 ]; then
  awk -f scripts/summarize-failures.awk "$output"
fi
exit "$status"
