using FluentAssertions;
using Xunit;

namespace LrSchedules.Tests.Golden;

/// <summary>
/// The repository carries a byte-identical copy of the shared golden files; when the shared directory is present
/// (<c>&lt;repo&gt;/../shared/golden</c>), the copy must not have drifted from it.
/// </summary>
public sealed class GoldenFilesTests
{
    public static TheoryData<string> Files => [.. GoldenData.FileNames];

    [Theory]
    [MemberData(nameof(Files))]
    public void Repo_copy_exists_and_is_not_empty(string fileName)
    {
        var path = GoldenData.RepoPath(fileName);

        File.Exists(path).Should().BeTrue("the repository must carry its own copy of {0}", fileName);
        new FileInfo(path).Length.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Repo_json_copies_parse_and_have_cases()
    {
        foreach (var fileName in GoldenData.FileNames.Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
        {
            var cases = GoldenData.Cases(fileName);
            cases.Should().NotBeEmpty(fileName);
            cases.Select(c => c.Name).Should().OnlyHaveUniqueItems(fileName);
            cases.Should().OnlyContain(c => c.Lrs.Count > 0 && c.Lrs.All(g => g.Length == c.Steps), fileName);
        }
    }

    [Fact]
    public void Shared_golden_files_are_byte_identical_to_the_repo_copies()
    {
        var shared = GoldenData.SharedGoldenDirectory;
        if (!Directory.Exists(shared))
        {
            // The repository copy is self-contained; nothing to compare against.
            return;
        }

        // The top-level JSON files and README, and everything under loss-curves/.
        var sharedFiles = Directory.EnumerateFiles(shared, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(shared, p).Replace('\\', '/'))
            .Where(n => n.StartsWith("loss-curves/", StringComparison.Ordinal) || (!n.Contains('/', StringComparison.Ordinal) && (n.EndsWith(".json", StringComparison.Ordinal) || n == "README.md")))
            .ToList();
        sharedFiles.Should().NotBeEmpty("the shared golden directory {0} exists", shared);
        sharedFiles.Where(n => n.StartsWith("loss-curves/", StringComparison.Ordinal)).Should().BeEquivalentTo(GoldenData.LossCurveFileNames, "the repo lists every shared loss curve");

        foreach (var name in sharedFiles)
        {
            var repoPath = GoldenData.RepoPath(name);
            File.Exists(repoPath).Should().BeTrue("{0} is in {1} and must be copied to the repo", name, shared);
            var expected = File.ReadAllBytes(Path.Combine(shared, name));
            var actual = File.ReadAllBytes(repoPath);
            actual.SequenceEqual(expected).Should().BeTrue("the repo copy of {0} must be byte-identical to {1}", name, shared);
        }
    }
}
