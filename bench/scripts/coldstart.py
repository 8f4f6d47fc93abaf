#!/usr/bin/env python3
"""Cold start and idle memory of a whole TaskQueue system, as a user starts it.

usage: bench/scripts/coldstart.py RUNS -- COMMAND...   (COMMAND starts the AppHost; a fresh
--data-dir and a free --port are appended for every run)

For each run: the time from the process start to the line `Ready: ...`, then, 5 s later,
the resident (RSS) and proportional (PSS) memory of every process the AppHost started: its
descendants, and an Aspire AppHost's DCP, which detaches but names the AppHost's PID in
`--monitor PID`, with DCP's descendants. Then SIGTERM, and the time until all are gone.
Processes are found by PID only."""
import os, signal, socket, subprocess, sys, tempfile, time, shutil

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def parents():
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
                table[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except OSError:
                pass
    return table

def cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
    except OSError:
        return ""

def tree(root):
    table = parents()
    roots = [root] + [pid for pid in table if f"--monitor {root} " in cmdline(pid) + " "]
    found, frontier = set(roots), list(roots)
    while frontier:
        parent = frontier.pop()
        for pid, ppid in table.items():
            if ppid == parent and pid not in found:
                found.add(pid); frontier.append(pid)
    return found

def field(pid, name, file):
    try:
        for line in open(f"/proc/{pid}/{file}"):
            if line.startswith(name):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

def kind(command):
    for marker, label in (("beam.smp", "broker"), ("TaskQueue.Web", "web"), ("TaskQueue.Sink", "sink"), ("TaskQueue.Worker", "worker"),
                          ("TaskQueue.AppHost", "apphost"), ("Aspire.Dashboard", "dashboard"), ("/dcp ", "dcp"), ("epmd", "epmd"), ("dotnet run", "dotnet run")):
        if marker in command:
            return label
    return "other"

def main():
    runs = int(sys.argv[1]); command = sys.argv[sys.argv.index("--") + 1:]
    for run in range(1, runs + 1):
        data = tempfile.mkdtemp(prefix="taskqueue-coldstart-")
        start = time.monotonic()
        process = subprocess.Popen(command + ["--data-dir", data, "--port", str(free_port()), "--failure-rate", "0"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        ready = None
        for line in process.stdout:
            if line.startswith("Ready: "):
                ready = time.monotonic() - start; break
        if ready is None:
            print(f"run {run}: no Ready line (exit {process.wait()})"); continue
        time.sleep(5)
        pids = tree(process.pid)
        by_kind = {}
        for pid in pids:
            label = kind(cmdline(pid))
            rss, pss = field(pid, "VmRSS:", "status"), field(pid, "Pss:", "smaps_rollup")
            count, r, p = by_kind.get(label, (0, 0.0, 0.0)); by_kind[label] = (count + 1, r + rss, p + pss)
        total_rss = sum(v[1] for v in by_kind.values()); total_pss = sum(v[2] for v in by_kind.values())
        stop = time.monotonic(); process.send_signal(signal.SIGTERM)
        while any(os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split(") ")[1][0] != "Z" for pid in pids if os.path.exists(f"/proc/{pid}")):
            if time.monotonic() - stop > 60: break
            time.sleep(0.1)
        stopped = time.monotonic() - stop
        for line in process.stdout: pass
        process.wait()
        detail = ", ".join(f"{k}×{v[0]} {v[1]:.0f}/{v[2]:.0f}" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1][1]))
        print(f"run {run}: Ready after {ready:.1f} s; idle tree {len(pids)} processes, RSS {total_rss:.0f} MB, PSS {total_pss:.0f} MB "
              f"(RSS/PSS MB by kind: {detail}); all stopped {stopped:.1f} s after SIGTERM", flush=True)
        shutil.rmtree(data, ignore_errors=True)

main()
