# Sourced by .ci/run, ./dialer and (from a child bash) ./mvnw: exports JAVA_HOME pointing at a JDK >= 21.
# Keeps a suitable JAVA_HOME; else takes the newest JDK found beside the default one.
_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
_pick_jdk() {
  local best="" best_major=0 home major
  for home in ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/* /opt/jdk* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(_jdk_major "$home")
    major=${major%%.*}
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major=$major; fi
    # an explicit JAVA_HOME that is good enough wins
    if [ -n "${JAVA_HOME:-}" ] && [ "$home" = "$JAVA_HOME" ] && [ "$major" -ge 21 ]; then best="$home"; break; fi
  done
  if [ -z "$best" ]; then
    echo "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
_pick_jdk
