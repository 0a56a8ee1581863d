using FluentAssertions;
using LrSchedules.Cli;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// The error line escapes every control character, format character and line or paragraph separator, readably, in one
/// place (<see cref="ErrorLine"/>, which <see cref="LrsApp"/> writes every error through): input echoed in a message can
/// neither drive the terminal (ESC, CSI and OSC sequences) nor break the one-line promise.
/// </summary>
public sealed class ErrorLineTests
{
    public static TheoryData<string, string> Escapes() => new()
    {
        { "plain text, \"quoted\", a \\ backslash and C:\\path", "plain text, \"quoted\", a \\ backslash and C:\\path" },
        { "clear\u001b[2Jscreen", "clear\\u001b[2Jscreen" },
        { "title\u001b]0;pwned\u0007", "title\\u001b]0;pwned\\u0007" },
        { "line\nfeed\r\nand\ttab", "line\\nfeed\\r\\nand\\ttab" },
        { "nul\0del\u007f", "nul\\u0000del\\u007f" },
        { "C1 \u0085 NEL \u009b CSI \u009d OSC", "C1 \\u0085 NEL \\u009b CSI \\u009d OSC" },
        { "separators \u2028 \u2029", "separators \\u2028 \\u2029" },
        { "bidi \u202egnp.exe\u202c zero\u200bwidth \ufeffbom", "bidi \\u202egnp.exe\\u202c zero\\u200bwidth \\ufeffbom" },
        { "a tag character \U000E0041 is a format character", "a tag character \\udb40\\udc41 is a format character" },
        { "kept: é ü 日本 😀 \u00a0 nbsp", "kept: é ü 日本 😀 \u00a0 nbsp" },
        { string.Empty, string.Empty },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Escape_writes_what_a_terminal_would_act_on_as_escapes(string message, string expected)
    {
        ErrorLine.Escape(message).Should().Be(expected);
    }

    [Fact]
    public void Unpaired_surrogates_are_escaped_and_pairs_kept()
    {
        // Not theory data: xunit's serialization of test arguments replaces unpaired surrogates with U+FFFD.
        ErrorLine.Escape("lone \ud800 and \udc00, reversed \udc00\ud800, at the end \ud800").Should().Be("lone \\ud800 and \\udc00, reversed \\udc00\\ud800, at the end \\ud800");
        ErrorLine.Escape("pair \ud83d\ude00").Should().Be("pair \ud83d\ude00");
    }

    [Fact]
    public void Every_character_that_breaks_a_line_or_drives_a_terminal_is_escaped()
    {
        for (int c = 0; c <= char.MaxValue; c++)
        {
            string escaped = ErrorLine.Escape(((char)c).ToString());
            var category = char.GetUnicodeCategory((char)c);
            bool expectEscape = char.IsControl((char)c) || char.IsSurrogate((char)c) || category is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
            if (expectEscape)
            {
                escaped.Should().StartWith("\\", "U+{0:X4} ({1})", c, category);
                escaped.Should().MatchRegex(@"^\\([nrt]|u[0-9a-f]{4})$");
            }
            else
            {
                escaped.Should().Be(((char)c).ToString(), "U+{0:X4} ({1}) is printable", c, category);
            }
        }
    }

    public static TheoryData<string[]> Echoing() => new()
    {
        { ["eval", "--spec", "{\"type\":\"\\u001b[2J\\u2028x\"}", "--steps", "1"] },
        { ["eval", "--spec", "{\"type\":\"constant\",\"value\":1}", "--steps", "1", "--format", "\u001b]0;t\u0007\n\u0085"] },
        { ["eval", "--spec", "{\"type\":\"constant\",\"value\":1}", "--steps", "x\u2029y"] },
        { ["eval", "--spec", "@no-such-folder/\u001b[31m.json", "--steps", "1"] },
        { ["eval", "--spec", "{\"type\":\"plateau\",\"initial_value\":0.1}", "--steps", "1", "--metrics", "1,\u001b[2J"] },
        { ["plot", "--spec", "{\"type\":\"constant\",\"value\":1}", "--steps", "1", "--out", "x.\u001bpng"] },
        { ["list", "\u009b2J\u202e"] },
        { ["--\u001b[2J"] },
        { ["\u001b[2J"] },
    };

    [Theory]
    [MemberData(nameof(Echoing))]
    public void Every_message_that_echoes_input_is_one_escaped_line(string[] args)
    {
        var result = Lrs.Run(args);

        BadInputTests.AssertUsageError(result, string.Join(' ', args), []);
        string line = result.ErrorLines[0];
        line.Should().Contain("\\u", "the input's control or separator characters are shown as escapes");
        line.Where(c => char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator).Should().BeEmpty();
    }

    [Fact]
    public void Internal_error_messages_are_escaped_too()
    {
        var stderr = new StringWriter();

        int code = LrsApp.Run(["list"], new ThrowingWriter(() => new InvalidOperationException("boom\u001b[2J\u2028")), stderr);

        code.Should().Be(LrsApp.InternalError);
        stderr.ToString().Should().Be("lrs: error: internal error: InvalidOperationException: boom\\u001b[2J\\u2028\n");
    }
}
