#!/usr/bin/env bash
# Records the current public API of every shipped project (src/*) in its PublicAPI.Unshipped.txt:
#   eng/update-public-api.sh
# The build enforces these files (Microsoft.CodeAnalysis.PublicApiAnalyzers: RS0016 for a public symbol missing from
# them, RS0017 for a listed symbol that no longer exists), so every change of the public surface is a visible diff.
# This script builds once with those diagnostics as warnings, adds what RS0016 reports, drops what RS0017 reports, and
# sorts the entries below the `#nullable enable` header. Review the diff before committing it. At a release, move the
# lines of PublicAPI.Unshipped.txt into PublicAPI.Shipped.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for project in src/*/*.csproj; do
  dir=$(dirname "$project")
  [[ -f "$dir/PublicAPI.Unshipped.txt" ]] || continue
  log=$(dotnet build "$project" --no-incremental -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false \
    -p:MSBuildTreatWarningsAsErrors=false -p:WarningsAsErrors= 2>&1 || true)
  # Only this project's diagnostics (a build also builds, and reports, the projects it references).
  log=$(grep -F "[$(realpath "$project")]" <<<"$log" || true)
  added=$(grep -oP "(warning|error) RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$log" | sort -u || true)
  removed=$(grep -oP "(warning|error) RS0017: Symbol '\K.*(?=' is part of the declared API, but is either not public or could not be found)" <<<"$log" | sort -u || true)
  file="$dir/PublicAPI.Unshipped.txt"
  {
    grep -v '^#nullable enable$' "$file" || true
    printf '%s\n' "$added"
  } | sed '/^$/d' | grep -vxF -f <(printf '%s\n#__none__\n' "$removed") | LC_ALL=C sort -u >"$file.entries" || true
  { echo "#nullable enable"; cat "$file.entries"; } >"$file"
  rm -f "$file.entries"
  echo "$dir: $(grep -c . <<<"$added" || true) added, $(grep -c . <<<"$removed" || true) removed"
done
