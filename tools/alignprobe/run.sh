#!/usr/bin/env bash
# ns per message of an unbuffered hand-off by the channel's placement in its cache line (the
# channel's address modulo 64): one line per run, the median per placement, then of all trials.
# A field layout whose hot fields share a line with fields the other party reads shows as some
# placements slower than the rest; the whole line moves with the carriers' placement (ADR 0004),
# so compare the placements within a line, and builds over several runs, alternating.
#
#   tools/alignprobe/run.sh [sel|pp|spsc [TRIALS [RUNS [CLASSES]]]]
#   tools/alignprobe/run.sh sel 200 3                   # select+cancel, go4j-core as built
#   tools/alignprobe/run.sh pp 200 3 /tmp/base/classes  # ping-pong, another revision's classes
#
# sel: every operation a select beside a never-ready channel; pp: ping-pong; spsc: one producer,
# one consumer. Each trial is 10^5 messages between two virtual threads.
# Needs a JDK 21+ ($GO4J_JAVA_HOME, else $JAVA_HOME if 21+, else the newest under /usr/lib/jvm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
mode=${1:-sel}
trials=${2:-200}
runs=${3:-1}
classes=${4:-$repo/core/target/classes}
# shellcheck source=../jdk21.sh
source "$here/../jdk21.sh"
[[ -d $classes/io/github/go4j ]] || { echo "run.sh: no go4j classes in $classes (mvn -pl core compile)" >&2; exit 1; }
out=$here/target
mkdir -p "$out/classes"
# (javac warns that sun.misc.Unsafe is internal; only a failure is shown)
"$jdk/bin/javac" -d "$out/classes" -cp "$classes" "$here/AlignProbe.java" 2> "$out/javac.log" ||
  { cat "$out/javac.log" >&2; exit 1; }
# a heap between 4 and 32 GB: zero-based compressed references shifted by 3 (see AlignProbe)
opts=(-Xmx8g -XX:+UseCompressedOops)
# JDK 23+ warns on sun.misc.Unsafe's memory access unless allowed
if (($(major "$jdk") >= 23)); then opts+=(--sun-misc-unsafe-memory-access=allow); fi
for _ in $(seq 1 "$runs"); do
  "$jdk/bin/java" "${opts[@]}" -cp "$out/classes:$classes" AlignProbe "$mode" "$trials"
done
