using System.IO.Compression;
using System.Reflection.Metadata;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using LrSchedules.Tests.Golden;
using LrSchedules.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace LrSchedules.Tests.Packaging;

/// <summary>
/// What a user downloads: the packages of one <c>dotnet pack</c> carry their XML docs, README, metadata and SourceLinked
/// symbols; the library installs into a fresh app and the tool into a fresh tool path, and both run.
/// </summary>
public sealed class PackageTests(PackedSolution packed, ITestOutputHelper output) : IClassFixture<PackedSolution>
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly string[] Libraries = ["LrSchedules", "LrSchedules.TorchSharp", "LrSchedules.Analytics"];

    [Fact]
    public void One_pack_gives_every_package_with_its_symbols()
    {
        var files = Directory.GetFiles(packed.PackageDirectory).Select(Path.GetFileName).ToList();

        foreach (string id in PackedSolution.PackageIds)
        {
            files.Should().Contain(Path.GetFileName(packed.Package(id)));
            files.Should().Contain(Path.GetFileName(packed.Package(id, ".snupkg")));
        }

        files.Should().Contain(Path.GetFileName(packed.Package("LrSchedules.Cli")), "the tool's pointer package");
        files.Should().HaveCount((2 * PackedSolution.PackageIds.Count) + 1, "only the shipped projects are packable");
    }

    [Fact]
    public void Tool_packages_are_per_platform_and_small()
    {
        // The pointer package names the platform packages and carries no binaries.
        using (var pointer = ZipFile.OpenRead(packed.Package("LrSchedules.Cli")))
        {
            pointer.Entries.Should().NotContain(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            var settings = XDocument.Load(pointer.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open());
            settings.Descendants("RuntimeIdentifierPackage").Select(e => e.Attribute("RuntimeIdentifier")!.Value)
                .Should().BeEquivalentTo(PackedSolution.ToolRuntimes);
        }

        foreach (string rid in PackedSolution.ToolRuntimes)
        {
            string path = packed.Package("LrSchedules.Cli." + rid);
            new FileInfo(path).Length.Should().BeLessThan(16L << 20, "{0} holds one platform's native libraries only", rid);
            using var zip = ZipFile.OpenRead(path);
            var natives = zip.Entries.Where(e => e.Name.StartsWith("libSkiaSharp.", StringComparison.Ordinal)).ToList();
            natives.Should().ContainSingle("one native SkiaSharp, for {0}", rid).And.OnlyContain(e => e.FullName.StartsWith("tools/net10.0/" + rid + "/", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("LrSchedules")]
    [InlineData("LrSchedules.TorchSharp")]
    [InlineData("LrSchedules.Analytics")]
    [InlineData("LrSchedules.Cli")]
    [InlineData("LrSchedules.Cli.linux-x64")]
    public void Package_metadata_is_complete(string id)
    {
        using var zip = ZipFile.OpenRead(packed.Package(id));
        var nuspec = XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open());
        var ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        string Get(string name) => metadata.Element(ns + name)?.Value ?? "";

        Get("license").Should().Be("MIT");
        metadata.Element(ns + "license")!.Attribute("type")!.Value.Should().Be("expression");
        Get("projectUrl").Should().StartWith("https://github.com/");
        Get("description").Should().NotBeNullOrWhiteSpace();
        Get("releaseNotes").Should().NotBeNullOrWhiteSpace();
        Get("tags").Should().NotBeNullOrWhiteSpace();
        Get("readme").Should().Be("README.md");
        var repository = metadata.Element(ns + "repository")!;
        repository.Attribute("type")!.Value.Should().Be("git");
        repository.Attribute("url")!.Value.Should().StartWith("https://github.com/");
        repository.Attribute("commit")!.Value.Should().MatchRegex("^[0-9a-f]{40}$");

        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        readme.ReadToEnd().Should().StartWith("# ", "the package README is the one written for the package");
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void Library_packages_ship_xml_docs_for_intellisense(string id)
    {
        using var zip = ZipFile.OpenRead(packed.Package(id));
        var dll = zip.Entries.Single(e => e.FullName == "lib/net10.0/" + id + ".dll");
        var xml = zip.Entries.SingleOrDefault(e => e.FullName == "lib/net10.0/" + id + ".xml");

        dll.Should().NotBeNull();
        xml.Should().NotBeNull("IntelliSense reads the XML docs next to the assembly");
        var doc = XDocument.Load(xml!.Open());
        doc.Root!.Element("assembly")!.Element("name")!.Value.Should().Be(id);
        var documented = doc.Descendants("member").Select(m => m.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);

        // Every public type of the packed assembly has its documentation entry (CS1591 fails the build for members).
        using var dllStream = new MemoryStream();
        using (var s = dll.Open())
        {
            s.CopyTo(dllStream);
        }

        dllStream.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(dllStream);
        var metadata = pe.GetMetadataReader();
        var publicTypes = metadata.TypeDefinitions
            .Select(metadata.GetTypeDefinition)
            .Where(t => (t.Attributes & System.Reflection.TypeAttributes.VisibilityMask) == System.Reflection.TypeAttributes.Public)
            .Select(t => "T:" + metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name).Split('`')[0])
            .ToList();
        publicTypes.Should().NotBeEmpty();
        publicTypes.Should().OnlyContain(t => documented.Contains(t) || documented.Any(d => d.StartsWith(t + "`", StringComparison.Ordinal)),
            "every public type of {0} is documented", id);
    }

    [Theory]
    [InlineData("LrSchedules")]
    [InlineData("LrSchedules.TorchSharp")]
    [InlineData("LrSchedules.Analytics")]
    [InlineData("LrSchedules.Cli.linux-x64")]
    public void Symbols_carry_source_link_to_the_repository_at_the_commit(string id)
    {
        using var zip = ZipFile.OpenRead(packed.Package(id, ".snupkg"));
        string assembly = id.StartsWith("LrSchedules.Cli", StringComparison.Ordinal) ? "lrs" : id;
        var pdbEntry = zip.Entries.Single(e => e.Name == assembly + ".pdb");
        using var pdbStream = new MemoryStream();
        using (var s = pdbEntry.Open())
        {
            s.CopyTo(pdbStream);
        }

        pdbStream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var reader = provider.GetMetadataReader();
        string? sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == SourceLinkKind)
            .Select(c => Encoding.UTF8.GetString(reader.GetBlobBytes(c.Value)))
            .SingleOrDefault();

        sourceLink.Should().NotBeNull("the portable PDB embeds a SourceLink document");
        using var json = JsonDocument.Parse(sourceLink!);
        var documents = json.RootElement.GetProperty("documents").EnumerateObject().ToList();
        documents.Should().NotBeEmpty();
        documents.Should().OnlyContain(d => d.Value.GetString()!.StartsWith("https://raw.githubusercontent.com/lrschedules/lrschedules/", StringComparison.Ordinal));
        documents[0].Value.GetString().Should().MatchRegex("/[0-9a-f]{40}/\\*$", "sources are pinned to the commit built");
    }

    [Fact]
    public void Library_package_installs_into_a_fresh_app_that_runs()
    {
        string app = Path.Combine(packed.Work, "fresh-app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "FreshApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestoreAdditionalProjectSources>{packed.PackageDirectory}</RestoreAdditionalProjectSources>
                <RestorePackagesPath>{Path.Combine(packed.Work, "fresh-app-packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LrSchedules" Version="{packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using LrSchedules.Composition;
            using LrSchedules.Schedules;
            using LrSchedules.Specs;

            var schedule = new WarmupSchedule(new CosineSchedule(initialValue: 0.1, decaySteps: 9_000, finalValue: 1e-4), warmupSteps: 1_000);
            var again = ScheduleSpec.Parse(ScheduleSpec.ToJson(schedule));
            Console.WriteLine(schedule.GetLearningRate(500).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine(again.Equals(schedule));
            """);
        // Directory.Build.* of the repository must not leak into the fresh app: it lives in the temp directory.
        var result = ChildProcess.Dotnet(["run", "--project", app, "-nologo"], TimeSpan.FromMinutes(5), app);

        result.ExitCode.Should().Be(0, result.Output);
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("0.05", "True");
        File.Exists(Path.Combine(packed.Work, "fresh-app-packages", "lrschedules", packed.Version, "lib", "net10.0", "LrSchedules.xml"))
            .Should().BeTrue("the restored package brings its XML docs");
    }

    [Fact]
    public void Tool_package_installs_and_runs_as_lrs()
    {
        string lrs = Install(packed.PackageDirectory, "tools");
        var run = ChildProcess.Run(lrs, ["eval", "--spec", """{"type":"linear","initial_value":1,"final_value":0,"transition_steps":4}""", "--steps", "5"], TimeSpan.FromMinutes(1));

        run.ExitCode.Should().Be(0, run.Output);
        run.Stdout.Should().Be("1\n0.75\n0.5\n0.25\n0\n");
    }

    [Fact]
    public void Native_aot_tool_package_installs_as_an_executable_that_prints_what_the_portable_tool_prints()
    {
        string? clang = AotToolchain.Find(output.WriteLine);
        if (clang is null)
        {
            return;
        }

        // The release workflow's second pack: this platform's package, Native AOT, next to the solution pack's pointer.
        string rid = RuntimeInformation.RuntimeIdentifier;
        string feed = Path.Combine(packed.Work, "aot-feed");
        var pack = ChildProcess.Dotnet(
            ["pack", Path.Combine(GoldenData.RepoRoot, "src", "LrSchedules.Cli", "LrSchedules.Cli.csproj"), "-c", "Release", "-r", rid,
             "-p:LrsToolAot=true", "-p:CppCompilerAndLinker=" + clang, "-o", feed, "--artifacts-path", Path.Combine(packed.Work, "aot-artifacts"),
             "-nologo", "-clp:NoSummary"],
            TimeSpan.FromMinutes(10),
            GoldenData.RepoRoot);
        pack.ExitCode.Should().Be(0, pack.Output);
        pack.Output.Should().NotMatchRegex(@"\bIL[23]\d{3}\b", "no trim or AOT analysis warnings");
        File.Copy(packed.Package("LrSchedules.Cli"), Path.Combine(feed, Path.GetFileName(packed.Package("LrSchedules.Cli"))));
        using (var package = ZipFile.OpenRead(Path.Combine(feed, "LrSchedules.Cli." + rid + "." + packed.Version + ".nupkg")))
        {
            package.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.Length > 0).Select(e => e.Name)
                .Should().BeEquivalentTo(["lrs", "libSkiaSharp.so", "libHarfBuzzSharp.so", "DotnetToolSettings.xml"], "the native executable and its two native libraries, nothing managed");
        }

        string aot = Install(feed, "tools-aot");
        string portable = Install(packed.PackageDirectory, "tools-portable");
        using (var executable = File.OpenRead(Path.GetFullPath(new FileInfo(aot).ResolveLinkTarget(true)?.FullName ?? aot)))
        {
            var magic = new byte[4];
            executable.ReadExactly(magic);
            magic.Should().Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], "lrs is a native executable, started without the dotnet host");
        }

        string svgAot = Path.Combine(packed.Work, "aot.svg"), svgPortable = Path.Combine(packed.Work, "portable.svg");
        string pngAot = Path.Combine(packed.Work, "aot.png"), pngPortable = Path.Combine(packed.Work, "portable.png");
        const string Warmup = """{"type":"warmup","warmup_steps":100,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":900}}""";
        const string Torch = """{"type":"torch.OneCycleLR","lr":[0.1,0.2],"momentum":0.9,"args":{"max_lr":1,"total_steps":2000000000}}""";
        string[][] commands =
        [
            ["eval", "--spec", Warmup, "--steps", "20"],
            ["eval", "--spec", Torch, "--start", "1000000000", "--steps", "3", "--format", "csv", "--momentum"],
            ["list"],
            ["list", "torch.OneCycleLR"],
            ["eval", "--spec", """{"type":"cosine","initial_value":-1,"decay_steps":10}""", "--steps", "2"],
            ["plot", "--spec", Warmup, "--spec", Torch, "--steps", "1000", "--log-y", "--out", "{svg}"],
            ["plot", "--spec", Warmup, "--steps", "1000", "--out", "{png}"],
        ];
        foreach (string[] command in commands)
        {
            var fromAot = ChildProcess.Run(aot, command.Select(a => a.Replace("{svg}", svgAot).Replace("{png}", pngAot)), TimeSpan.FromMinutes(1));
            var fromPortable = ChildProcess.Run(portable, command.Select(a => a.Replace("{svg}", svgPortable).Replace("{png}", pngPortable)), TimeSpan.FromMinutes(1));
            fromAot.Should().Be(fromPortable, "lrs {0} prints the same from both packages", string.Join(' ', command));
        }

        File.ReadAllBytes(svgAot).Should().Equal(File.ReadAllBytes(svgPortable), "the same SVG");
        File.ReadAllBytes(pngAot).Should().Equal(File.ReadAllBytes(pngPortable), "the same PNG");
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void Libraries_declare_trimming_and_aot_compatibility(string id)
    {
        var result = ChildProcess.Dotnet(
            ["msbuild", Path.Combine(GoldenData.RepoRoot, "src", id, id + ".csproj"), "-getProperty:IsAotCompatible", "-getProperty:IsTrimmable", "-getProperty:EnablePackageValidation"],
            TimeSpan.FromMinutes(2),
            GoldenData.RepoRoot);

        result.ExitCode.Should().Be(0, result.Output);
        using var json = JsonDocument.Parse(result.Stdout);
        var properties = json.RootElement.GetProperty("Properties");
        properties.GetProperty("IsAotCompatible").GetString().Should().Be("true");
        properties.GetProperty("IsTrimmable").GetString().Should().Be("true");
        properties.GetProperty("EnablePackageValidation").GetString().Should().Be("true");
    }

    [Theory]
    [InlineData("LrSchedules")]
    [InlineData("LrSchedules.TorchSharp")]
    [InlineData("LrSchedules.Analytics")]
    [InlineData("LrSchedules.Cli")]
    public void Public_api_is_tracked(string id)
    {
        string dir = Path.Combine(GoldenData.RepoRoot, "src", id);
        File.Exists(Path.Combine(dir, "PublicAPI.Shipped.txt")).Should().BeTrue();
        string unshipped = File.ReadAllText(Path.Combine(dir, "PublicAPI.Unshipped.txt"));
        unshipped.Should().StartWith("#nullable enable");
        if (id == "LrSchedules")
        {
            unshipped.Should().Contain("LrSchedules.ILearningRateSchedule.GetLearningRate(long step) -> double");
        }
    }

    public static TheoryData<string> LibraryIds => [.. Libraries];

    /// <summary>
    /// Installs the tool from <paramref name="source"/> into a new tool path, through a package cache of its own (so a
    /// package of the same id and version from another install or another run is never taken instead); returns the path
    /// of its <c>lrs</c>.
    /// </summary>
    private string Install(string source, string name)
    {
        string toolPath = Path.Combine(packed.Work, name);
        var install = ChildProcess.Dotnet(
            ["tool", "install", "LrSchedules.Cli", "--version", packed.Version, "--tool-path", toolPath, "--add-source", source],
            TimeSpan.FromMinutes(5),
            packed.Work,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(packed.Work, name + "-packages") });
        install.ExitCode.Should().Be(0, install.Output);
        return Path.Combine(toolPath, OperatingSystem.IsWindows() ? "lrs.exe" : "lrs");
    }
}
