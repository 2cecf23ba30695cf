# Shared helpers for tools/neo4j-local/start and stop (sourced, not run).
# shellcheck shell=bash disable=SC2034

NEO4J_LOCAL_TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
NEO4J_LOCAL_MAIN_CLASS="gongjian.neo4jlocal.Main"
TARGET="$NEO4J_LOCAL_TOOL_DIR/target"

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

# Java 17 or 21 into JAVA (JAVA_HOME, else java on PATH); warns about other versions.
n4j_find_java() {
    local java_major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
    [ -n "$JAVA" ] || n4j_die "no java found (need Java 17 or 21; set JAVA_HOME or put java on PATH)"
    java_major="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -1)"
    case "$java_major" in
        17|21) ;;
        '') n4j_say "warning: could not tell the Java version of $JAVA" ;;
        *) n4j_say "warning: Java $java_major found; Neo4j 5.26 supports Java 17 and 21" ;;
    esac
}

# Build the launcher into $TARGET once (later calls reuse it), serialised by target/.build.lock.
n4j_build() {
    MVN="${NEO4J_LOCAL_MVN:-mvn}"
    build_is_fresh() {
        local stamp="$TARGET/.built" cpf="$TARGET/classpath.txt" jar
        [ -f "$stamp" ] && [ -s "$cpf" ] && [ -f "$TARGET/classes/gongjian/neo4jlocal/Main.class" ] || return 1
        [ "$stamp" -nt "$NEO4J_LOCAL_TOOL_DIR/src/main/java/gongjian/neo4jlocal/Main.java" ] || return 1
        [ "$stamp" -nt "$NEO4J_LOCAL_TOOL_DIR/pom.xml" ] || return 1
        local IFS=:
        for jar in $(cat "$cpf"); do [ -f "$jar" ] || return 1; done
        return 0
    }
    mkdir -p "$TARGET"
    (
        exec 8>>"$TARGET/.build.lock"
        command -v flock >/dev/null 2>&1 && { flock -w 1800 8 || n4j_die "could not lock $TARGET/.build.lock"; }
        build_is_fresh && exit 0
        command -v "$MVN" >/dev/null 2>&1 || n4j_die "Maven ('$MVN') not found; install Maven 3.8+ (e.g. apt-get install maven)"
        n4j_say "building the launcher with Maven (a cold ~/.m2 first downloads ~170 MB of jars) ..."
        t0=$SECONDS
        for attempt in 1 2 3; do
            if "$MVN" -q -B -f "$NEO4J_LOCAL_TOOL_DIR/pom.xml" package 9>&- 8>&- >"$TARGET/build.log" 2>&1; then
                touch "$TARGET/.built"
                n4j_say "build done in $((SECONDS - t0)) s"
                exit 0
            fi
            n4j_say "Maven build attempt $attempt/3 failed"
            [ "$attempt" -lt 3 ] && sleep $((attempt * 5))
        done
        echo "----- last lines of $TARGET/build.log -----" >&2
        tail -n 40 "$TARGET/build.log" >&2
        n4j_die "Maven could not build tools/neo4j-local after 3 attempts (downloading org.neo4j:neo4j from Maven Central needs network access to the Maven registry; full log: $TARGET/build.log)"
    )
}

# Megabytes in a Neo4j/JVM size such as 512m, 2g, 1024k or a plain byte count.
n4j_mb() {
    local v="${1,,}"
    case "$v" in
        *g) echo $(( ${v%g} * 1024 )) ;;
        *m) echo "${v%m}" ;;
        *k) echo $(( ${v%k} / 1024 )) ;;
        *[!0-9]*|'') n4j_die "not a memory size: $1 (e.g. 512m, 2g)" ;;
        *) echo $(( v / 1048576 )) ;;
    esac
}

# The size in MB of DIR's store files (the default database, transaction logs not counted).
n4j_store_mb() {
    local db="$1/data/databases/neo4j"
    [ -d "$db" ] || { echo 0; return; }
    du -sm "$db" 2>/dev/null | cut -f1
}

