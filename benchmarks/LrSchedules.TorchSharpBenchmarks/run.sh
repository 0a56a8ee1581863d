#!/usr/bin/env bash
# Runs the TorchSharp comparison benchmarks:
#   benchmarks/LrSchedules.TorchSharpBenchmarks/run.sh --filter '*' --job short
# (arguments go to BenchmarkDotNet; --check only runs the agreement check). See README.md beside this script.
#
# TorchSharp's native library needs a libstdc++ newer than Debian 12's. The build prepares one where needed
# (build/LibStdCxxCompat.targets, described in build/README.md) and records its directory in obj/libstdcxx.props; this
# script puts that directory on LD_LIBRARY_PATH for the benchmark process tree (BenchmarkDotNet's child processes
# inherit it). It must be set before the dotnet host starts, since the host itself loads libstdc++.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
project="$here/LrSchedules.TorchSharpBenchmarks.csproj"

cd "$repo"
dotnet build -c Release "$project" >&2
lib="$(sed -n 's:.*<LrsLibStdCxxDirectory>\(.*\)</LrsLibStdCxxDirectory>.*:\1:p' "$here/obj/libstdcxx.props" 2>/dev/null || true)"
if [[ -n "$lib" ]]; then
    printf 'run.sh: libstdc++ from %s\n' "$lib" >&2
    export LD_LIBRARY_PATH="${lib%/}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

exec dotnet run -c Release --no-build --project "$project" -- "$@"
