#!/usr/bin/env bash
# Sets up what is missing, then starts the whole system through the AppHost.
# Options go to the AppHost: --workers N --failure-rate P --port PORT --data-dir DIR
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec dotnet run --project TaskQueue.AppHost -- "$@"
