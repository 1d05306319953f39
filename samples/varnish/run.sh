#!/usr/bin/env bash
# The sample API behind a real Varnish, in one command: varnishd (Debian: apt-get install varnish
# varnish-modules) on VARNISH_PORT (default 6081) in front of the sample on PORT (default 8080), with
# restcache's xkey surrogate keys, Cache-Groups and the Varnish purger on. Ctrl-C stops both; varnishd is
# stopped by its process id.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-8080}"
VARNISH_PORT="${VARNISH_PORT:-6081}"
varnishd="$(command -v varnishd || echo /usr/sbin/varnishd)"
work="$(mktemp -d)"
chmod 755 "$work"      # started as root, varnishd reads its VCL as its own user
sed "s/\.port = \"8080\"/.port = \"$PORT\"/" samples/varnish/sample.vcl > "$work/sample.vcl"
chmod 644 "$work/sample.vcl"
"$varnishd" -F -a "127.0.0.1:$VARNISH_PORT" -f "$work/sample.vcl" -n "$work/n" -s malloc,64m -T none &
varnish_pid=$!
trap 'kill "$varnish_pid" 2>/dev/null || true; wait "$varnish_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "Varnish on http://127.0.0.1:$VARNISH_PORT (pid $varnish_pid), in front of the sample on port $PORT"
export PORT
export RESTCACHE_KEY_SECRET="${RESTCACHE_KEY_SECRET:-sample-only-secret-change-me}"
export RESTCACHE_EDGE_SURROGATE_KEYS=xkey
export RESTCACHE_EDGE_CACHE_GROUPS=on
export RESTCACHE_EDGE_PURGER=varnish
export RESTCACHE_EDGE_VARNISH_HOSTS="http://127.0.0.1:$VARNISH_PORT"
mvn -B -Psample -DskipTests verify
