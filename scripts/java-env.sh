# Sourced by ./wharf and ./run-tests: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, then the java on PATH, then every JDK under /usr/lib/jvm (newest first).

source "$(dirname "${BASH_SOURCE[0]}")/find-java.sh"

if ! WHARF_JDK="$(wharf_find_java jdk)"; then
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
