# Sourced: functions that find a Java >= 21. Used by scripts/java-env.sh (./wharf, ./run-tests:
# a JDK) and by the packaged /usr/bin/wharf (installed as /usr/share/wharf/find-java.sh: a
# runtime is enough). Order: $JAVA_HOME, then the java on PATH, then /usr/lib/jvm (newest first).

wharf_java_major() {
  # Prints the feature version of the java binary $1 (8, 17, 21, 25...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' | head -n 1
}

wharf_find_java() {
  # Prints the home of the first Java >= 21; with the argument 'jdk', of the first that has javac.
  local need="${1:-runtime}" candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r home; do candidates+=("$home"); done \
      < <(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d | sort -rV)
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    [ "$need" != jdk ] || [ -x "$home/bin/javac" ] || continue
    major="$(wharf_java_major "$home/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}
