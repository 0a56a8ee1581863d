#!/usr/bin/env bash
# Mutation testing of the core library with Stryker.NET (dotnet-stryker 5.1.0, pinned in dotnet-tools.json).
# Not part of .ci/run: each run is sized to finish in under 30 minutes on 2 cores.
#
#   eng/mutation.sh Torch                      # every file of src/LrSchedules/Torch/
#   eng/mutation.sh Schedules/CosineSchedule.cs
#   eng/mutation.sh Schedules/LinearSchedule.cs Schedules/StepSchedule.cs   # several files of one area in one run
#   eng/mutation.sh --since main               # the files of src/LrSchedules changed since main
#
# The tests run are those of the folder's area (see filter_for), with per-test coverage, so a mutant runs only the
# tests that execute it. The build is Release (the tests run several times faster than in Debug, which also shortens
# the timeout a looping mutant waits for). Reports: tests/LrSchedules.Tests/StrykerOutput/<date>/reports/mutation-report.{html,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null

# Every area leaves out SimdLevelTests: it re-runs the span checks in child processes at lower instruction-set levels,
# and no file of Schedules/, Composition/ or Torch/ branches on the instruction set (the kernels that do live in
# Internal/, which the catch-all area covers with those tests kept).
filter_for() {
  local fast="&FullyQualifiedName!~SimdLevelTests"
  case "$1" in
    Torch*) echo "(FullyQualifiedName~LrSchedules.Tests.Torch|FullyQualifiedName~LrSchedules.Tests.Reliability.State|FullyQualifiedName~LrSchedules.Tests.Reliability.Torch)$fast" ;;
    Schedules*) echo "(FullyQualifiedName~LrSchedules.Tests.Schedules|FullyQualifiedName~LrSchedules.Tests.Evaluation|FullyQualifiedName~LrSchedules.Tests.Reliability.Schedule)$fast" ;;
    Composition*) echo "(FullyQualifiedName~LrSchedules.Tests.Composition|FullyQualifiedName~LrSchedules.Tests.Evaluation|FullyQualifiedName~LrSchedules.Tests.Reliability.Schedule|FullyQualifiedName~LrSchedules.Tests.Reliability.Custom)$fast" ;;
    Specs*) echo "(FullyQualifiedName~LrSchedules.Tests.Specs|FullyQualifiedName~LrSchedules.Tests.Golden|FullyQualifiedName~LrSchedules.Tests.Reliability.Spec|FullyQualifiedName~LrSchedules.Tests.Reliability.Hostile)$fast" ;;
    *) echo "FullyQualifiedName~LrSchedules.Tests&FullyQualifiedName!~TrimAndAot&FullyQualifiedName!~Packaging&FullyQualifiedName!~LrsProcess&FullyQualifiedName!~HostileStdio&FullyQualifiedName!~Analytics" ;;
  esac
}

args=()
if [[ "${1:-}" == "--since" ]]; then
  target="${2:-main}"
  args+=(--since:"$target")
  filter="$(filter_for all)"
else
  target="${1:?usage: eng/mutation.sh <folders or files under src/LrSchedules, one area> | --since <commit>}"
  for t in "$@"; do
    if [[ -d "src/LrSchedules/$t" ]]; then
      args+=(--mutate "**/src/LrSchedules/${t%/}/**/*.cs")
    else
      args+=(--mutate "**/src/LrSchedules/$t")
    fi
  done
  filter="$(filter_for "$target")"
fi

# The progress bar needs a terminal; redirected to a log, one dot per tested mutant shows how far a run is.
progress=progress
[[ -t 1 ]] || progress=dots

cd tests/LrSchedules.Tests
exec dotnet dotnet-stryker --project LrSchedules.csproj --configuration Release --concurrency "${STRYKER_CONCURRENCY:-2}" \
  --test-case-filter "$filter" --reporter "$progress" --reporter html --reporter json --reporter cleartext "${args[@]}"
