using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>Parses the <c>--metrics</c> list: finite numbers separated by commas and/or whitespace.</summary>
internal static class Metrics
{
    /// <summary>The largest <c>--metrics @file</c> accepted, in bytes.</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>
    /// Parses <paramref name="text"/>: numbers in invariant-culture notation (<c>0.5</c>, <c>-1e-3</c>) separated by one
    /// comma and/or whitespace (spaces, tabs, newlines). An empty entry between two commas, or a leading or trailing
    /// comma, is an error; so is an empty list.
    /// </summary>
    /// <exception cref="LrsUsageException">The text is not such a list.</exception>
    public static IReadOnlyList<double> Parse(string option, string text)
    {
        var values = new List<double>();
        int i = 0;
        bool needValue = false;   // just after a comma (or at the start, where a comma is not allowed either)
        bool sawComma = true;     // treat the start like a comma so that a leading comma is rejected
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == ',')
            {
                if (sawComma)
                {
                    throw Error(option, values.Count, "empty entry (two commas in a row, or a leading comma)");
                }

                sawComma = true;
                needValue = true;
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && text[i] != ',' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var token = text.AsSpan(start, i - start);
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw Error(option, values.Count, "must be a finite number; got \"" + Truncate(token) + "\"");
            }

            values.Add(value);
            sawComma = false;
            needValue = false;
        }

        if (needValue)
        {
            throw Error(option, values.Count, "empty entry (trailing comma)");
        }

        if (values.Count == 0)
        {
            throw new LrsUsageException(option + " must list at least one finite number, separated by commas or whitespace.");
        }

        return values;
    }

    private static LrsUsageException Error(string option, int index, string reason)
        => new(option + "[" + index.ToString(CultureInfo.InvariantCulture) + "]: " + reason + "; expected finite numbers separated by commas or whitespace.");

    private static string Truncate(ReadOnlySpan<char> s) => s.Length <= 64 ? s.ToString() : string.Concat(s[..64], "...");
}
