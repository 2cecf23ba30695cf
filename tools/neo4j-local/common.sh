# Shared helpers for tools/neo4j-local/start and stop (sourced, not run).
# shellcheck shell=bash disable=SC2034

NEO4J_LOCAL_TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
NEO4J_LOCAL_MAIN_CLASS="gongjian.neo4jlocal.Main"

n4j_say() { echo "neo4j-local: $*" >&2; }
n4j_die() { echo "neo4j-local: ERROR: $*" >&2; exit 1; }

# Parse --port/--data (and --conf for start) into PORT, DATA, CONF_ARGS.
n4j_parse_args() {
    PORT=7687
    DATA=./.neo4j-local
    CONF_ARGS=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) [ $# -ge 2 ] || n4j_die "--port needs a value"; PORT="$2"; shift 2 ;;
            --port=*) PORT="${1#--port=}"; shift ;;
            --data) [ $# -ge 2 ] || n4j_die "--data needs a value"; DATA="$2"; shift 2 ;;
            --data=*) DATA="${1#--data=}"; shift ;;
            --conf) [ $# -ge 2 ] || n4j_die "--conf needs key=value"; CONF_ARGS+=(--conf "$2"); shift 2 ;;
            --conf=*) CONF_ARGS+=(--conf "${1#--conf=}"); shift ;;
            -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
            *) n4j_die "unknown argument: $1 (see --help)" ;;
        esac
    done
    case "$PORT" in ''|*[!0-9]*) n4j_die "--port must be a number, got '$PORT'" ;; esac
    [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || n4j_die "--port out of range: $PORT"
}

# True if process $1 exists and is not a zombie (an orphan whose reaper is slow counts as gone).
n4j_alive() {
    kill -0 "$1" 2>/dev/null || return 1
    if [ -r "/proc/$1/stat" ]; then
        local stat
        stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
        stat="${stat##*) }"
        [ "${stat%% *}" != "Z" ] || return 1
    fi
    return 0
}

# The pid recorded for DIR if that process is alive and is our server for DIR; empty otherwise.
n4j_running_pid() {
    local dir="$1" pid cmd
    [ -f "$dir/neo4j.pid" ] || return 0
    pid="$(tr -dc '0-9' < "$dir/neo4j.pid")"
    [ -n "$pid" ] || return 0
    n4j_alive "$pid" || return 0
    if [ -r "/proc/$pid/cmdline" ]; then
        cmd="$(tr '\0' ' ' < "/proc/$pid/cmdline")"
    else
        cmd="$(ps -p "$pid" -o args= 2>/dev/null || true)"
    fi
    case "$cmd" in
        *"$NEO4J_LOCAL_MAIN_CLASS"*"--home $dir "*) echo "$pid" ;;
    esac
}

# True if a Bolt server answers the handshake on 127.0.0.1:$1 (agrees on a protocol version).
n4j_bolt_answers() {
    local port="$1" reply
    # magic 6060B017, then four proposals: 5.8 back to 5.0, 4.4, none, none
    reply="$(timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
        head -c 4 <&3 | od -An -tx1
    ' _ "$port" 2>/dev/null)" || return 1
    reply="$(echo $reply | tr -d ' ')"
    [ ${#reply} -eq 8 ] && [ "$reply" != "00000000" ]
}

# True if anything accepts TCP connections on 127.0.0.1:$1.
n4j_port_in_use() {
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# Take an exclusive lock on DIR (serialises start/stop for the same DIR). Uses fd 9.
n4j_lock_dir() {
    local dir="$1"
    exec 9>>"$dir/.neo4j-local.lock"
    if command -v flock >/dev/null 2>&1; then
        flock -w 900 9 || n4j_die "could not lock $dir/.neo4j-local.lock within 900 s (another start/stop running?)"
    fi
}
