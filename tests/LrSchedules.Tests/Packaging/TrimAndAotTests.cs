using System.Runtime.InteropServices;
using FluentAssertions;
using LrSchedules.Tests.Golden;
using LrSchedules.Tests.TestSupport;
using LrSchedules.TrimSmoke;
using Xunit;
using Xunit.Abstractions;

namespace LrSchedules.Tests.Packaging;

/// <summary>
/// The library works in a trimmed and in a Native AOT app: <c>tests/LrSchedules.TrimSmoke</c> (specs, spans, a
/// <c>SequentialLR</c> saved and reloaded) is published and run, and its output must equal
/// <see cref="SmokeScenario.Run"/> run here, line for line. The publish treats every trim and AOT warning as an error.
/// </summary>
/// <remarks>
/// Native AOT needs a C toolchain (clang and zlib's development files); where it is missing the AOT test has nothing to
/// publish with and says so in its output, unless <c>LRS_REQUIRE_AOT=1</c> (set by <c>.ci/run</c>, which installs the
/// toolchain), which makes a missing toolchain a failure.
/// </remarks>
public sealed class TrimAndAotTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public void Trimmed_app_parses_evaluates_and_restores_scheduler_state()
    {
        string app = Publish("trimmed", ["--self-contained", "-p:PublishTrimmed=true"]);

        RunAndCompare(app);
    }

    [Fact]
    public void Native_aot_app_parses_evaluates_and_restores_scheduler_state()
    {
        string? clang = AotToolchain.Find(output.WriteLine);
        if (clang is null)
        {
            return;
        }

        string app = Publish("aot", ["-p:PublishAot=true", "-p:CppCompilerAndLinker=" + clang]);

        RunAndCompare(app);
    }

    private string Publish(string flavour, IEnumerable<string> extra)
    {
        string root = GoldenData.RepoRoot;
        string work = Path.Combine(Path.GetTempPath(), "lrs-" + flavour + "-" + Guid.NewGuid().ToString("N"));
        string outDir = Path.Combine(work, "out");
        var args = new List<string>
        {
            "publish", Path.Combine(root, "tests", "LrSchedules.TrimSmoke", "LrSchedules.TrimSmoke.csproj"),
            "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-o", outDir,
            // Own bin/obj, so this publish never touches the outputs the tests run from.
            "--artifacts-path", Path.Combine(work, "artifacts"),
            "-nologo", "-clp:NoSummary",
        };
        args.AddRange(extra);

        var result = ChildProcess.Dotnet(args, PublishTimeout, root);
        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, "dotnet publish ({0}) must succeed with zero trim/AOT warnings:\n{1}", flavour, result.Output);
        result.Output.Should().NotMatchRegex(@"\bIL[23]\d{3}\b", "no trim or AOT analysis warnings");

        string app = Path.Combine(outDir, "LrSchedules.TrimSmoke" + (OperatingSystem.IsWindows() ? ".exe" : ""));
        File.Exists(app).Should().BeTrue("publish writes {0}", app);
        return app;
    }

    private static void RunAndCompare(string app)
    {
        var result = ChildProcess.Run(app, [], TimeSpan.FromMinutes(1));

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().BeEmpty();
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Equal(SmokeScenario.Run(), "the published app computes exactly what the library computes here");
        lines.Should().Contain(l => l.StartsWith("state {\"type\":\"SequentialLR\"", StringComparison.Ordinal));
        lines.Where(l => l.StartsWith("sequential[", StringComparison.Ordinal)).Should().HaveCount(8)
            .And.OnlyContain(l => l.EndsWith("same-as-uninterrupted True", StringComparison.Ordinal));
    }
}
