#!/usr/bin/env bash
# Installs every build and test dependency from Debian's packages. Idempotent:
# when everything is already installed it does nothing (no apt-get update).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev                      # libFuzzer targets
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libssl-dev openssl                            # AutoMTLS, certificates
  libmsgpack-cxx-dev nlohmann-json3-dev
  libmpfr-dev libgmp-dev libicu-dev             # cty numbers (big floats), NFC strings
  libre2-dev libyaml-dev zlib1g-dev libcrypt-dev # lib/funcs (regex, yaml, gzip, bcrypt)
  libgtest-dev libgmock-dev libbenchmark-dev
  libcurl4-openssl-dev libcli11-dev libfmt-dev
  hyperfine curl util-linux time              # benchmarks (bench/otcsim: curl --aws-sigv4, taskset; bench/orchestrator: peak RSS)
  golang-go golang-github-hashicorp-go-plugin-dev golang-google-grpc-dev  # go-plugin reference harness (tests/golang)
  golang-github-hashicorp-go-hclog-dev golang-github-golang-protobuf-1-3-dev golang-golang-x-net-dev
  golang-github-hashicorp-hcl-v2-dev golang-github-zclconf-go-cty-dev  # HCL differential test (tests/golang_hcl)
  golang-github-zclconf-go-cty-yaml-dev          # lib/funcs differential test (tests/unit/funcs/reference)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
