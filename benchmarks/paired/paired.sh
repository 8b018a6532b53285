#!/usr/bin/env bash
# Paired A/B of the channel engine: the working tree's go4j-core against another revision's, both
# loaded in one JVM and run in alternating segments, so that both see the same placement of the
# carrier threads (single JMH forks on a virtual machine differ by more than most engine changes:
# see docs/adr/0004-engine-v2.md). Judge by the median of the per-pair ratios it prints.
#
#   benchmarks/paired/paired.sh BASE_REV [WORKLOAD [CAPACITY [SEGMENTS [MESSAGES]]]]
#   benchmarks/paired/paired.sh HEAD~1                  # pingpong, capacity 0, 20 x 100,000
#   benchmarks/paired/paired.sh main spsc 0 30
#   benchmarks/paired/paired.sh main mpmc 64
#
# WORKLOAD: pingpong, spsc, mpmc (4 producers, 4 consumers), mpmc100 (100 and 100; MESSAGES a
# multiple of 100) or selcancel (spsc with every operation a select beside a never-ready done
# channel); every party a virtual thread.
# PAIRED_JAVA_OPTS go to the JVM (e.g. -Djdk.virtualThreadScheduler.parallelism=1). Needs
# a JDK 21+: $GO4J_JAVA_HOME, else $JAVA_HOME if it is 21+, else the newest under /usr/lib/jvm.
# Builds go4j-core with Maven (MAVEN_ARGS is passed first, e.g. -o) in the working tree and in a
# temporary worktree of BASE_REV; writes only under benchmarks/paired/target and that worktree.
set -euo pipefail

if [[ $# -lt 1 || $1 == -* ]]; then
  sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
base_rev=$1
workload=${2:-pingpong}
capacity=${3:-0}
segments=${4:-20}
messages=${5:-100000}
workloads="pingpong spsc mpmc mpmc100 selcancel"
# shellcheck source=setup.sh
source "$(dirname "$0")/setup.sh"

worktree=$out/base-worktree
git -C "$repo" worktree remove --force "$worktree" 2>/dev/null || rm -rf "$worktree"
git -C "$repo" worktree add -q --detach "$worktree" "$base_rev"
trap 'git -C "$repo" worktree remove --force "$worktree" 2>/dev/null || true' EXIT

head_jar=$out/head-core.jar
base_jar=$out/base-core.jar
cp "$(build_core "$repo")" "$head_jar"
cp "$(build_core "$worktree")" "$base_jar"
for side in base head; do
  rm -rf "$out/$side-classes"
  jar=$out/$side-core.jar
  "$jdk/bin/javac" -nowarn -d "$out/$side-classes" -cp "$jar" "$here/Workloads.java"
done
"$jdk/bin/javac" -nowarn -d "$out/harness" "$here/PairedAb.java"
echo "base $(git -C "$repo" rev-parse --short "$base_rev"), head: the working tree; $("$jdk/bin/java" -version 2>&1 | head -1)"
# shellcheck disable=SC2086 # PAIRED_JAVA_OPTS is a list of options
"$jdk/bin/java" ${PAIRED_JAVA_OPTS:-} -cp "$out/harness" PairedAb "$workload" "$capacity" "$segments" "$messages" \
  "base=$out/base-classes:$base_jar" "head=$out/head-classes:$head_jar"
