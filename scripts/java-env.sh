# Sourced by ./wharf and ./run-tests: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, then the java on PATH, then every JDK under /usr/lib/jvm (newest first).

wharf_java_major() {
  # Prints the feature version of the java binary $1 (8, 17, 21, 25...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' | head -n 1
}

wharf_find_jdk() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r home; do candidates+=("$home"); done \
      < <(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d | sort -rV)
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(wharf_java_major "$home/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

if ! WHARF_JDK="$(wharf_find_jdk)"; then
  cat >&2 <<'MSG'
wharf: no JDK 21 or newer was found (looked at $JAVA_HOME, the java on PATH and /usr/lib/jvm).
Install one, for example:
  Debian/Ubuntu:  apt-get install openjdk-21-jdk      (or temurin-21-jdk from Adoptium's repository)
  Fedora/RHEL:    dnf install java-21-openjdk-devel
  macOS:          brew install openjdk@21
then run this command again, or point JAVA_HOME at it.
MSG
  exit 1
fi
export JAVA_HOME="$WHARF_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
