#!/usr/bin/env bash
# otc-sim benchmark: start-up time (spawn to ready line), requests per second
# on one core for a token-authenticated GET (VPC list) and for an AWS
# SigV4-signed OBS PUT of a 1 KiB object (signature and payload hash
# verified on every request). otc-sim runs with --workers 1 pinned to CPU 0,
# the load generator on CPU 1 (when there are two).
#   bench/otcsim/run.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build=${1:-build/ci}
secs=${2:-5}
sim=$build/otc-sim/otc-sim
load=$build/otc-sim/otc-sim-load
for t in "$sim" "$load"; do
  [ -x "$t" ] || { echo "bench/otcsim: $t is missing; build the otc-sim and otc-sim-load targets" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "bench/otcsim: curl is missing (scripts/setup.sh installs it)" >&2; exit 1; }
sim_cpu=() load_cpu=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then sim_cpu=(taskset -c 0); load_cpu=(taskset -c 1); fi
work=$(mktemp -d)
simpid=
cleanup() { [ -n "$simpid" ] && kill "$simpid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
field() { grep -o "\"$1\":\"[^\"]*\"" "$2" | head -1 | cut -d'"' -f4; }

# Start-up: median of 21 runs, from fork to the ready line being read.
startup() {
  local times=() i t0 t1 line
  for i in $(seq 21); do
    t0=$(date +%s%N)
    coproc SIM { exec "$sim" "$@" --ca-file "$work/ca-$i.pem" 2>/dev/null; }
    read -r line <&"${SIM[0]}"
    t1=$(date +%s%N)
    kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 11p | awk '{printf "%.1f", $1 / 1000}'
}
echo "| measurement | result |"
echo "|---|---|"
echo "| start-up, HTTP + OBS listeners (median of 21, ms) | $(startup --https-listen off) |"
echo "| start-up, HTTP + HTTPS (new CA) + OBS (median of 21, ms) | $(startup) |"

"${sim_cpu[@]}" "$sim" --workers 1 --https-listen off >"$work/ready" 2>/dev/null &
simpid=$!
for _ in $(seq 100); do [ -s "$work/ready" ] && break; sleep 0.05; done
http=$(field http "$work/ready"); obs=$(field obs "$work/ready")
pid=$(field project_id "$work/ready"); ak=$(field access_key "$work/ready"); sk=$(field secret_key "$work/ready")
host=127.0.0.1
hport=${http##*:}; oport=${obs##*:}
token=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' "$http/v3/auth/tokens" -d \
  '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","password":"demo-password","domain":{"name":"OTC-EU-DE-00000000001000000001"}}}},"scope":{"project":{"name":"eu-de_demo","domain":{"name":"OTC-EU-DE-00000000001000000001"}}}}}' |
  tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p')
[ -n "$token" ] || { echo "bench/otcsim: no token from $http" >&2; exit 1; }
get=$("${load_cpu[@]}" "$load" "$host" "$hport" "/v1/$pid/vpcs" 4 "$secs" "X-Auth-Token: $token")
echo "| token-authenticated GET /v1/{project}/vpcs, 4 keep-alive connections (req/s) | $(echo "$get" | grep -o '"rps":[0-9]*' | cut -d: -f2) (non-2xx: $(echo "$get" | grep -o '"non_2xx":[0-9]*' | cut -d: -f2)) |"

# OBS: a bucket, then one SigV4-signed PUT (signature valid for 15 minutes)
# replayed; the server verifies the signature and the body's SHA-256 each time.
curl -sf -o /dev/null --aws-sigv4 "aws:amz:eu-de:s3" --user "$ak:$sk" \
  -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" -X PUT "$obs/bench"
head -c 1024 /dev/zero | tr '\0' x >"$work/body"
sha=$(sha256sum "$work/body" | cut -d' ' -f1)
mapfile -t hdrs < <(curl -sv -o /dev/null --aws-sigv4 "aws:amz:eu-de:s3" --user "$ak:$sk" -H "x-amz-content-sha256: $sha" \
  -H 'Content-Type: application/octet-stream' -X PUT --data-binary @"$work/body" "$obs/bench/obj" 2>&1 |
  tr -d '\r' | sed -n 's/^> \(Authorization\|X-Amz-Date\|x-amz-content-sha256\|Content-Type\): /\1: /p')
put=$("${load_cpu[@]}" "$load" -X PUT --body-bytes 1024 "$host" "$oport" /bench/obj 4 "$secs" "${hdrs[@]}")
echo "| SigV4-signed OBS PUT of 1 KiB, 4 keep-alive connections (req/s) | $(echo "$put" | grep -o '"rps":[0-9]*' | cut -d: -f2) (non-2xx: $(echo "$put" | grep -o '"non_2xx":[0-9]*' | cut -d: -f2)) |"
