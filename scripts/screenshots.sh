#!/usr/bin/env bash
# Retakes the README's pictures (docs/screenshots) by running the browser tests that take them.
# Tests otherwise save their pictures under the temp dir and never write into the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
dotnet build TaskQueue.sln -c Debug -nologo -clp:ErrorsOnly
TASKQUEUE_SCREENSHOTS="$PWD/docs/screenshots" dotnet test TaskQueue.Tests -c Debug --no-build \
  --filter "FullyQualifiedName~ScreenshotTests|FullyQualifiedName~AspireDashboardTests|FullyQualifiedName~OperationsTests|FullyQualifiedName~AccountTests"