# Choose HEAP and PAGECACHE for DIR ($1) from the machine's available memory and DIR's store
# size, unless NEO4J_LOCAL_HEAP / NEO4J_LOCAL_PAGECACHE (or --conf server.memory.pagecache.size)
# say; print the choice on stderr and warn when the store will not fit in the page cache.
n4j_size_memory() {
    local avail store want spare heap_mb pc_mb arg given="${NEO4J_LOCAL_PAGECACHE:-}"
    avail="$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || true)"
    [ -n "$avail" ] || avail=4096
    store="$(n4j_store_mb "$1")"
    for arg in ${CONF_ARGS[@]+"${CONF_ARGS[@]}"}; do
        case "$arg" in server.memory.pagecache.size=*) given="${arg#*=}" ;; esac
    done
    if [ -n "${NEO4J_LOCAL_HEAP:-}" ]; then
        HEAP="$NEO4J_LOCAL_HEAP"
    else
        heap_mb=$(( avail / 3 )); [ "$heap_mb" -gt 2048 ] && heap_mb=2048; [ "$heap_mb" -lt 512 ] && heap_mb=512
        HEAP="${heap_mb}m"
    fi
    heap_mb="$(n4j_mb "$HEAP")"
    want=$(( store * 12 / 10 )); [ "$want" -lt 512 ] && want=512
    spare=$(( avail - heap_mb - 1024 )); [ "$spare" -lt 128 ] && spare=128
    if [ -n "$given" ]; then
        PAGECACHE="$given"
        pc_mb="$(n4j_mb "$PAGECACHE")"
    else
        pc_mb=$(( want < spare ? want : spare ))
        PAGECACHE="${pc_mb}m"
    fi
    n4j_say "heap $HEAP, page cache $PAGECACHE (store files ${store} MB, ${avail} MB of memory available)"
    if [ "$store" -gt "$pc_mb" ]; then
        if [ -n "$given" ]; then
            n4j_say "warning: the store (${store} MB) will not fit in the page cache ($PAGECACHE given): reads will go to disk"
        else
            n4j_say "warning: the store (${store} MB) will not fit in memory: this machine can spare only about ${spare} MB beside the heap for the page cache, so reads will go to disk"
        fi
    fi
}

# Remember how DIR ($1) was started (port, --conf, heap, page cache), for `import` to restart it.
n4j_save_start_args() {
    {
        printf 'PORT=%q\n' "$PORT"
        printf 'CONF_ARGS=('
        [ ${#CONF_ARGS[@]} -eq 0 ] || printf '%q ' "${CONF_ARGS[@]}"
        printf ')\n'
        printf 'NEO4J_LOCAL_HEAP=%q\n' "${NEO4J_LOCAL_HEAP:-}"
        printf 'NEO4J_LOCAL_PAGECACHE=%q\n' "${NEO4J_LOCAL_PAGECACHE:-}"
    } >"$1/neo4j-local.started"
}

# The JVM options of the launcher (both modes), plus NEO4J_LOCAL_JAVA_OPTS; heap from $1.
n4j_java_opts() {
    # -Xms = -Xmx, as Neo4j's own memory guide recommends (server.memory.heap.initial_size =
    # max_size): a heap that starts small grows through GC, and a write transaction's state,
    # which lives on the heap, is then copied by many more young collections (a Kunming ingest:
    # about 20 pauses and 0.8-1.9 s of them, against 6-11 and 0.4-0.8 s with the whole heap).
    # shellcheck disable=SC2206
    JAVA_OPTS=(
        "-Xms$1"
        "-Xmx$1"
        -XX:+UseG1GC
        -XX:-OmitStackTraceInFastThrow
        -XX:+UnlockExperimentalVMOptions
        -XX:+TrustFinalNonStaticFields
        -XX:+DisableExplicitGC
        -Djdk.nio.maxCachedBufferSize=1024
        -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
        -Dfile.encoding=UTF-8
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/java.lang=ALL-UNNAMED
        ${NEO4J_LOCAL_JAVA_OPTS:-}
    )
}
