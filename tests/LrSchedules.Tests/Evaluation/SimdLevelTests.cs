using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using LrSchedules.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LrSchedules.Tests.Evaluation;

/// <summary>
/// The span checks (<see cref="SpanLevelChecks"/>) at every instruction-set level the kernels can take, each in a child
/// process (<c>dotnet exec LrSchedules.Tests.dll --span-checks</c>, see <see cref="SpanChecksProgram"/>) started with the
/// runtime's switches, as ImageSharp's test runner does: AVX-512 off (AVX2, 4 doubles per vector), AVX2 off (SSE, 2
/// doubles, no FMA instructions), no hardware intrinsics at all (the software <c>Vector&lt;T&gt;</c>), and, on an AVX-512
/// machine, a 512-bit <c>Vector&lt;T&gt;</c> (8 doubles). The default level runs in-process. Each child reports the level
/// it really runs at, and the test fails if a switch did not take effect (.NET 10 ignores <c>DOTNET_EnableAVX512F</c>;
/// its switch is <c>DOTNET_EnableAVX512</c>, so both are set), so no level can silently fall back to the default one.
/// </summary>
public sealed class SimdLevelTests(ITestOutputHelper output)
{
    /// <summary>The levels of this machine: name, the switches, and the <c>key=value</c> the child must report.</summary>
    private static readonly (string Name, Dictionary<string, string> Switches, string[] Expect)[] AllLevels =
    [
        ("avx512-off", new() { ["DOTNET_EnableAVX512F"] = "0", ["DOTNET_EnableAVX512"] = "0" }, ["avx512f=False", "accelerated=True"]),
        ("avx2-off", new() { ["DOTNET_EnableAVX2"] = "0" }, ["avx512f=False", "avx2=False", "accelerated=True"]),
        ("no-intrinsics", new() { ["DOTNET_EnableHWIntrinsic"] = "0" }, ["avx512f=False", "avx2=False", "sse41=False", "accelerated=False"]),
        ("vector512", new() { ["DOTNET_MaxVectorTBitWidth"] = "512" }, ["avx512f=True", "vector-doubles=8"]),
    ];

    /// <summary>
    /// The levels below the one this process runs at: the AVX levels only on x64 (the switches mean nothing elsewhere), the
    /// 512-bit vector only where AVX-512 is available.
    /// </summary>
    public static TheoryData<string> Levels => new(AllLevels
        .Where(l => l.Name == "no-intrinsics" || RuntimeInformation.ProcessArchitecture == Architecture.X64)
        .Where(l => l.Name != "vector512" || Avx512F.IsSupported)
        .Select(l => l.Name));

    [Fact]
    public void Span_checks_pass_at_the_default_level_in_process()
    {
        var (checks, failed, failures) = SpanLevelChecks.Run();
        output.WriteLine("level " + SpanLevelChecks.Describe() + ": " + checks + " checks");
        Assert.True(failed == 0, failed + " checks failed, the first:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        Assert.True(checks > 500_000, "only " + checks + " checks ran");
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Span_checks_pass_in_a_child_process_at_every_SIMD_level(string level)
    {
        var (_, switches, expect) = AllLevels.Single(l => l.Name == level);
        string assembly = typeof(SpanLevelChecks).Assembly.Location;
        var watch = Stopwatch.StartNew();
        var result = ChildProcess.Dotnet(["exec", assembly, SpanChecksProgram.SpanChecksArgument], TimeSpan.FromMinutes(2), environment: switches);
        output.WriteLine(level + " (" + string.Join(' ', switches.Select(s => s.Key + "=" + s.Value)) + "), " + watch.ElapsedMilliseconds + " ms:");
        output.WriteLine(result.Output);

        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string reported = lines.FirstOrDefault(l => l.StartsWith("level ", StringComparison.Ordinal))
            ?? throw new XunitException("the child did not report its level: " + result.Output);
        string[] facts = reported["level ".Length..].Split(' ');
        foreach (string fact in expect)
        {
            if (!facts.Contains(fact))
            {
                throw new XunitException("the switches of level " + level + " did not take effect: expected " + fact + ", the child reports " + reported);
            }
        }

        Assert.True(result.ExitCode == 0, "span checks failed at level " + level + ":" + Environment.NewLine + result.Output);
        string summary = lines.Last(l => l.StartsWith("checks ", StringComparison.Ordinal));
        int checks = int.Parse(summary.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.True(checks > 500_000, "only " + checks + " checks ran at level " + level);
    }
}
