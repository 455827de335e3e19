#!/usr/bin/env bash
# edp_vpc / edp_vpc_subnet / data edp_vpc through a real Terraform or
# OpenTofu core against a real otc-sim: terraform-provider-edp installed with
# dev_overrides, then validate rejects a bad CIDR, apply, no-drift plan,
# in-place update, replacement, import, destroy leaving nothing in otc-sim,
# and no password in the provider log.
#
# Usage: terraform_vpc_e2e.sh <tofu-or-terraform> <dir of terraform-provider-edp> <otc-sim binary>
set -euo pipefail
TF=$1
PROVIDER_DIR=$(cd "$2" && pwd)
OTCSIM=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/edp-vpc-e2e-XXXXXX")
SIM_PID=
cleanup() {
  if [[ -n "$SIM_PID" ]]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE="$WORK/cli.tfrc"
unset TF_LOG OS_AUTH_URL OS_USERNAME OS_TOKEN OS_AUTH_TOKEN OS_ACCESS_KEY OS_SECRET_KEY OS_CLOUD
export TF_LOG_PROVIDER=debug TF_LOG_PATH="$WORK/tf.log"
ADDR=registry.terraform.io/edp/edp
if TF_CLI_CONFIG_FILE=/dev/null "$TF" version | grep -q OpenTofu; then
  ADDR=registry.opentofu.org/edp/edp
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
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$WORK/sim.out" | head -n1; }

"$OTCSIM" --time-scale 30 > "$WORK/sim.out" 2> "$WORK/sim.err" &
SIM_PID=$!
for _ in $(seq 100); do
  [[ -s "$WORK/sim.out" ]] && break
  sleep 0.1
done
HTTP=$(field http)
[[ -n "$HTTP" ]] || fail "otc-sim did not print its ready line"
export OS_PASSWORD
OS_PASSWORD=$(field password)

write_config() {  # $1 = vpc cidr, $2 = description, $3 = subnet cidr, $4 = gateway
  cat > main.tf <<TFCFG
terraform {
  required_providers {
    edp = { source = "edp/edp" }
  }
}
provider "edp" {
  auth_url    = "$HTTP/v3"
  domain_name = "$(field domain)"
  tenant_name = "$(field project)"
  user_name   = "$(field user)"
  region      = "eu-de"
}
resource "edp_vpc" "a" {
  name        = "tf-vpc"
  cidr        = "$1"
  description = "$2"
  tags        = { env = "e2e" }
}
resource "edp_vpc_subnet" "a" {
  name       = "tf-subnet"
  vpc_id     = edp_vpc.a.id
  cidr       = "$3"
  gateway_ip = "$4"
  timeouts {
    create = "5m"
  }
}
data "edp_vpc" "a" {
  name       = edp_vpc.a.name
  depends_on = [edp_vpc.a]
}
output "vpc_id" { value = data.edp_vpc.a.id }
TFCFG
}

step "validate rejects an invalid CIDR"
write_config "10.0.0.0/33" "one" "10.0.1.0/24" "10.0.1.1"
if "$TF" validate -no-color > validate.out 2>&1; then fail "validate accepted 10.0.0.0/33"; fi
grep -q 'cidr' validate.out || { cat validate.out; fail "the validate error does not name cidr"; }
grep -q 'IPv4 network in CIDR notation' validate.out || { cat validate.out; fail "unexpected validate message"; }

step "apply"
write_config "10.0.0.0/16" "one" "10.0.1.0/24" "10.0.1.1"
"$TF" apply -auto-approve -no-color > apply1.out 2>&1 || { cat apply1.out; fail "apply"; }
VPC_ID=$("$TF" output -raw vpc_id)
[[ -n "$VPC_ID" ]] || fail "no vpc id"

step "no drift"
set +e
"$TF" plan -detailed-exitcode -no-color > plan1.out 2>&1
rc=$?
set -e
[[ $rc -eq 0 ]] || { cat plan1.out; fail "plan after apply is not empty (exit $rc)"; }

step "in-place update"
write_config "10.0.0.0/16" "two" "10.0.1.0/24" "10.0.1.1"
"$TF" plan -no-color > plan2.out 2>&1 || { cat plan2.out; fail "plan update"; }
grep -q "1 to change, 0 to destroy" plan2.out || { cat plan2.out; fail "description is not an in-place update"; }
"$TF" apply -auto-approve -no-color > apply2.out 2>&1 || { cat apply2.out; fail "apply update"; }

step "replacement"
write_config "10.0.0.0/16" "two" "10.0.2.0/24" "10.0.2.1"
"$TF" plan -no-color > plan3.out 2>&1 || { cat plan3.out; fail "plan replace"; }
grep -q "must be replaced" plan3.out || { cat plan3.out; fail "a new subnet cidr does not force replacement"; }
"$TF" apply -auto-approve -no-color > apply3.out 2>&1 || { cat apply3.out; fail "apply replace"; }

step "import"
"$TF" state rm edp_vpc.a > /dev/null
"$TF" import -no-color edp_vpc.a "$VPC_ID" > import.out 2>&1 || { cat import.out; fail "import"; }
set +e
"$TF" plan -detailed-exitcode -no-color > plan4.out 2>&1
rc=$?
set -e
[[ $rc -eq 0 ]] || { cat plan4.out; fail "plan after import is not empty (exit $rc)"; }

step "destroy"
"$TF" destroy -auto-approve -no-color > destroy.out 2>&1 || { cat destroy.out; fail "destroy"; }
curl -sf "$HTTP/_sim/resources" > resources.json || fail "cannot read otc-sim's inventory"
if grep -q '"vpc":\[{' resources.json || grep -q '"subnet":\[{' resources.json; then
  cat resources.json
  fail "destroy left a VPC or subnet behind"
fi

step "no secrets in the log"
if grep -q -- "$OS_PASSWORD" "$WORK/tf.log"; then fail "the password appears in the provider log"; fi
echo "PASS"
