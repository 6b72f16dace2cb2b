# daemon_cpu.sh — sourced by the HTTP benchmarks: a daemon's CPU time per
# request. Times requests/s, it is the cores the daemon kept busy: near
# all of them, the latencies are what the CPU allows, and a change that
# costs less CPU a request is what moves them. (It moves with how fast the
# shared machine is that minute too: compare it within one run.)

# cpu_ticks PID: the process's CPU time so far, user and system, all its
# threads, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# cpu_ms TICKS REQUESTS: milliseconds of CPU a request.
cpu_ms() {
    awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else printf "—" }'
}
