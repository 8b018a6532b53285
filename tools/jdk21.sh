# Sourced by the developer tools' scripts: sets `jdk` to a JDK 21+ ($GO4J_JAVA_HOME, else
# $JAVA_HOME if it is 21+, else the newest under /usr/lib/jvm), or exits with a message.
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk=${GO4J_JAVA_HOME:-}
if [[ -z $jdk && -n ${JAVA_HOME:-} && $(major "$JAVA_HOME") -ge 21 ]]; then jdk=$JAVA_HOME; fi
if [[ -z $jdk ]]; then
  for j in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [[ -x $j/bin/java && $(major "$j") -ge 21 ]]; then jdk=${j%/}; break; fi
  done
fi
[[ -n $jdk ]] || { echo "$(basename "$0"): no JDK 21+ found (set GO4J_JAVA_HOME)" >&2; exit 1; }
