#!/usr/bin/env bash
# The channel-homes probe: how much a hand-off's cost depends on where the channel lies in memory.
# Makes SETS sets of one workload's channels GAP bytes apart on the heap and runs the workload on
# them in turn, ROUNDS times, in one JVM with the working tree's go4j-core; prints each set's
# median and the spread of the set medians (see Homes.java and ADR 0004, "Where a channel lies").
#
#   benchmarks/paired/homes.sh [WORKLOAD [CAPACITY [SETS [ROUNDS [MESSAGES [GAP]]]]]]
#   benchmarks/paired/homes.sh                     # spsc, capacity 0, 8 sets, 30 x 50,000, 4096
#   benchmarks/paired/homes.sh pingpong
#   benchmarks/paired/homes.sh sq                  # the control: SynchronousQueue, spsc
#   benchmarks/paired/homes.sh spsc 0 8 30 50000 0 # the sets side by side
#
# WORKLOAD: as paired.sh's (pingpong, spsc, mpmc, mpmc100, selcancel), or sq. PAIRED_JAVA_OPTS go
# to the JVM. Needs a JDK 21+ as paired.sh does; builds go4j-core with Maven (MAVEN_ARGS first) and
# writes only under benchmarks/paired/target.
set -euo pipefail

if [[ ${1:-} == -* ]]; then
  sed -n '2,15s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
workload=${1:-spsc}
capacity=${2:-0}
sets=${3:-8}
rounds=${4:-30}
messages=${5:-50000}
gap=${6:-4096}
workloads="pingpong spsc mpmc mpmc100 selcancel sq"
# shellcheck source=setup.sh
source "$(dirname "$0")/setup.sh"

jar=$out/homes-core.jar
cp "$(build_core "$repo")" "$jar"
rm -rf "$out/homes-classes" "$out/homes-harness"
"$jdk/bin/javac" -nowarn -d "$out/homes-classes" -cp "$jar" "$here/Workloads.java"
"$jdk/bin/javac" -nowarn -d "$out/homes-harness" "$here/Homes.java"
echo "go4j-core of the working tree ($(git -C "$repo" rev-parse --short HEAD)); $("$jdk/bin/java" -version 2>&1 | head -1)"
# shellcheck disable=SC2086 # PAIRED_JAVA_OPTS is a list of options
"$jdk/bin/java" ${PAIRED_JAVA_OPTS:-} -cp "$out/homes-harness" Homes "$workload" "$capacity" "$sets" \
  "$rounds" "$messages" "$gap" "$out/homes-classes:$jar"
