#!/usr/bin/env bash
# End to end through a real OpenTofu/Terraform core: terraform-provider-edptest
# installed with dev_overrides, then create, no-op plan, in-place update,
# replacement, import, out-of-band deletion, a provider-bug diagnostic
# pointing at the configuration line, StopProvider on interrupt, and destroy.
# The core's own checks (AssertPlanValid, AssertObjectCompatible, write-only,
# wholly-known results) run on every step.
#
# Usage: terraform_e2e.sh <tofu-or-terraform> <directory of terraform-provider-edptest>
set -euo pipefail
TF=$1
PROVIDER_DIR=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/edp-tf-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE="$WORK/cli.tfrc"
# Provider logs (and anything it writes on stderr, such as sanitizer
# reports) go to tf.log, shown when a step fails.
unset TF_LOG
export TF_LOG_PROVIDER=debug TF_LOG_PATH="$WORK/tf.log"
ADDR=registry.terraform.io/edp/edptest
if TF_CLI_CONFIG_FILE=/dev/null "$TF" version | grep -q OpenTofu; then
  ADDR=registry.opentofu.org/edp/edptest
fi
cat > cli.tfrc <<CFG
provider_installation {
  dev_overrides { "$ADDR" = "$PROVIDER_DIR" }
  direct {}
}
CFG

fail() {
  echo "FAIL: $*" >&2
  echo "--- last provider log lines:" >&2
  tail -n 40 "$WORK/tf.log" >&2 || true
  exit 1
}
step() { echo "--- $*"; }

write_config() {  # $1 = zone, $2 = description, $3 = mode
  cat > main.tf <<TFCFG
terraform {
  required_providers {
    edptest = { source = "edp/edptest" }
  }
}
provider "edptest" {
  store_path = "$WORK/store.json"
}
resource "edptest_thing" "a" {
  name        = "alpha"
  zone        = "$1"
  description = "$2"
  mode        = "$3"
  tags        = {}
  secret_wo   = "never-stored"
  network = {
    vpc_id     = "vpc-1"
    subnet_ids = []
  }
  rule {
    port = 80
  }
  label {
    key = "k"
  }
  settings {
    enabled = true
  }
  endpoint "main" {
    url = "https://x.example"
  }
  timeouts {
    create = "5m"
  }
}
data "edptest_echo" "e" {
  input    = edptest_thing.a.name
  thing_id = edptest_thing.a.id
}
output "thing_name" { value = data.edptest_echo.e.thing_name }
TFCFG
}

step "create"
write_config a one normal
"$TF" apply -auto-approve -no-color > out.txt 2>&1 || { cat out.txt; fail "create"; }
grep -q 'thing_name = "alpha"' out.txt || fail "data source output"
grep -q never-stored terraform.tfstate && fail "write-only value stored in state"

step "no-op plan"
"$TF" plan -detailed-exitcode -no-color > out.txt 2>&1 || { cat out.txt; fail "plan after create is not empty"; }

step "update in place"
write_config a two normal
"$TF" apply -auto-approve -no-color > out.txt 2>&1 || { cat out.txt; fail "update"; }
grep -q "1 changed, 0 destroyed" out.txt || { cat out.txt; fail "update was not in place"; }

step "replace"
write_config b two normal
"$TF" apply -auto-approve -no-color > out.txt 2>&1 || { cat out.txt; fail "replace"; }
grep -q "forces replacement" out.txt || fail "zone change did not force replacement"
"$TF" plan -detailed-exitcode -no-color > out.txt 2>&1 || { cat out.txt; fail "plan after replace"; }

step "import"
ID=$("$TF" state show -no-color edptest_thing.a | sed -n 's/^ *id *= "\(.*\)"/\1/p')
"$TF" state rm edptest_thing.a > /dev/null
"$TF" import -no-color edptest_thing.a "$ID" > out.txt 2>&1 || { cat out.txt; fail "import"; }
"$TF" plan -no-color > out.txt 2>&1 || { cat out.txt; fail "plan after import"; }

step "out-of-band deletion"
python3 - "$WORK/store.json" "$ID" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); del d["objects"][sys.argv[2]]; json.dump(d, open(sys.argv[1], "w"))
PY
"$TF" plan -no-color > out.txt 2>&1 || { cat out.txt; fail "plan after deletion"; }
grep -q "will be created" out.txt || { cat out.txt; fail "deleted object not planned for creation"; }
"$TF" apply -auto-approve -no-color > out.txt 2>&1 || { cat out.txt; fail "re-create"; }

step "provider bug is reported at the configuration line"
write_config b mine inconsistent
if "$TF" apply -auto-approve -no-color > out.txt 2>&1; then fail "inconsistent result accepted"; fi
grep -q "Provider Produced Inconsistent Result After Update" out.txt || { cat out.txt; fail "no provider-bug diagnostic"; }
grep -q 'description = "mine"' out.txt || { cat out.txt; fail "diagnostic does not point at the attribute"; }

step "interrupt during a slow create stops promptly"
# -replace: the object is destroyed first, then the slow create starts.
write_config b mine slow_create
"$TF" apply -auto-approve -no-color -replace=edptest_thing.a > out.txt 2>&1 &
PID=$!
for _ in $(seq 1 100); do grep -q "Creating..." out.txt 2>/dev/null && break; sleep 0.1; done
sleep 0.5
kill -INT "$PID" 2>/dev/null || { cat out.txt; fail "apply ended before the interrupt"; }
START=$(date +%s)
wait "$PID" && fail "interrupted apply succeeded"
[ $(( $(date +%s) - START )) -le 5 ] || fail "apply took too long to stop"
grep -q "Destruction complete" out.txt || { cat out.txt; fail "object not replaced"; }
grep -q "Operation Cancelled" out.txt || { cat out.txt; fail "no cancellation diagnostic"; }

step "destroy"
write_config b two normal
"$TF" destroy -auto-approve -no-color > out.txt 2>&1 || { cat out.txt; fail "destroy"; }
python3 -c "import json,sys; sys.exit(len(json.load(open('$WORK/store.json'))['objects']))" ||
  fail "objects left behind after destroy"
echo "PASS"
