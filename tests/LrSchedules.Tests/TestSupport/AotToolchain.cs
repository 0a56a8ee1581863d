using FluentAssertions;

namespace LrSchedules.Tests.TestSupport;

/// <summary>
/// Whether this machine can compile Native AOT (Linux with clang and zlib's static library). Where it cannot, an AOT test
/// has nothing to run — unless <c>LRS_REQUIRE_AOT=1</c> (set by <c>.ci/run</c>, which installs the toolchain), which makes
/// a missing toolchain a failure.
/// </summary>
internal static class AotToolchain
{
    /// <summary>The clang to link with, or null where Native AOT cannot be compiled here.</summary>
    /// <param name="log">Told why nothing is compiled, when that is the case.</param>
    public static string? Find(Action<string> log)
    {
        string? clang = FindClang();
        bool zlib = File.Exists("/usr/lib/x86_64-linux-gnu/libz.a") || File.Exists("/usr/lib/aarch64-linux-gnu/libz.a") || File.Exists("/usr/lib/libz.a");
        if (clang is not null && zlib && OperatingSystem.IsLinux())
        {
            return clang;
        }

        Environment.GetEnvironmentVariable("LRS_REQUIRE_AOT").Should().NotBe(
            "1", "LRS_REQUIRE_AOT=1 demands the Native AOT toolchain (clang: {0}, zlib static library: {1})", clang ?? "not found", zlib);
        log("Native AOT toolchain not found (clang: " + (clang ?? "none") + ", libz.a: " + zlib + "); nothing compiled.");
        return null;
    }

    private static string? FindClang()
    {
        string[] names = ["clang", .. Enumerable.Range(14, 10).Reverse().Select(v => "clang-" + v)];
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return names.FirstOrDefault(n => dirs.Any(d => File.Exists(Path.Combine(d, n))));
    }
}
