#!/usr/bin/env bash
# The README's test command as on a bare machine that has only Node and npm, on a machine that
# has more: run as root, it clones HEAD, runs `npm install`, then `npm test` in a private mount
# namespace where Debian's Chromium, the NSS/NSPR/expat libraries and PostgreSQL are hidden
# (bind mounts over them), with DATABASE_URL and CHROMIUM_PATH unset.
#   sudo scripts/bare-machine-test.sh
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  repo=$(cd "$(dirname "$0")/.." && pwd)
  clone=$(mktemp -d /tmp/tisserin-bare.XXXX)
  git clone -q "$repo" "$clone"
  cd "$clone"
  SECONDS=0
  npm install --no-audit --no-fund >/dev/null 2>&1
  echo "== npm install: ${SECONDS}s"
  exec unshare -m "$(realpath "$0")" --inside "$clone"
fi
cd "$2"
empty=$(mktemp /tmp/tisserin-empty.XXXX)
for f in /usr/bin/chromium /usr/lib/chromium/chromium; do [ -e "$f" ] && mount --bind "$empty" "$f"; done
for f in libnss3.so libnssutil3.so libnspr4.so libplc4.so libplds4.so libexpat.so.1; do
  for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu; do [ -e "$d/$f" ] && mount --bind "$empty" "$d/$f" 2>/dev/null || true; done
done
[ -d /usr/lib/postgresql ] && mount -t tmpfs tmpfs /usr/lib/postgresql
rm -rf /tmp/chromium /tmp/al2023 /tmp/fonts /tmp/swiftshader
echo "== system Chromium runnable: $(test -x /usr/bin/chromium && echo yes || echo no); PostgreSQL: $(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null || echo none)"
unset DATABASE_URL CHROMIUM_PATH
SECONDS=0
npm test
echo "== npm test passed in ${SECONDS}s"
