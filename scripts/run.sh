#!/usr/bin/env bash
# Sets up what is missing, then starts the whole system through the AppHost.
# Options go to the AppHost: --workers N --failure-rate P --port PORT --data-dir DIR
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The first build restores and compiles every project (a few minutes on two cores); say so
# rather than sit silent.
echo "run: building (the first build takes a few minutes), then starting the AppHost…"
dotnet build TaskQueue.AppHost -nologo -clp:ErrorsOnly -v:q
exec dotnet run --no-build --project TaskQueue.AppHost -- "$@"
