using System.Diagnostics;
using System.Globalization;
using LrSchedules.Tests.Evaluation;

namespace LrSchedules.Tests;

/// <summary>
/// The test assembly's entry point (it replaces the empty one the test SDK would generate). With <c>--span-checks</c> it
/// runs <see cref="SpanLevelChecks"/> and exits with 0 when every check passes, 1 otherwise: <see cref="SimdLevelTests"/>
/// starts it as <c>dotnet exec LrSchedules.Tests.dll --span-checks</c> once per instruction-set level, with the runtime's
/// <c>DOTNET_Enable...</c> switches set. Without arguments it does nothing (the test host never calls it).
/// </summary>
internal static class SpanChecksProgram
{
    /// <summary>The argument that runs the span checks.</summary>
    public const string SpanChecksArgument = "--span-checks";

    public static int Main(string[] args)
    {
        if (args is not [SpanChecksArgument])
        {
            return 0;
        }

        // First line: the level this process really runs at (the parent asserts the switches took effect).
        Console.WriteLine("level " + SpanLevelChecks.Describe());
        var watch = Stopwatch.StartNew();
        var (checks, failed, failures) = SpanLevelChecks.Run();
        foreach (string failure in failures)
        {
            Console.WriteLine("FAIL " + failure);
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "checks {0} failed {1} ms {2}", checks, failed, watch.ElapsedMilliseconds));
        return failed == 0 ? 0 : 1;
    }
}
