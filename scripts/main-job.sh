#!/usr/bin/env bash
# The main job: the most complete real flow the project has so far.
# Today: drive the real terraform-provider-edp binary the way OpenTofu does
# (go-plugin handshake, AutoMTLS, protocols 6 and 5, schema, validation with
# attribute-path diagnostics, configuration, StopProvider, graceful shutdown),
# check it against HashiCorp's own go-plugin client when Go is present, then
# build an EDP environment (network, security group, EIP, private DNS, CCE
# cluster and node pool, HA PostgreSQL, load balancer with listener and
# pool, OBS bucket) in a local otc-sim through the provider
# with tofu's plan/apply/refresh/destroy steps, and check nothing leaked.
set -euo pipefail
build=${1:?usage: main-job.sh BUILD_DIR}
provider=$build/provider/terraform-provider-edp

echo "main job: terraform-provider-edp driven like OpenTofu drives it"
"$build/tools/provider-demo" "$provider"

goclient=$build/tests/golang/goplugin-client
if [ -x "$goclient" ]; then
  echo
  echo "main job: the same binary under HashiCorp's go-plugin client (TLS 1.3, then TLS 1.2 as Terraform 0.12 does)"
  "$goclient" -plugin "$provider" -protocols 5,6 -expect-protocol 6 | grep -E 'protocol|tls|health|schema|exit|PASS|FAIL'
  "$goclient" -plugin "$provider" -protocols 5 -expect-protocol 5 -tls-max 1.2 | grep -E 'protocol|tls|PASS|FAIL'
fi

echo
echo "main job: an EDP environment in otc-sim, planned, applied, refreshed and destroyed through the provider"
"$build/tools/provider-apply-demo" "$provider" "$build/otc-sim/otc-sim"
