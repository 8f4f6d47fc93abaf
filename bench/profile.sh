#!/usr/bin/env bash
# Where the CPU goes, method by method: one bench run under `perf record -a -g`, every .NET
# service writing a perf map of its JIT'd code so that perf can name managed methods.
#
#   bench/profile.sh OUT_DIR [bench options, e.g. --tasks 60000]
#
# Writes OUT_DIR/perf.data, OUT_DIR/processes.log (each second: the monotonic time, then each
# service's PID, CPU time so far and command, to find the cold and steady windows), and for each
# service OUT_DIR/<name>-<pid>.txt, its hottest methods over the whole run. For one window:
#   perf report -i OUT_DIR/perf.data --pid PID --time START,END --no-children --sort sym --stdio
# Needs perf (Debian: linux-perf) and the right to profile every process (root, or
# kernel.perf_event_paranoid=-1).
set -euo pipefail
out=${1:?usage: bench/profile.sh OUT_DIR [bench options]}
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "profile: perf is not installed (apt-get install linux-perf)" >&2; exit 2; }

# The services inherit these from the AppHost. W^X off keeps JIT'd code at the addresses the
# perf maps name; with it on, the runtime runs that code from a second mapping perf cannot name.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0

perf record -F 499 -a -g -k CLOCK_MONOTONIC -o "$out/perf.data" 2> "$out/perf.log" &
perf_pid=$!
(
  while sleep 1; do
    # /proc/uptime is the monotonic clock perf stamps samples with, on a machine that never sleeps.
    echo "$(cut -d' ' -f1 /proc/uptime) $(ps -eo pid=,times=,args= | grep -E 'TaskQueue\.(Web|Sink|Worker)|beam\.smp' | grep -v grep | awk '{print $1, $2, $3}' | tr '\n' '|')"
  done
) > "$out/processes.log" &
timeline_pid=$!
trap 'kill "$timeline_pid" 2>/dev/null || true; kill -INT "$perf_pid" 2>/dev/null || true' EXIT

dotnet run -c Release --project bench/TaskQueue.Bench -- --runs 1 --list-rows 1000 "$@" | tee "$out/bench.log"

kill "$timeline_pid"
kill -INT "$perf_pid"
wait "$perf_pid" || true
trap - EXIT

# Each service's hottest functions over the run, by their own time as a share of the service's
# (the perf maps are still in /tmp). With --children instead, time spent in what a method calls
# counts for it too.
cut -d' ' -f2- "$out/processes.log" | tr '|' '\n' | awk 'NF >= 3 {print $1, $3}' | sort -u | while read -r pid command; do
  name=$(basename "$command")
  case "$name" in TaskQueue.Web | TaskQueue.Sink | TaskQueue.Worker | beam.smp) ;; *) continue ;; esac
  perf report -i "$out/perf.data" --pid "$pid" --no-children --sort dso,sym -g none --percentage relative \
    --percent-limit 0.3 --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' > "$out/$name-$pid.txt" || true
done
echo "profile: $out"
