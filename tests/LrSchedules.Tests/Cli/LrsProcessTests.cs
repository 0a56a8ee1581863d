using System.Diagnostics;
using FluentAssertions;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>Runs the built <c>lrs.dll</c> as a real process: proves <c>Main</c>'s wiring, the stdout encoding and the exit codes.</summary>
public sealed class LrsProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

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
        closed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
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
        process.WaitForExit(Timeout).Should().BeTrue();

        process.ExitCode.Should().Be(0, await stderr);
        (await stdout).Should().Be(Lrs.Run("eval", "--spec", spec, "--steps", "11").Stdout);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(FindLrsDll());
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
    }

    private static LrsResult RunLrs(params string[] args)
    {
        var (dotnet, dll) = (DotnetHost(), FindLrsDll());
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Keep the child's output free of SDK banners and telemetry notices.
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + dotnet);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("lrs did not exit within " + Timeout);
        }

        return new LrsResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The dotnet host that runs this test (set by the SDK as DOTNET_HOST_PATH), else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return "dotnet";
    }

    /// <summary>
    /// lrs.dll with its runtimeconfig: next to the tests (the SDK copies a referenced executable's files), else in the Cli
    /// project's own output for the same configuration and framework as this test assembly.
    /// </summary>
    private static string FindLrsDll()
    {
        string baseDir = AppContext.BaseDirectory;
        string local = Path.Combine(baseDir, "lrs.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(baseDir, "lrs.runtimeconfig.json")))
        {
            return local;
        }

        // .../tests/LrSchedules.Tests/bin/<Configuration>/<tfm>/
        var tfmDir = new DirectoryInfo(baseDir.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = tfmDir.Name;
        string configuration = tfmDir.Parent?.Name ?? "Debug";
        for (var dir = tfmDir; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "LrSchedules.Cli", "bin", configuration, tfm, "lrs.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("lrs.dll not found next to the tests (" + baseDir + ") nor under src/LrSchedules.Cli/bin/" + configuration + "/" + tfm + ".");
    }
}
