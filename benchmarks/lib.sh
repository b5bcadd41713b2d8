# Shared by the benchmark scripts: `source "$(dirname "$0")/lib.sh"` after `cd` to the repository root.
#
# bench_init [MKTEMP_TEMPLATE]  sets $bin (the release binary: $PHOTOROOM_BATCH_BIN, or .build/release/photoroom-batch,
#                               built here if missing) and $work (a temporary folder, removed on exit together with
#                               any emulator start_emulator started).
# start_emulator [FLAGS...]     starts `$bin emulator` on a free loopback port with the key $key (made when unset),
#                               its log in $work/emulator.log; sets $port and $emulator_pid; returns once it answers.
# stop_emulator                 stops it (also done on exit).
# machine_line                  prints cores, load average, time and binary, for the figures' context.
# wall_seconds FILE / peak_mb FILE / cpu_seconds FILE   read `/usr/bin/time -v` output.

bench_init() {
    bin="${PHOTOROOM_BATCH_BIN:-.build/release/photoroom-batch}"
    if [ ! -x "$bin" ]; then
        swift build -c release --product photoroom-batch >/dev/null
    fi
    work="$(mktemp -d ${1:+"$1"})"
    emulator_pid=""
    trap bench_cleanup EXIT
}

bench_cleanup() {
    stop_emulator
    rm -rf "$work"
}

stop_emulator() {
    if [ -n "${emulator_pid:-}" ]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    emulator_pid=""
}

start_emulator() {
    key="${key:-bench_$(date +%s)_key}"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    "$bin" emulator --port "$port" --key "$key" "$@" >"$work/emulator.log" 2>&1 &
    emulator_pid=$!
    for _ in $(seq 1 100); do
        if curl -sf -H "x-api-key: $key" "http://127.0.0.1:$port/_emulator/state" >/dev/null; then return 0; fi
        sleep 0.1
    done
    cat "$work/emulator.log" >&2
    echo "$(basename "$0"): the emulator did not start" >&2
    exit 1
}

machine_line() {
    echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), binary $bin"
}

wall_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$1"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
cpu_seconds() { awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$1"; }
