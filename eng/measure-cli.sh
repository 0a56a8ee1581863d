#!/usr/bin/env bash
# Whole-process wall-clock times of the lrs tool, as docs/performance.md reports them (best of N runs each):
#   1. start-up: `lrs eval` of a tiny spec, framework-dependent (what `dotnet build` and the portable tool packages give)
#      and Native AOT (what the linux-x64 tool package holds; needs a C toolchain);
#   2. random access into torch.* specs: `lrs eval --start 1000000000 --steps 1`, one row per class.
#
#   eng/measure-cli.sh            # builds both, 20 start-up runs, 3 runs per torch spec
#   RUNS=50 eng/measure-cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)"
dotnet build src/LrSchedules.Cli -c Release -o "$work/portable" -nologo -clp:NoSummary -v:q >/dev/null
dotnet publish src/LrSchedules.Cli -c Release -r "$rid" -p:LrsToolAot=true -o "$work/aot" -nologo -clp:NoSummary -v:q >/dev/null

# Best wall time in milliseconds of `$@` over $1 runs (output discarded; the exit code must be 0).
best_ms() {
  local n="$1"; shift
  local best=""
  for ((i = 0; i < n; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000 ))
    if [[ -z "$best" || "$ms" -lt "$best" ]]; then best="$ms"; fi
  done
  printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

tiny='{"type":"cosine","initial_value":0.1,"decay_steps":1000}'
echo "| lrs build | \`lrs eval --spec <tiny cosine> --steps 3\`, best of $runs |"
echo "| --- | --- |"
echo "| framework-dependent (apphost + JIT) | $(best_ms "$runs" "$work/portable/lrs" eval --spec "$tiny" --steps 3) ms |"
echo "| Native AOT ($rid) | $(best_ms "$runs" "$work/aot/lrs" eval --spec "$tiny" --steps 3) ms |"
echo

specs=(
  'StepLR (step_size 1000)|{"type":"torch.StepLR","lr":0.1,"args":{"step_size":1000,"gamma":0.99999}}'
  'StepLR (step_size 3)|{"type":"torch.StepLR","lr":0.1,"args":{"step_size":3,"gamma":0.999999}}'
  'MultiStepLR|{"type":"torch.MultiStepLR","lr":0.1,"args":{"milestones":[10,100000,900000000],"gamma":0.5}}'
  'ConstantLR|{"type":"torch.ConstantLR","lr":0.1,"args":{"factor":0.5,"total_iters":1000}}'
  'LinearLR (total_iters 1000)|{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":0.01,"total_iters":1000}}'
  'PolynomialLR (total_iters 1000)|{"type":"torch.PolynomialLR","lr":0.1,"args":{"total_iters":1000,"power":2}}'
  'CyclicLR (exp_range)|{"type":"torch.CyclicLR","lr":0.1,"momentum":0.9,"args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":777,"mode":"exp_range","gamma":0.9999999}}'
  'OneCycleLR (total_steps 2e9)|{"type":"torch.OneCycleLR","lr":0.1,"momentum":0.9,"args":{"max_lr":1,"total_steps":2000000000}}'
  'CosineAnnealingWarmRestarts (T_mult 2)|{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":10,"T_mult":2}}'
  'CosineAnnealingWarmRestarts (T_mult 1)|{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":333}}'
  'SWALR|{"type":"torch.SWALR","lr":0.1,"args":{"swa_lr":0.05,"anneal_epochs":100}}'
  'SequentialLR (LinearLR, StepLR)|{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0.01,"total_iters":1000}},{"type":"torch.StepLR","args":{"step_size":100,"gamma":0.99999}}],"milestones":[1000]}}'
  'ChainedScheduler (ConstantLR, MultiStepLR)|{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.ConstantLR","args":{"factor":0.5,"total_iters":1000}},{"type":"torch.MultiStepLR","args":{"milestones":[5,50000],"gamma":0.9}}]}}'
  'ExponentialLR (recursive, gamma 1 - 1e-9)|{"type":"torch.ExponentialLR","lr":0.1,"args":{"gamma":0.999999999}}'
  'CosineAnnealingLR (recursive, T_max 1000)|{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":1000}}'
)
echo "| torch.* class | \`lrs eval --start 1000000000 --steps 1\` (Native AOT lrs), best of 3 |"
echo "| --- | --- |"
for entry in "${specs[@]}"; do
  name="${entry%%|*}"
  spec="${entry#*|}"
  echo "| $name | $(best_ms 3 "$work/aot/lrs" eval --spec "$spec" --start 1000000000 --steps 1) ms |"
done
