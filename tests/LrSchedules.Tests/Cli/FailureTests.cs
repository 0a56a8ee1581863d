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
    public void Output_not_open_for_writing_exits_1_with_a_clear_line()
    {
        var stderr = new StringWriter();

        // EBADF (a read-only or closed descriptor) surfaces in .NET as UnauthorizedAccessException: "Access to the path
        // is denied.", naming no path. It used to be reported as "internal error: UnauthorizedAccessException: ...".
        int code = LrsApp.Run(["eval", "--spec", """{"type":"constant","value":1}""", "--steps", "10"], new ThrowingWriter(() => new UnauthorizedAccessException("Access to the path is denied.")), stderr);

        code.Should().Be(1);
        AssertOneLine(stderr.ToString(), "lrs: error: cannot write output: standard output is not open for writing (access denied).");
    }

    [Fact]
    public void Help_to_a_failing_output_exits_1()
    {
        var stderr = new StringWriter();

        int code = LrsApp.Run(["--help"], new ThrowingWriter(() => new IOException("No space left on device")), stderr);

        code.Should().Be(1);
        AssertOneLine(stderr.ToString(), "lrs: error: cannot write output: No space left on device");
    }

    [Fact]
    public void Full_disk_on_stdout_exits_1_with_one_line()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // No such device.
        }

        using var full = new StreamWriter(new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0));
        var stderr = new StringWriter();

        int code = LrsApp.Run(["eval", "--spec", """{"type":"constant","value":1}""", "--steps", "100000"], full, stderr);

        code.Should().Be(1);
        // A FileStream opened by path names it: "No space left on device : '/dev/full'".
        stderr.ToString().Should().StartWith("lrs: error: cannot write output: No space left on device").And.EndWith("\n");
        stderr.ToString().Count(c => c == '\n').Should().Be(1);
    }

    [Fact]
    public void Plot_to_a_full_disk_exits_1_with_one_line()
    {
        if (!File.Exists("/dev/full"))
        {
            return;
        }

        // The file can be created (a link to /dev/full), but writing the image fails as on a full disk: a failure to
        // write the output (1), not bad input (2) as a file that cannot be created is.
        string link = Path.Combine(_dir, "full.png");
        File.CreateSymbolicLink(link, "/dev/full");
        var stderr = new StringWriter();

        int code = LrsApp.Run(["plot", "--spec", """{"type":"constant","value":1}""", "--steps", "10", "--out", link], TextWriter.Null, stderr);

        code.Should().Be(1);
        stderr.ToString().Should().StartWith("lrs: error: cannot write output: --out '" + link + "': No space left on device").And.EndWith("\n");
        stderr.ToString().Count(c => c == '\n').Should().Be(1);
    }

    [Fact]
    public void Failing_stderr_still_gives_the_exit_code()
    {
        int usage = LrsApp.Run(["eval", "--spec", "{", "--steps", "1"], TextWriter.Null, new ThrowingWriter(() => new UnauthorizedAccessException("Access to the path is denied.")));
        int output = LrsApp.Run(["list"], new ThrowingWriter(() => new IOException("Broken pipe")), new ThrowingWriter(() => new IOException("Bad file descriptor")));

        usage.Should().Be(2);
        output.Should().Be(1);
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
