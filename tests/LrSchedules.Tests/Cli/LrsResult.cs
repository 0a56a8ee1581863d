namespace LrSchedules.Tests.Cli;

/// <summary>What one run of <c>lrs</c> produced.</summary>
internal sealed record LrsResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The stdout lines (each ended by "\n"), without the terminators.</summary>
    public string[] Lines => Stdout.Length == 0 ? [] : Stdout.TrimEnd('\n').Split('\n');

    /// <summary>The stderr lines (each ended by "\n"), without the terminators.</summary>
    public string[] ErrorLines => Stderr.Length == 0 ? [] : Stderr.TrimEnd('\n').Split('\n');
}
