using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>
/// Writes the rows of an <see cref="IEvalSource"/>: one line per step, the groups' values comma-separated, each in
/// shortest round-trip form (<c>double.ToString("R", CultureInfo.InvariantCulture)</c>), every line ending in <c>"\n"</c>;
/// in <see cref="EvalFormat.Csv"/>, a header line first and the step in front of every row.
/// </summary>
/// <remarks>
/// Memory is bounded whatever the number of groups: values are evaluated in chunks of at most
/// <see cref="ChunkValues"/> (<see cref="StepsPerChunk"/> steps; one step when a row alone holds more), and text is
/// formatted into a fixed buffer of <see cref="TextChars"/> characters that is written out whenever it fills.
/// </remarks>
internal static class EvalWriter
{
    /// <summary>The most steps evaluated per chunk.</summary>
    public const int ChunkSteps = 4096;

    /// <summary>The most values (steps times groups) evaluated per chunk, unless one step alone has more groups.</summary>
    public const int ChunkValues = 1 << 16;

    /// <summary>The size of the text buffer, in characters.</summary>
    public const int TextChars = 1 << 16;

    // "R" needs at most 24 characters ("-1.2345678901234567E-308"), a step at most 19; plus a separator and a newline.
    private const int MaxCharsPerValue = 32;

    /// <summary>
    /// The steps to evaluate per chunk for <paramref name="groups"/> values per step: at most <see cref="ChunkSteps"/>,
    /// at most <see cref="ChunkValues"/> values, at least 1 and at most <paramref name="steps"/> (when that is positive).
    /// </summary>
    public static int StepsPerChunk(int groups, long steps)
    {
        int byValues = Math.Max(1, ChunkValues / Math.Max(groups, 1));
        return (int)Math.Max(1, Math.Min(Math.Min(ChunkSteps, byValues), steps));
    }

    /// <summary>Writes the values at steps <c>[start, start + steps)</c>.</summary>
    /// <param name="source">The values to write.</param>
    /// <param name="start">The first step; <c>&gt;= 0</c>.</param>
    /// <param name="steps">The number of steps; <c>&gt;= 0</c>, with <c>start + steps - 1 &lt;= long.MaxValue</c>.</param>
    /// <param name="output">Where to write; should be buffered.</param>
    /// <param name="format">Plain lines, or CSV with a header and the step in the first column.</param>
    /// <param name="column">The CSV column name of the values: <c>lr</c> or <c>momentum</c> (numbered when there are several groups).</param>
    public static void Write(IEvalSource source, long start, long steps, TextWriter output, EvalFormat format = EvalFormat.Plain, string column = "lr")
    {
        int groups = source.GroupCount;
        bool csv = format == EvalFormat.Csv;
        var text = new char[TextChars];
        int pos = 0;
        if (csv)
        {
            Append(output, text, ref pos, "step");
            for (int g = 0; g < groups; g++)
            {
                Append(output, text, ref pos, ",");
                Append(output, text, ref pos, column);
                if (groups > 1)
                {
                    Flush(output, text, ref pos);
                    g.TryFormat(text.AsSpan(pos), out int digits, default, CultureInfo.InvariantCulture);
                    pos += digits;
                }
            }

            Append(output, text, ref pos, "\n");
        }

        int chunk = StepsPerChunk(groups, steps);
        var values = new double[(long)chunk * groups];
        long done = 0;
        while (done < steps)
        {
            int n = (int)Math.Min(chunk, steps - done);
            var span = values.AsSpan(0, n * groups);
            source.Evaluate(start + done, span);

            int v = 0;
            for (int i = 0; i < n; i++)
            {
                if (csv)
                {
                    Flush(output, text, ref pos);
                    (start + done + i).TryFormat(text.AsSpan(pos), out int stepChars, default, CultureInfo.InvariantCulture);
                    pos += stepChars;
                    text[pos++] = ',';
                }

                for (int g = 0; g < groups; g++, v++)
                {
                    Flush(output, text, ref pos);
                    if (g > 0)
                    {
                        text[pos++] = ',';
                    }

                    if (!span[v].TryFormat(text.AsSpan(pos), out int written, "R", CultureInfo.InvariantCulture))
                    {
                        throw new InvalidOperationException("formatting buffer too small.");
                    }

                    pos += written;
                }

                text[pos++] = '\n';
            }

            done += n;
        }

        output.Write(text, 0, pos);
    }

    /// <summary>Writes the buffer out when fewer than <see cref="MaxCharsPerValue"/> characters are left in it.</summary>
    private static void Flush(TextWriter output, char[] text, ref int pos)
    {
        if (pos > text.Length - MaxCharsPerValue)
        {
            output.Write(text, 0, pos);
            pos = 0;
        }
    }

    private static void Append(TextWriter output, char[] text, ref int pos, string s)
    {
        if (pos + s.Length > text.Length)
        {
            output.Write(text, 0, pos);
            pos = 0;
        }

        if (s.Length > text.Length)
        {
            output.Write(s);
            return;
        }

        s.CopyTo(text.AsSpan(pos));
        pos += s.Length;
    }
}
