using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using LrSchedules.Cli;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// The built <c>lrs</c> as a real process under hostile conditions: stdio closed, read-only or full, endless inputs,
/// control characters in what it echoes. Each run must end with the documented exit code and at most one error line,
/// escaped, never with SIGABRT (exit code 134), a hang or a stack trace. Unix only (they need <c>/bin/sh</c>, devices and FIFOs).
/// </summary>
public sealed class HostileStdioProcessTests : IDisposable
{
    private const string Constant = """{"type":"constant","value":1}""";
    private const string BadSpec = """{"type":"cosine","initial_value":0.1,"decay_steps":0}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-stdio-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("2>&-")]
    [InlineData("2</dev/null")]
    [InlineData(">&- 2>&-")]
    public void Bad_input_exits_2_when_stderr_is_closed_or_read_only(string redirections)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No /bin/sh.
        }

        // It used to abort with SIGABRT (134): the error line's write failed with EBADF, an UnauthorizedAccessException
        // that escaped Main. With 2>&- the runtime's own pipe takes descriptor 2 before Main runs.
        var result = LrsProcess.Run(redirections, "eval", "--spec", BadSpec, "--steps", "3");

        result.ExitCode.Should().Be(LrsApp.UsageError, "stderr: {0}", result.Stderr);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().BeEmpty("stderr was not open for lrs; the pipe the test reads is the shell's");
    }

    [Fact]
    public void Success_with_stderr_closed_exits_0_with_the_output()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var result = LrsProcess.Run("2>&-", "eval", "--spec", Constant, "--steps", "3");

        result.ExitCode.Should().Be(LrsApp.Success);
        result.Stdout.Should().Be("1\n1\n1\n");
    }

    [Fact]
    public void Stdout_to_a_full_disk_exits_1_with_one_clear_line()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // No such device.
        }

        var result = LrsProcess.Run(">/dev/full", "eval", "--spec", Constant, "--steps", "100000");

        result.ExitCode.Should().Be(LrsApp.InternalError);
        result.ErrorLines.Should().Equal("lrs: error: cannot write output: No space left on device");
    }

    [Theory]
    [InlineData(">&-", "lrs: error: cannot write output: standard output is closed.")]
    [InlineData("1</dev/null", "lrs: error: cannot write output: standard output is not open for writing (access denied).")]
    public void Stdout_closed_or_read_only_exits_1_with_one_clear_line(string redirections, string expected)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Read-only used to say "internal error: UnauthorizedAccessException: Access to the path is denied."
        var result = LrsProcess.Run(redirections, "eval", "--spec", Constant, "--steps", "3");

        result.ExitCode.Should().Be(LrsApp.InternalError);
        result.ErrorLines.Should().Equal(expected);
    }

    [Theory]
    [InlineData("<&-", "lrs: error: --spec: cannot read standard input: standard input is closed.")]
    [InlineData("0>/dev/null", "lrs: error: --spec: cannot read standard input: it is not open for reading (access denied).")]
    public void Spec_from_a_closed_or_write_only_stdin_exits_2(string redirections, string expected)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // With <&- it used to wait for ever: descriptor 0 was the read end of the runtime's own pipe.
        var result = LrsProcess.Run(redirections, "eval", "--spec", "@-", "--steps", "3");

        result.ExitCode.Should().Be(LrsApp.UsageError);
        result.ErrorLines.Should().Equal(expected);
    }

    [Fact]
    public void Stdout_pipe_closed_after_one_line_ends_the_run()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        using var process = LrsProcess.Start("| head -n 1", "eval", "--spec", Constant, "--steps", "1000000000");
        process.StandardInput.Close();
        var result = LrsProcess.Finish(process);

        // A billion lines take minutes; lrs ends as soon as head exits (about 0.2 s with the runtime's start).
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
        result.Stdout.Should().Be("1\n");
        result.ErrorLines.Should().Equal("lrs: error: cannot write output: Broken pipe");
    }

    [Theory]
    [InlineData("--spec", "lrs: error: --spec: file '/dev/zero' is too large: at most 3145731 bytes are accepted; it has more.")]
    [InlineData("--metrics", "lrs: error: --metrics[0]: must be a finite number of at most 1024 characters; got \"")]
    public void Endless_device_is_rejected_at_once(string option, string expectedStart)
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        string[] args = option == "--spec"
            ? ["eval", "--spec", "@/dev/zero", "--steps", "1"]
            : ["eval", "--spec", """{"type":"plateau","initial_value":0.1}""", "--steps", "1", "--metrics", "@/dev/zero"];
        var result = LrsProcess.Run(null, args);

        BadInputTests.AssertUsageError(result, option + " @/dev/zero", []);
        result.ErrorLines[0].Should().StartWith(expectedStart);
        result.Stderr.TrimEnd('\n').Should().NotContain("\0", "the NUL bytes it echoes are escaped as \\u0000");
        if (option == "--metrics")
        {
            result.ErrorLines[0].Should().Contain("\\u0000\\u0000");
        }
    }

    [Fact]
    public async Task Endless_fifo_is_rejected_at_the_cap()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string fifo = Path.Combine(_dir, "metrics.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.Should().Be(0);
        }

        using var process = LrsProcess.Start(null, "eval", "--spec", "@" + fifo, "--steps", "1");
        process.StandardInput.Close();
        var writer = WriteUntilClosed(() => new FileStream(fifo, FileMode.Open, FileAccess.Write), 4 * EvalCommand.MaxSpecFileBytes);
        var result = LrsProcess.Finish(process);
        if (!writer.IsCompleted)
        {
            // lrs never opened the FIFO: open its reading end, so the writer's open returns and the test fails below.
            using var unblock = new FileStream(fifo, FileMode.Open, FileAccess.Read);
        }

        long written = await writer.WaitAsync(LrsProcess.Timeout);

        BadInputTests.AssertUsageError(result, "fifo", ["--spec", "file '" + fifo + "' is too large", "at most 3145731 bytes"]);
        written.Should().BeLessThan(4 * EvalCommand.MaxSpecFileBytes, "lrs stops reading one byte past the cap");
    }

    [Fact]
    public async Task Huge_stdin_is_rejected_at_the_cap()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var process = LrsProcess.Start(null, "eval", "--spec", "@-", "--steps", "1");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long limit = 10 * EvalCommand.MaxSpecFileBytes;
        long written = await WriteUntilClosed(() => process.StandardInput.BaseStream, limit);
        process.WaitForExit(LrsProcess.Timeout).Should().BeTrue();
        var result = new LrsResult(process.ExitCode, await stdout, await stderr);

        BadInputTests.AssertUsageError(result, "huge stdin", ["--spec", "standard input is too large", "at most 3145731 bytes"]);
        written.Should().BeLessThan(limit, "lrs stops reading one byte past the cap and exits, closing the pipe");
    }

    [Theory]
    [InlineData("eval", "--spec", "{\"type\":\"\\u001b[2J\\u001b]0;pwned\\u0007\"}", "--steps", "1")]
    [InlineData("eval", "--spec", Constant, "--steps", "1", "--format", "a\u2028b\u2029c\u0085d\u001b[31m")]
    [InlineData("list", "\u001b]0;title\u0007\u009b2J")]
    public void Error_line_escapes_control_characters(params string[] args)
    {
        var result = LrsProcess.Run(null, args);

        BadInputTests.AssertUsageError(result, string.Join(' ', args), []);
        string line = result.ErrorLines[0];
        line.Should().NotContainAny("\u001b", "\u0007", "\u2028", "\u2029", "\u0085", "\u009b");
        line.Should().Contain("\\u001b");
        line.Where(c => char.IsControl(c) || c is '\u2028' or '\u2029').Should().BeEmpty();
    }

    /// <summary>Writes <paramref name="block"/> (default: spaces) until the reader closes its end or <paramref name="limit"/> bytes are written.</summary>
    private static Task<long> WriteUntilClosed(Func<Stream> open, long limit, byte[]? block = null) => Task.Run(() =>
    {
        var data = block ?? "        "u8.ToArray();
        var buffer = new byte[1 << 16];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = data[i % data.Length];
        }

        long written = 0;
        try
        {
            using var stream = open();
            while (written < limit)
            {
                stream.Write(buffer);
                written += buffer.Length;
            }
        }
        catch (IOException)
        {
            // The reader closed its end: expected.
        }

        return written;
    });
}
