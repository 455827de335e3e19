#!/usr/bin/env bash
# edp-stack discovery + DAG on a generated tree (issue 7's benchmark):
# N units (default 1000) under tenants/<t>/<cluster>/<unit>, each including
# a root.hcl that reads the tenant's tenant.hcl through
# read_terragrunt_config(find_in_parent_folders("tenant.hcl")), and each
# depending on two earlier units (dependency + dependencies blocks).
# Times `edp-stack find --dag` and `edp-stack dag graph` (median of RUNS)
# and reports the peak RSS.
#
#   bench/orchestrator/run.sh [BUILD_DIR] [UNITS] [RUNS]
set -euo pipefail
build=${1:-build/ci}
units=${2:-1000}
runs=${3:-5}
stack=$build/orchestrator/edp-stack
[ -x "$stack" ] || { echo "bench/orchestrator: $stack not built" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench/orchestrator: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT

cat > "$tree/root.hcl" <<'HCL'
locals {
  tenant = read_terragrunt_config(find_in_parent_folders("tenant.hcl"))
  name   = basename(get_terragrunt_dir())
}
inputs = {
  tenant = local.tenant.locals.tenant
  region = local.tenant.locals.region
  name   = local.name
}
HCL
per_cluster=10
clusters_per_tenant=10
i=0
while [ "$i" -lt "$units" ]; do
  t=$(( i / (per_cluster * clusters_per_tenant) ))
  c=$(( (i / per_cluster) % clusters_per_tenant ))
  u=$(( i % per_cluster ))
  tdir=$tree/tenants/t$t
  if [ ! -f "$tdir/tenant.hcl" ]; then
    mkdir -p "$tdir"
    printf 'locals {\n  tenant = "t%s"\n  region = "eu-de"\n}\n' "$t" > "$tdir/tenant.hcl"
  fi
  dir=$tdir/c$c/u$u
  mkdir -p "$dir"
  {
    echo 'include "root" {'
    echo '  path = find_in_parent_folders("root.hcl")'
    echo '}'
    if [ "$u" -ge 2 ]; then
      echo "dependency \"a\" {"
      echo "  config_path  = \"../u$(( u - 1 ))\""
      echo "  mock_outputs = { id = \"mock\" }"
      echo "}"
      echo "dependencies {"
      echo "  paths = [\"../u$(( u - 2 ))\"]"
      echo "}"
    elif [ "$u" -eq 1 ]; then
      echo 'dependencies {'
      echo '  paths = ["../u0"]'
      echo '}'
    fi
    echo 'terraform {'
    echo '  source = "../../../../modules//unit"'
    echo '}'
  } > "$dir/terragrunt.hcl"
  i=$(( i + 1 ))
done
found=$("$stack" find --working-dir "$tree" | wc -l)
echo "tree: $found units, $(find "$tree" -name '*.hcl' | wc -l) HCL files ($(nproc) cores)"

measure() {  # prints "median_seconds max_rss_kb"
  local samples=() rss=0
  for _ in $(seq "$runs"); do
    out=$( { /usr/bin/time -f '%e %M' "$stack" "$@" --working-dir "$tree" >/dev/null; } 2>&1 | tail -1)
    samples+=("${out% *}")
    r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  median=$(printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $rss"
}
echo
echo "| command | median wall (s) | peak RSS (MB) |"
echo "|---|---|---|"
for cmd in "find --dag" "dag graph"; do
  # shellcheck disable=SC2086
  read -r wall rss <<<"$(measure $cmd)"
  echo "| \`edp-stack $cmd\` ($units units) | $wall | $(( rss / 1024 )) |"
done
