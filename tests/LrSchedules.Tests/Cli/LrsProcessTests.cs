using System.Diagnostics;
using FluentAssertions;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>Runs the built <c>lrs.dll</c> as a real process: proves <c>Main</c>'s wiring, the stdout encoding and the exit codes.</summary>
public sealed class LrsProcessTests
{
    [Fact]
    public void Executable_prints_the_values_and_exits_0()
    {
        var result = RunLrs("eval", "--spec", """{"type":"cosine","initial_value":0.1,"decay_steps":10}""", "--steps", "11", "--start", "0");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().BeEmpty();
        result.Stdout.Should().Be(Lrs.Run("eval", "--spec", """{"type":"cosine","initial_value":0.1,"decay_steps":10}""", "--steps", "11").Stdout);
        result.Lines.Should().HaveCount(11);
        result.Lines[0].Should().Be("0.1");
        result.Lines[10].Should().Be("0");
    }

    [Fact]
    public void Executable_reports_bad_input_on_one_line_and_exits_2()
    {
        var result = RunLrs("eval", "--spec", """{"type":"cosine","initial_value":0.1,"decay_steps":0}""", "--steps", "11");

        BadInputTests.AssertUsageError(result, "process", ["--spec", "$.decay_steps", "[1, 9223372036854775807]"]);
    }

    [Fact]
    public void Executable_without_a_command_exits_2()
    {
        var result = RunLrs();

        BadInputTests.AssertUsageError(result, "process, no command", ["no command"]);
    }

    [Fact]
    public async Task Closed_pipe_ends_eval_within_seconds_with_exit_1_and_one_line()
    {
        using var process = Start("eval", "--spec", """{"type":"constant","value":1}""", "--steps", "1000000000");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();

        (await process.StandardOutput.ReadLineAsync()).Should().Be("1");
        var closed = Stopwatch.StartNew();
        process.StandardOutput.Close();
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(20));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        exited.Should().BeTrue("lrs must notice that nobody reads its output (it used to print a billion lines into the void)");
        closed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "about 0.05 s is usual: the next write of the 64 KiB buffer fails");
        var result = new LrsResult(process.ExitCode, string.Empty, await stderr);
        result.ExitCode.Should().Be(1);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("lrs: error: cannot write output: ");
    }

    [Fact]
    public async Task Executable_reads_the_spec_from_standard_input()
    {
        const string spec = """{"type":"cosine","initial_value":0.1,"decay_steps":10}""";
        using var process = Start("eval", "--spec", "@-", "--steps", "11");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(spec);
        process.StandardInput.Close();
        process.WaitForExit(LrsProcess.Timeout).Should().BeTrue();

        process.ExitCode.Should().Be(0, await stderr);
        (await stdout).Should().Be(Lrs.Run("eval", "--spec", spec, "--steps", "11").Stdout);
    }

    private static Process Start(params string[] args) => LrsProcess.Start(null, args);

    private static LrsResult RunLrs(params string[] args) => LrsProcess.Run(null, args);
}
