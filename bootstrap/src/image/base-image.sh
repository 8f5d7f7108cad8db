#!/usr/bin/env bash
# Builds the base image that Jib puts Prompt Engine on (profile "image", README "Container image"), without a
# registry and without a Docker daemon: Jib takes a base image from a registry, a daemon, or a `docker save`
# tarball, and only the last is at hand offline and in CI. The one layer holds
#   /opt/java        a Java runtime linked by jlink from the JDK that runs the build, with the modules given;
#   /lib, /lib64 …   the shared libraries that runtime loads, copied from this machine (found with ldd);
#   /etc/passwd      a user "app" (65532) to run as, and the home and data directories it writes to.
# Linux only, and the image's architecture is this machine's: the libraries and the runtime are this machine's.
#
# Usage: base-image.sh JAVA_HOME MODULES OUTPUT_TAR
#   A tarball newer than this script and built from the same JAVA_HOME and MODULES is kept as it is.
set -euo pipefail

java_home=$1
modules=$2
out=$3

[ "$(uname -s)" = Linux ] || { echo "base-image.sh: the base image is built from this machine's libraries; it needs Linux, not $(uname -s)" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) echo "base-image.sh: no container architecture for $(uname -m)" >&2; exit 1 ;;
esac

stamp="$java_home $modules $arch"
if [ -s "$out" ] && [ -s "$out.stamp" ] && [ "$out" -nt "$0" ] && [ "$(cat "$out.stamp")" = "$stamp" ]; then
  exit 0
fi

mkdir -p "$(dirname "$out")"
work=$(mktemp -d "$(dirname "$out")/base-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$root/opt/java"

# Debian's and Ubuntu's JDKs link lib/security/cacerts to /etc/ssl/certs/java/cacerts, which jlink leaves out:
# without it no TLS connection (OpenAI, Anthropic) could be verified.
if [ ! -s "$root/opt/java/lib/security/cacerts" ]; then
  cp -L "$java_home/lib/security/cacerts" "$root/opt/java/lib/security/cacerts"
fi

# Every shared library the launcher and the runtime's own libraries need, and the dynamic loader, at the path the
# binaries ask for (ldd prints "name => /path (addr)" for a library and "/path (addr)" for the loader).
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' \
  | sort -u \
  | while read -r lib; do
      case "$lib" in "$root"/*) continue ;; esac
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done

mkdir -p "$root/etc" "$root/tmp" "$root/home/app" "$root/var/lib/prompt-engine"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:65532:65532:Prompt Engine:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:65532:\n' > "$root/etc/group"
# the layer's files are all root's (a build need not run as root to make it), so the directories the user writes
# to are open to every user, sticky like /tmp: the data directory is where the default H2 database lives
chmod 1777 "$root/tmp" "$root/home/app" "$root/var/lib/prompt-engine"

# one layer, the same bytes for the same inputs: sorted, no owners, no times
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
runtime=$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { print $2 }')

cat > "$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},"rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"bootstrap/src/image/base-image.sh: jlink $runtime --add-modules $modules"}]}
JSON
cat > "$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["prompt-engine-base:local"],"Layers":["layer.tar"]}]
JSON

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.part" manifest.json config.json layer.tar
mv "$out.part" "$out"
printf '%s' "$stamp" > "$out.stamp"
