using System.Text.RegularExpressions;
using FluentAssertions;
using LrSchedules.Tests.Golden;
using Xunit;

namespace LrSchedules.Tests.Docs;

/// <summary>Every relative link and image of the README and docs/ points at a file that exists, and every #anchor at a heading of that file.</summary>
public sealed partial class DocLinkTests
{
    public static TheoryData<string> Pages
    {
        get
        {
            string root = GoldenData.RepoRoot;
            var pages = Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
                .Append(Path.Combine(root, "README.md"))
                .Concat(Directory.GetFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories))
                .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            return [.. pages];
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Relative_links_resolve(string page)
    {
        string path = Path.Combine(GoldenData.RepoRoot, page);
        string text = StripCode(File.ReadAllText(path));
        var broken = new List<string>();
        foreach (Match m in LinkPattern().Matches(text))
        {
            string target = m.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            string file = target;
            string? anchor = null;
            int hash = target.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                file = target[..hash];
                anchor = target[(hash + 1)..];
            }

            string resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add(target + " (no such file)");
                continue;
            }

            if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
            {
                broken.Add(target + " (no heading with that anchor)");
            }
        }

        broken.Should().BeEmpty("every relative link of {0} resolves", page);
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation other than '-' and '_' dropped, spaces to '-'.</summary>
    private static HashSet<string> Anchors(string markdownPath)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in FencedCode().Replace(File.ReadAllText(markdownPath), "").Split('\n'))
        {
            var heading = HeadingPattern().Match(line);
            if (heading.Success)
            {
                string title = heading.Groups["title"].Value.Trim().ToLowerInvariant();
                string anchor = new([.. title.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').Select(c => c == ' ' ? '-' : c)]);
                string unique = anchor;
                for (int n = 1; !anchors.Add(unique); n++)
                {
                    unique = anchor + "-" + n;
                }
            }
        }

        return anchors;
    }

    /// <summary>The text without fenced code blocks and inline code, where brackets are not links.</summary>
    private static string StripCode(string text) => InlineCode().Replace(FencedCode().Replace(text, ""), "");

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^```.*?^```\s*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();
}
