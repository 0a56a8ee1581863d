using FluentAssertions;
using LrSchedules.Tests.Golden;

namespace LrSchedules.Tests.TestSupport;

/// <summary>
/// Keeps the C# examples of a docs page and the tests that compile and run them identical: every region of a test file
/// between <c>// &lt;page&gt; example: begin</c> and <c>// &lt;page&gt; example: end</c> must be a <c>```csharp</c> block
/// of the page (the first line, a <c>// Example: ...</c> comment, names it), and every <c>```csharp</c> block of the page
/// must be such a region. Lines are compared trimmed, blank lines ignored.
/// </summary>
public static class DocSnippets
{
    /// <summary>Asserts that the page's C# blocks and the file's regions are the same set of snippets.</summary>
    /// <param name="page">The page, relative to the repository root, e.g. <c>docs/migrating.md</c>.</param>
    /// <param name="testFile">The test file holding the regions, relative to the repository root.</param>
    /// <param name="usingsAllowed">Whether page blocks may start with <c>using</c> lines that the region leaves out.</param>
    public static void AssertPageMatchesTests(string page, string testFile, bool usingsAllowed = true)
    {
        var source = File.ReadAllLines(Path.Combine(GoldenData.RepoRoot, testFile));
        string begin = "// " + page + " example: begin";
        string end = "// " + page + " example: end";
        var regions = new List<List<string>>();
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i].Trim() == begin)
            {
                int close = Array.FindIndex(source, i, l => l.Trim() == end);
                close.Should().BeGreaterThan(i, "every '{0}' in {1} has its end marker", begin, testFile);
                regions.Add(Normalize(source[(i + 1)..close]));
            }
        }

        regions.Should().NotBeEmpty("{0} holds the examples of {1}", testFile, page);
        var blocks = CodeBlocks(File.ReadAllLines(Path.Combine(GoldenData.RepoRoot, page)), "csharp")
            .Select(b => usingsAllowed ? b.Where(l => !l.StartsWith("using ", StringComparison.Ordinal)).ToList() : b)
            .ToList();
        blocks.Should().HaveCount(regions.Count, "every ```csharp block of {0} is compiled and run by {1}", page, testFile);
        foreach (var region in regions)
        {
            region.Should().NotBeEmpty();
            var block = blocks.SingleOrDefault(b => b.Count > 0 && b[0] == region[0]);
            block.Should().NotBeNull("{0} should have a ```csharp block starting with \"{1}\"", page, region[0]);
            block.Should().Equal(region, "the block \"{0}\" of {1} must match {2}", region[0], page, testFile);
        }
    }

    /// <summary>The fenced blocks of one language in a page, each as trimmed non-empty lines.</summary>
    /// <param name="lines">The page.</param>
    /// <param name="language">The fence's info string, e.g. <c>csharp</c>.</param>
    /// <returns>The blocks in page order.</returns>
    public static List<List<string>> CodeBlocks(IEnumerable<string> lines, string language)
    {
        var result = new List<List<string>>();
        List<string>? current = null;
        bool inOther = false;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (current is not null)
            {
                if (line == "```")
                {
                    result.Add(Normalize(current));
                    current = null;
                }
                else
                {
                    current.Add(line);
                }
            }
            else if (inOther)
            {
                inOther = line != "```";
            }
            else if (line == "```" + language)
            {
                current = [];
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inOther = true;
            }
        }

        return result;
    }

    private static List<string> Normalize(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];
}
