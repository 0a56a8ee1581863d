using System.Diagnostics;

namespace LrSchedules.Tests.TestSupport;

/// <summary>The result of a child process: its exit code and everything it wrote.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
public sealed record ChildProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => Stdout + Stderr;
}

/// <summary>Runs child processes (the dotnet host, published apps) with a timeout, capturing their output.</summary>
public static class ChildProcess
{
    /// <summary>The dotnet host that runs this test (set by the SDK as DOTNET_HOST_PATH), else <c>dotnet</c> on the PATH.</summary>
    public static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? self
            : "dotnet";
    }

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>; kills it after <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as is.</param>
    /// <param name="timeout">How long to wait before killing the process tree and throwing.</param>
    /// <param name="workingDirectory">The working directory; null for the current one.</param>
    /// <param name="environment">Variables to set for the child (beside the inherited ones); null for none.</param>
    /// <returns>The exit code and the output.</returns>
    public static ChildProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " " + string.Join(' ', arguments) + " did not exit within " + timeout);
        }

        return new ChildProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs the dotnet host (<see cref="DotnetHost"/>) with <paramref name="arguments"/>.</summary>
    /// <param name="arguments">The arguments, e.g. <c>publish path -c Release</c>.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="workingDirectory">The working directory; null for the current one.</param>
    /// <param name="environment">Variables to set for the child; null for none.</param>
    /// <returns>The exit code and the output.</returns>
    public static ChildProcessResult Dotnet(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
        => Run(DotnetHost(), arguments, timeout, workingDirectory, environment);
}
