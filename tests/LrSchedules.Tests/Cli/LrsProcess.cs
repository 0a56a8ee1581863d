using System.Diagnostics;
using LrSchedules.Tests.TestSupport;

namespace LrSchedules.Tests.Cli;

/// <summary>Starts the built <c>lrs.dll</c> as a child process (<c>dotnet exec lrs.dll ...</c>), directly or through <c>/bin/sh</c>.</summary>
internal static class LrsProcess
{
    /// <summary>How long a child may run before it is killed and the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Starts <c>lrs</c> with stdin, stdout and stderr redirected to pipes of this process. With
    /// <paramref name="redirections"/>, <c>lrs</c> is started through <c>/bin/sh -c 'exec "$0" "$@" REDIRECTIONS'</c>, so the
    /// shell applies them to <c>lrs</c> itself (<c>2&gt;&amp;-</c> closes its stderr, <c>&gt;/dev/full</c> fills its stdout).
    /// </summary>
    public static Process Start(string? redirections, params string[] args)
    {
        var info = new ProcessStartInfo(redirections is null ? ChildProcess.DotnetHost() : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (redirections is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec \"$0\" \"$@\" " + redirections);
            info.ArgumentList.Add(ChildProcess.DotnetHost());
        }

        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(FindLrsDll());
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Keep the child's output free of SDK banners and telemetry notices.
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
    }

    /// <summary>Runs <c>lrs</c> to the end with an empty stdin (see <see cref="Start"/>) and returns what it printed.</summary>
    public static LrsResult Run(string? redirections, params string[] args)
    {
        using var process = Start(redirections, args);
        process.StandardInput.Close();
        return Finish(process);
    }

    /// <summary>Waits for <paramref name="process"/> (killing it after <see cref="Timeout"/>) and returns what it printed.</summary>
    public static LrsResult Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("lrs did not exit within " + Timeout);
        }

        return new LrsResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// lrs.dll with its runtimeconfig: next to the tests (the SDK copies a referenced executable's files), else in the Cli
    /// project's own output for the same configuration and framework as this test assembly.
    /// </summary>
    public static string FindLrsDll()
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
