#!/bin/bash
# Runs the long-run bench at nice -10; when the weeks are recorded (the side-by-side phase
# begins), puts the bench's node process and its PostgreSQL server (postmaster and backends)
# under SCHED_RR so other work on a shared machine does not fall into the measured
# phase (both runs, long and fresh, are measured there alike). Needs chrt, pgrep and ss. Run as root. Usage: scripts/bench-long-run-isolated.sh LOG [--postgres]
LOG=$1; shift
cd "$(dirname "$0")/.."
nice -n -10 npm run bench:long-run -- "$@" > "$LOG" 2>&1 &
NPM=$!
while kill -0 $NPM 2>/dev/null; do
  if grep -q "recorded .* results" "$LOG"; then
    NODE=$(pgrep -f "golive-bench/bench/long-run.js" -P $(pgrep -P $NPM | head -1) | head -1)
    if [ -z "$NODE" ]; then echo "bench process not found: measured without isolation" >> "$LOG.rt"; break; fi
    PIDS="$NODE $(pgrep -P $NODE)"
    for port in $(ss -tnp 2>/dev/null | grep "pid=$NODE," | awk '{print $5}' | awk -F: '{print $NF}' | sort -u); do
      PM=$(ss -ltnp 2>/dev/null | grep ":$port " | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
      [ -n "$PM" ] && PIDS="$PIDS $PM $(pgrep -P $PM)"
    done
    for p in $PIDS; do for t in $(ls /proc/$p/task 2>/dev/null); do chrt -r -p 1 $t >/dev/null 2>&1; done; done
    echo "rt: $(echo $PIDS | wc -w) processes under SCHED_RR from $(date -u +%T)" >> "$LOG.rt"
    break
  fi
  sleep 2
done
wait $NPM
echo "exit $?" >> "$LOG"
