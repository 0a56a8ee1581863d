using System.Text;
using FluentAssertions;
using LrSchedules.Tests.Cli;
using Xunit;

namespace LrSchedules.Tests.Docs;

/// <summary>
/// Every <c>lrs</c> output README.md shows is what the tool prints: the first command of "Two commands on a fresh
/// machine" against the <c>```text</c> block after it, and each <c>$ lrs ...</c> line of the <c>```console</c> blocks in
/// "The <c>lrs</c> tool" against the lines that follow it (standard output, then standard error), run in-process.
/// </summary>
public sealed class ReadmeCliTests
{
    private static readonly string[] Readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));

    public static TheoryData<string, string> ConsoleExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (command, output) in ConsoleBlocks(Section("## The `lrs` tool")))
        {
            data.Add(command, output);
        }

        return data;
    }

    [Fact]
    public void Quick_eval_example_prints_what_the_readme_shows()
    {
        var section = Section("## Two commands on a fresh machine");
        var commands = Block(section, "```sh", 0);
        string run = commands.First(l => l.StartsWith("dotnet run --project src/LrSchedules.Cli -- eval ", StringComparison.Ordinal));
        string[] args = ShellWords(run[(run.IndexOf(" -- ", StringComparison.Ordinal) + 4)..]);
        string expected = string.Concat(Block(section, "```text", 0).Select(l => l + "\n"));

        var result = Lrs.Run(args);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(expected);
    }

    [Fact]
    public void Readme_shows_the_eval_plot_list_and_error_examples()
    {
        var commands = ConsoleBlocks(Section("## The `lrs` tool")).Select(c => c.Command).ToList();

        commands.Should().Contain(c => c.StartsWith("lrs eval ", StringComparison.Ordinal) && c.Contains("--format csv", StringComparison.Ordinal));
        commands.Should().Contain(c => c.StartsWith("lrs list ", StringComparison.Ordinal));
        commands.Should().Contain(c => c.Contains("\"decay_steps\":0", StringComparison.Ordinal), "the error example");
    }

    [Theory]
    [MemberData(nameof(ConsoleExamples))]
    public void Console_example_prints_what_the_readme_shows(string command, string expected)
    {
        var result = Lrs.Run(ShellWords(command)[1..]);

        (result.Stdout + result.Stderr).Should().Be(expected, "README.md shows `{0}` printing it", command);
        result.ExitCode.Should().Be(result.Stderr.Length == 0 ? 0 : 2);
    }

    [Theory]
    [InlineData("a 'b c' d", new[] { "a", "b c", "d" })]
    [InlineData("--spec '{\"type\":\"x\"}' --steps 3", new[] { "--spec", "{\"type\":\"x\"}", "--steps", "3" })]
    [InlineData("--title \"Two runs\"  x", new[] { "--title", "Two runs", "x" })]
    public void Shell_words_split_like_sh(string line, string[] words)
    {
        ShellWords(line).Should().Equal(words);
    }

    /// <summary>The lines of the README section whose heading starts with <paramref name="heading"/>, up to the next "## ".</summary>
    private static string[] Section(string heading)
    {
        int start = Array.FindIndex(Readme, l => l.StartsWith(heading, StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, "README.md has the section {0}", heading);
        int end = Array.FindIndex(Readme, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return Readme[(start + 1)..(end < 0 ? Readme.Length : end)];
    }

    /// <summary>The lines inside the <paramref name="index"/>-th fenced block opened by <paramref name="fence"/>.</summary>
    private static string[] Block(string[] lines, string fence, int index)
    {
        int open = -1;
        for (int i = 0; i <= index; i++)
        {
            open = Array.IndexOf(lines, fence, open + 1);
            open.Should().BeGreaterThanOrEqualTo(0, "the section has a {0} block", fence);
        }

        int close = Array.IndexOf(lines, "```", open + 1);
        return lines[(open + 1)..close];
    }

    /// <summary>Each <c>$ lrs ...</c> line of the section's console blocks with the output lines after it.</summary>
    private static List<(string Command, string Output)> ConsoleBlocks(string[] section)
    {
        var examples = new List<(string, string)>();
        for (int open = Array.IndexOf(section, "```console"); open >= 0; open = Array.IndexOf(section, "```console", open + 1))
        {
            int close = Array.IndexOf(section, "```", open + 1);
            string? command = null;
            var output = new StringBuilder();
            foreach (string line in section[(open + 1)..close].Append("$ "))
            {
                if (line.StartsWith("$ ", StringComparison.Ordinal))
                {
                    if (command is not null)
                    {
                        examples.Add((command, output.ToString()));
                    }

                    command = line[2..];
                    output.Clear();
                }
                else
                {
                    output.Append(line).Append('\n');
                }
            }
        }

        return examples;
    }

    /// <summary>Splits a command line as sh does for words, single quotes and double quotes (no escapes or expansions).</summary>
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LrSchedules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no LrSchedules.sln above " + AppContext.BaseDirectory);
    }
}
