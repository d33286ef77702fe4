# Sourced by ./stack and .ci/run: jdk25_home prints the home of a JDK 25 or newer, or fails.
# Order: JAVA_HOME, the java on PATH, then the usual install folders (Linux, macOS, SDKMAN).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
jdk25_home() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -x "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    major=$(java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      c=$(cd "$(dirname "$c")/.." && pwd -P)
      echo "$c"
      return 0
    fi
  done
  return 1
}
