using FluentAssertions;
using LrSchedules.Tests.Golden;
using LrSchedules.Tests.TestSupport;

namespace LrSchedules.Tests.Packaging;

/// <summary>
/// One <c>dotnet pack LrSchedules.sln -c Release</c> into a temporary directory (with its own artifacts path, so the
/// outputs the tests run from are never touched), shared by the tests of <see cref="PackageTests"/>.
/// </summary>
public sealed class PackedSolution : IDisposable
{
    /// <summary>The platforms the <c>lrs</c> tool is packed for (the Cli project's <c>ToolPackageRuntimeIdentifiers</c>).</summary>
    public static readonly IReadOnlyList<string> ToolRuntimes = ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64", "win-x64"];

    /// <summary>The packages with assemblies (each with a <c>.snupkg</c>) every <c>dotnet pack</c> of the solution must produce.</summary>
    public static readonly IReadOnlyList<string> PackageIds = ["LrSchedules", "LrSchedules.TorchSharp", "LrSchedules.Analytics", .. ToolRuntimes.Select(r => "LrSchedules.Cli." + r)];

    /// <summary>Packs the solution.</summary>
    public PackedSolution()
    {
        Work = Path.Combine(Path.GetTempPath(), "lrs-pack-" + Guid.NewGuid().ToString("N"));
        PackageDirectory = Path.Combine(Work, "packages");
        PackResult = ChildProcess.Dotnet(
            ["pack", Path.Combine(GoldenData.RepoRoot, "LrSchedules.sln"), "-c", "Release", "-o", PackageDirectory,
             "--artifacts-path", Path.Combine(Work, "artifacts"), "-nologo", "-clp:NoSummary"],
            TimeSpan.FromMinutes(10),
            GoldenData.RepoRoot);
        PackResult.ExitCode.Should().Be(0, "dotnet pack of the solution must succeed:\n{0}", PackResult.Output);
    }

    /// <summary>The temporary root of everything this fixture writes.</summary>
    public string Work { get; }

    /// <summary>Where the packages were written.</summary>
    public string PackageDirectory { get; }

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public ChildProcessResult PackResult { get; }

    /// <summary>The version every package carries (from Directory.Build.props).</summary>
    public string Version => Directory.GetFiles(PackageDirectory, "LrSchedules.*.nupkg")
        .Select(Path.GetFileNameWithoutExtension)
        .Select(n => n!["LrSchedules.".Length..])
        .Single(v => char.IsAsciiDigit(v[0]));

    /// <summary>The path of a package file, e.g. <c>Nupkg("LrSchedules", ".snupkg")</c>.</summary>
    public string Package(string id, string extension = ".nupkg") => Path.Combine(PackageDirectory, id + "." + Version + extension);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // Leave it for the system's temp cleaner.
        }
    }
}
