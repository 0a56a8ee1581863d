using FluentAssertions;
using LrSchedules.Cli;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>Failures that are not the user's input: exit code 1, still exactly one error line and no stack trace.</summary>
public sealed class FailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Output_write_failure_exits_1_with_one_line()
    {
        var stderr = new StringWriter();

        int code = LrsApp.Run(["eval", "--spec", """{"type":"constant","value":1}""", "--steps", "10"], new ThrowingWriter(() => new IOException("Broken pipe")), stderr);

        code.Should().Be(1);
        AssertOneLine(stderr.ToString(), "lrs: error: cannot write output: Broken pipe");
    }

    [Fact]
    public void Unexpected_exception_exits_1_with_one_line()
    {
        var stderr = new StringWriter();

        int code = LrsApp.Run(["list"], new ThrowingWriter(() => new InvalidOperationException("boom\n  second line")), stderr);

        code.Should().Be(1);
        AssertOneLine(stderr.ToString(), "lrs: error: internal error: InvalidOperationException: boom\\n  second line");
    }

    [Fact]
    public void Too_large_spec_file_is_rejected_before_reading()
    {
        string path = Path.Combine(_dir, "huge.json");
        File.WriteAllText(path, new string(' ', (int)EvalCommand.MaxSpecFileBytes + 1));

        BadInputTests.AssertUsageError(Lrs.Run("eval", "--spec", "@" + path, "--steps", "1"), "huge spec file", ["--spec", "too large", "bytes"]);
    }

    private static void AssertOneLine(string stderr, string expected)
    {
        stderr.Should().Be(expected + "\n");
        stderr.Should().NotContain("   at ");
    }
}
