using System.Text.Json;

namespace LrSchedules.Tests.Golden;

/// <summary>One golden case: a peer's schedule and the learning rates it produced (see Golden/README.md).</summary>
/// <param name="Name">The case name, unique within its file.</param>
/// <param name="SpecJson">The case's compat-namespace spec, as raw JSON text.</param>
/// <param name="Steps">The number of steps recorded.</param>
/// <param name="Lrs">The learning rates, <c>Lrs[group][step]</c>.</param>
public sealed record GoldenCase(string Name, string SpecJson, int Steps, IReadOnlyList<double[]> Lrs)
{
    /// <summary>The value of the spec's <c>type</c> field, e.g. <c>optax.cosine_decay_schedule</c>.</summary>
    public string PeerType
    {
        get
        {
            using var doc = JsonDocument.Parse(SpecJson);
            return doc.RootElement.GetProperty("type").GetString()!;
        }
    }
}

/// <summary>Loads the golden files and locates the repository.</summary>
public static class GoldenData
{
    /// <summary>The real loss curves of Luo et al. (<c>loss-curves/README.md</c> and <c>loss-curves/25M/*.csv</c>), paths relative to the golden directory.</summary>
    public static IReadOnlyList<string> LossCurveFileNames { get; } =
    [
        "loss-curves/README.md",
        .. new[] { "constant_24000", "constant_72000", "cosine_24000", "cosine_72000", "wsd_20000_24000", "wsdcon_18", "wsdcon_3", "wsdcon_9", "wsdld_20000_24000" }
            .Select(n => "loss-curves/25M/" + n + ".csv"),
    ];

    /// <summary>The golden files, as named in Golden/README.md.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["README.md", "frameworks.json", "infinite.json", "peers.json", "torch.json", "torch2.json", .. LossCurveFileNames];

    private static readonly Lazy<string> Root = new(FindRepoRootCore);

    private static readonly Dictionary<string, Lazy<IReadOnlyList<GoldenCase>>> Files =
        FileNames.Where(f => f.EndsWith(".json", StringComparison.Ordinal))
            .ToDictionary(f => f, f => new Lazy<IReadOnlyList<GoldenCase>>(() => LoadCases(f)), StringComparer.Ordinal);

    /// <summary>The repository root: the nearest directory above the test binaries that contains LrSchedules.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>The repository's copy of the golden files: <c>tests/LrSchedules.Tests/Golden</c>.</summary>
    public static string RepoGoldenDirectory => Path.Combine(RepoRoot, "tests", "LrSchedules.Tests", "Golden");

    /// <summary>The shared golden directory next to the repository (<c>&lt;root&gt;/../shared/golden</c>); it may not exist.</summary>
    public static string SharedGoldenDirectory => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "golden"));

    /// <summary>The cases of one golden JSON file (e.g. <c>peers.json</c>), read from the repository copy.</summary>
    public static IReadOnlyList<GoldenCase> Cases(string fileName)
        => Files.TryGetValue(fileName, out var cases)
            ? cases.Value
            : throw new ArgumentException("unknown golden file " + fileName, nameof(fileName));

    /// <summary>The repository copy of a golden file, by its path relative to the golden directory (e.g. <c>loss-curves/25M/cosine_24000.csv</c>).</summary>
    public static string RepoPath(string relativePath) => Path.Combine(RepoGoldenDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The case called <paramref name="name"/> in <paramref name="fileName"/>.</summary>
    public static GoldenCase Case(string fileName, string name)
        => Cases(fileName).SingleOrDefault(c => c.Name == name)
            ?? throw new ArgumentException("no case " + name + " in " + fileName, nameof(name));

    private static List<GoldenCase> LoadCases(string fileName)
    {
        // Prefer the copy next to the test binaries (Content items), fall back to the repository copy.
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", fileName);
        if (!File.Exists(path))
        {
            path = Path.Combine(RepoGoldenDirectory, fileName);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new List<GoldenCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var lrs = c.GetProperty("lrs").EnumerateArray()
                .Select(group => group.EnumerateArray().Select(v => v.GetDouble()).ToArray())
                .ToList();
            cases.Add(new GoldenCase(c.GetProperty("name").GetString()!, c.GetProperty("spec").GetRawText(), c.GetProperty("steps").GetInt32(), lrs));
        }

        return cases;
    }

    private static string FindRepoRootCore()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LrSchedules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LrSchedules.sln not found above " + AppContext.BaseDirectory + ".");
    }
}
