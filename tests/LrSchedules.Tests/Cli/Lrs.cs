using System.Text;
using LrSchedules.Cli;

namespace LrSchedules.Tests.Cli;

/// <summary>Runs <see cref="LrsApp.Run"/> in-process with string writers.</summary>
internal static class Lrs
{
    public static LrsResult Run(params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        var stderr = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        int exitCode = LrsApp.Run(args, stdout, stderr);
        return new LrsResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
