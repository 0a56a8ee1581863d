#!/usr/bin/env bash
# Runs the TorchSharp comparison benchmarks:
#   benchmarks/LrSchedules.TorchSharpBenchmarks/run.sh --filter '*' --job short
# (arguments go to BenchmarkDotNet). See README.md beside this script.
#
# TorchSharp 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32 (libstdc++ from gcc >= 13.2); Debian 12's libstdc++ stops
# at GLIBCXX_3.4.30. This script fetches Debian 13 (trixie)'s libstdc++6 .deb from the Debian mirror that apt already
# uses (or $DEBIAN_MIRROR), verifies it (InRelease signature by the system's Debian archive keyring -> Packages.xz
# sha256 -> .deb sha256), extracts it into a private cache under this project's obj/ directory, and puts that directory
# on LD_LIBRARY_PATH for the benchmark process tree only. Nothing is installed system-wide.
#
# trixie's libstdc++ also imports one GLIBC_2.38 function (__isoc23_strtoul, C23 strtoul) that bookworm's glibc 2.36
# lacks, and the loader refuses a library that needs a glibc version the system lacks. So the cached copy gets that
# version need pointed at its baseline GLIBC_2.2.5 (compat/retarget_glibc_versions.py, which refuses if anything else
# needs a newer glibc), and a small shim defining the function (compat/glibc238_compat.c, built with cc) is
# LD_PRELOADed, again for this process tree only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$here/obj/native-compat"
lib="$cache/lib"
stamp="$lib/.complete"
suite="trixie"
keyring="/usr/share/keyrings/debian-archive-keyring.gpg"

log() { printf 'run.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
trap 'log "error: command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

debian_mirror() {
    if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
        printf '%s\n' "${DEBIAN_MIRROR%/}"
        return
    fi
    # The first ".../debian" URI in apt's own configuration (deb822 .sources or one-line .list files).
    local uri
    uri="$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^[:space:]]+' | grep -E '/debian/?$' | head -n 1 || true)"
    [[ -n "$uri" ]] || die "no Debian mirror found in /etc/apt/sources*; set DEBIAN_MIRROR to one (the URL ending in /debian)"
    printf '%s\n' "${uri%/}"
}

prepare_libstdcxx() {
    if [[ -f "$stamp" && -f "$lib/libstdc++.so.6" && -f "$lib/libglibc238compat.so" ]]; then
        return
    fi

    for tool in curl gpgv xz dpkg-deb sha256sum python3 cc strings; do
        command -v "$tool" >/dev/null || die "$tool is required"
    done
    [[ -f "$keyring" ]] || die "$keyring is missing (package debian-archive-keyring)"

    local mirror dl
    mirror="$(debian_mirror)"
    dl="$cache/download"
    rm -rf "$lib" "$cache/extract"
    mkdir -p "$dl" "$lib"

    log "fetching the signed $suite release file from the Debian mirror configured for apt"
    curl -fsSL --retry 3 -o "$dl/InRelease" "$mirror/dists/$suite/InRelease"
    gpgv --keyring "$keyring" --output "$dl/Release" "$dl/InRelease" 2>"$dl/gpgv.log" \
        || { cat "$dl/gpgv.log" >&2; die "bad signature on $suite InRelease"; }

    local index="main/binary-amd64/Packages.xz" index_sha
    index_sha="$(awk -v f="$index" '/^SHA256:/{s=1; next} /^[^ ]/{s=0} s && $3==f {print $1}' "$dl/Release")"
    [[ -n "$index_sha" ]] || die "$index is not listed in the $suite Release file"
    if ! echo "$index_sha  $dl/Packages.xz" | sha256sum -c --status 2>/dev/null; then
        curl -fsSL --retry 3 -o "$dl/Packages.xz" "$mirror/dists/$suite/$index"
        echo "$index_sha  $dl/Packages.xz" | sha256sum -c --status || die "sha256 mismatch on $index"
    fi

    local stanza filename deb_sha version deb
    # (awk reads to the end rather than exit early, which would make xz fail with SIGPIPE under pipefail)
    stanza="$(xz -dc "$dl/Packages.xz" | awk '/^Package: libstdc\+\+6$/ && !done {p=1} p && /^$/ {p=0; done=1} p')"
    filename="$(sed -n 's/^Filename: //p' <<<"$stanza")"
    deb_sha="$(sed -n 's/^SHA256: //p' <<<"$stanza")"
    version="$(sed -n 's/^Version: //p' <<<"$stanza")"
    [[ -n "$filename" && -n "$deb_sha" ]] || die "libstdc++6 not found in the $suite amd64 index"
    deb="$dl/$(basename "$filename")"
    if ! echo "$deb_sha  $deb" | sha256sum -c --status 2>/dev/null; then
        log "downloading $filename ($version)"
        curl -fsSL --retry 3 -o "$deb" "$mirror/$filename"
        echo "$deb_sha  $deb" | sha256sum -c --status || die "sha256 mismatch on $filename"
    fi
    log "verified $(basename "$deb") sha256 $deb_sha"

    dpkg-deb -x "$deb" "$cache/extract"
    local so
    so="$(readlink -f "$cache/extract/usr/lib/x86_64-linux-gnu/libstdc++.so.6")"
    [[ -f "$so" ]] || die "libstdc++.so.6 not found in $(basename "$deb")"
    strings "$so" | grep -cx 'GLIBCXX_3.4.32' >/dev/null || die "$(basename "$so") does not define GLIBCXX_3.4.32"

    python3 "$here/compat/retarget_glibc_versions.py" "$so" "$lib/libstdc++.so.6" __isoc23_strtoul >&2
    cc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -o "$lib/libglibc238compat.so" "$here/compat/glibc238_compat.c"
    printf '%s %s %s\n' "$(basename "$deb")" "$deb_sha" "$(basename "$so")" >"$stamp"
    rm -rf "$cache/extract"
}

prepare_libstdcxx
log "libstdc++ from $(cut -d' ' -f1 "$stamp") ($(strings "$lib/libstdc++.so.6" | grep -c '^GLIBCXX_3\.4\.32$') x GLIBCXX_3.4.32) in $lib"

# For this process tree only: the dotnet host, BenchmarkDotNet's build of its generated project, and the child
# benchmark processes, which inherit the environment.
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_PRELOAD="$lib/libglibc238compat.so${LD_PRELOAD:+:$LD_PRELOAD}"

cd "$repo"
exec dotnet run -c Release --project benchmarks/LrSchedules.TorchSharpBenchmarks -- "$@"
