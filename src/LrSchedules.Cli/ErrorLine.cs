using System.Globalization;
using System.Text;

namespace LrSchedules.Cli;

/// <summary>
/// The one error line <c>lrs</c> prints: <c>lrs: error: </c> and the message with every character that a terminal
/// would act on or that would break the line escaped, so that input echoed in a message can neither clear the screen,
/// set the window title (ESC and OSC sequences) nor start a second line.
/// </summary>
internal static class ErrorLine
{
    /// <summary>What every error line starts with.</summary>
    public const string Prefix = "lrs: error: ";

    /// <summary>The line for <paramref name="message"/>, ending in <c>"\n"</c>.</summary>
    public static string Format(string message) => Prefix + Escape(message) + "\n";

    /// <summary>
    /// <paramref name="text"/> with <c>\n</c>, <c>\r</c> and <c>\t</c> written as those two-character escapes, and every
    /// other control character (C0, DEL, C1 such as U+0085 NEL and U+009B CSI), format character (bidirectional
    /// overrides, zero-width characters, U+FEFF), line and paragraph separator (U+2028, U+2029) and unpaired surrogate
    /// written as <c>\uXXXX</c> (ESC becomes <c>\u001b</c>). Everything else, backslashes included, is unchanged.
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder? sb = null;
        int copied = 0;
        for (int i = 0; i < text.Length;)
        {
            int length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            bool escape = length == 2
                ? IsEscaped(Rune.GetUnicodeCategory(new Rune(text[i], text[i + 1])))
                : char.IsSurrogate(text[i]) || IsEscaped(char.GetUnicodeCategory(text[i]));
            if (escape)
            {
                sb ??= new StringBuilder(text.Length + 16);
                sb.Append(text, copied, i - copied);
                for (int k = i; k < i + length; k++)
                {
                    sb.Append(text[k] switch
                    {
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\t' => "\\t",
                        char c => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                    });
                }

                copied = i + length;
            }

            i += length;
        }

        return sb is null ? text : sb.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsEscaped(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
