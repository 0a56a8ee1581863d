using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>
/// Parses the <c>--metrics</c> list: finite numbers separated by commas and/or whitespace, read as a stream (chunk by
/// chunk, one number at a time), so memory is the values themselves (8 bytes per number, 2 or more bytes of input each)
/// and a fixed buffer, never a copy of the whole text.
/// </summary>
internal static class Metrics
{
    /// <summary>The largest <c>--metrics @file</c> (or <c>@-</c>) accepted, in bytes.</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>The longest number accepted, in characters (a double in shortest round-trip form has at most 24).</summary>
    public const int MaxNumberChars = 1024;

    private const int BlockValues = 1 << 16;

    /// <summary>Parses the list in <paramref name="text"/> (see <see cref="Parse(string, TextReader)"/>).</summary>
    /// <exception cref="LrsUsageException">The text is not such a list, or it cannot be read.</exception>
    public static double[] Parse(string option, string text) => Parse(option, new StringReader(text));

    /// <summary>
    /// Parses the text of <paramref name="input"/>: numbers in invariant-culture notation (<c>0.5</c>, <c>-1e-3</c>) of at
    /// most <see cref="MaxNumberChars"/> characters, separated by one comma and/or whitespace (spaces, tabs, newlines).
    /// An empty entry between two commas, or a leading or trailing comma, is an error; so is an empty list.
    /// </summary>
    /// <exception cref="LrsUsageException">The text is not such a list, or it cannot be read.</exception>
    public static double[] Parse(string option, TextReader input)
    {
        // Full blocks of values, then the block being filled: no list doubling, and one exact copy at the end.
        var blocks = new List<double[]>();
        var block = new double[BlockValues];
        int inBlock = 0;
        long count = 0;

        var chunk = new char[InputText.ChunkBytes];
        var token = new char[MaxNumberChars];
        int tokenLength = 0;
        bool needValue = false;   // just after a comma
        bool sawComma = true;     // treat the start like a comma so that a leading comma is rejected
        while (true)
        {
            int n = input.Read(chunk, 0, chunk.Length);
            for (int i = 0; i < n; i++)
            {
                char c = chunk[i];
                bool separator = c == ',' || char.IsWhiteSpace(c);
                if (!separator)
                {
                    if (tokenLength == token.Length)
                    {
                        throw Error(option, count, "must be a finite number of at most " + MaxNumberChars.ToString(CultureInfo.InvariantCulture) + " characters; got \"" + Truncate(token) + "\"");
                    }

                    token[tokenLength++] = c;
                    continue;
                }

                if (tokenLength > 0)
                {
                    Add(ParseNumber(option, count, token.AsSpan(0, tokenLength)));
                    tokenLength = 0;
                    sawComma = false;
                    needValue = false;
                }

                if (c == ',')
                {
                    if (sawComma)
                    {
                        throw Error(option, count, "empty entry (two commas in a row, or a leading comma)");
                    }

                    sawComma = true;
                    needValue = true;
                }
            }

            if (n == 0)
            {
                break;
            }
        }

        if (tokenLength > 0)
        {
            Add(ParseNumber(option, count, token.AsSpan(0, tokenLength)));
            needValue = false;
        }

        if (needValue)
        {
            throw Error(option, count, "empty entry (trailing comma)");
        }

        if (count == 0)
        {
            throw new LrsUsageException(option + " must list at least one finite number, separated by commas or whitespace.");
        }

        var values = new double[count];
        int at = 0;
        foreach (var full in blocks)
        {
            full.CopyTo(values, at);
            at += full.Length;
        }

        block.AsSpan(0, inBlock).CopyTo(values.AsSpan(at));
        return values;

        void Add(double value)
        {
            if (inBlock == block.Length)
            {
                blocks.Add(block);
                block = new double[BlockValues];
                inBlock = 0;
            }

            block[inBlock++] = value;
            count++;
        }
    }

    private static double ParseNumber(string option, long index, ReadOnlySpan<char> token)
        => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw Error(option, index, "must be a finite number; got \"" + Truncate(token) + "\"");

    private static LrsUsageException Error(string option, long index, string reason)
        => new(option + "[" + index.ToString(CultureInfo.InvariantCulture) + "]: " + reason + "; expected finite numbers separated by commas or whitespace.");

    private static string Truncate(ReadOnlySpan<char> s) => s.Length <= 64 ? s.ToString() : string.Concat(s[..64], "...");
}
