#!/usr/bin/env bash
# Builds the Debian package of Wharf: build-deb.sh [WHARF_JAR [OUT_DIR]]
# (defaults: cli/target/wharf.jar, made by './mvnw package', and dist/). Prints the .deb's path.
# Needs dpkg-deb and a Java >= 21 (to ask the jar its version and to write the config file).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
JAR="$(realpath "${1:-$ROOT/cli/target/wharf.jar}")"
OUT="${2:-$ROOT/dist}"
[ -f "$JAR" ] || { echo "build-deb: $JAR does not exist (build it: ./mvnw -B -DskipTests package -pl cli -am)" >&2; exit 1; }
source "$ROOT/scripts/find-java.sh"
JAVA="$(wharf_find_java)/bin/java" || { echo "build-deb: no Java 21 or newer found" >&2; exit 1; }

# "wharf 0.1.0-SNAPSHOT (Java ...)" -> 0.1.0~SNAPSHOT: '~' sorts before the release, as Debian wants.
VERSION="$("$JAVA" -jar "$JAR" --version | sed -n 's/^wharf \([^ ]*\).*/\1/p' | tr - '~')"
[ -n "$VERSION" ] || { echo "build-deb: $JAR did not tell its version" >&2; exit 1; }

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
umask 022
chmod 0755 "$STAGE" # mktemp's 0700 would be the package's "./", that is /
install -d "$STAGE/DEBIAN" "$STAGE/usr/bin" "$STAGE/usr/share/wharf" "$STAGE/usr/share/doc/wharf" \
  "$STAGE/lib/systemd/system" "$STAGE/etc/wharf"
install -m 0644 "$JAR" "$STAGE/usr/share/wharf/wharf.jar"
install -m 0644 "$ROOT/scripts/find-java.sh" "$STAGE/usr/share/wharf/find-java.sh"
install -m 0755 "$HERE/wharf" "$STAGE/usr/bin/wharf"
install -m 0755 "$HERE/wait-ready" "$STAGE/usr/share/wharf/wait-ready"
install -m 0644 "$HERE/wharf.service" "$STAGE/lib/systemd/system/wharf.service"
install -m 0644 "$ROOT/README.md" "$STAGE/usr/share/doc/wharf/README.md"
"$JAVA" -jar "$JAR" serve --config "$HERE/service-settings.conf" --print-config >"$STAGE/etc/wharf/wharf.conf"
chmod 0644 "$STAGE/etc/wharf/wharf.conf"

for script in postinst prerm postrm; do
  install -m 0755 "$HERE/debian/$script" "$STAGE/DEBIAN/$script"
done
echo /etc/wharf/wharf.conf >"$STAGE/DEBIAN/conffiles"
chmod 0644 "$STAGE/DEBIAN/conffiles"
SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$SIZE/" "$HERE/debian/control" >"$STAGE/DEBIAN/control"
chmod 0644 "$STAGE/DEBIAN/control"

mkdir -p "$OUT"
DEB="$(realpath "$OUT")/wharf_${VERSION}_all.deb"
dpkg-deb --root-owner-group --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
