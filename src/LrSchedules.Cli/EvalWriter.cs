using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>
/// Writes the rows of an <see cref="IEvalSource"/>: one line per step, the groups' values comma-separated, each in
/// shortest round-trip form (<c>double.ToString("R", CultureInfo.InvariantCulture)</c>), every line ending in <c>"\n"</c>;
/// in <see cref="EvalFormat.Csv"/>, a header line first and the step in front of every row.
/// </summary>
internal static class EvalWriter
{
    /// <summary>Steps evaluated and formatted per chunk.</summary>
    public const int ChunkSteps = 4096;

    // "R" needs at most 24 characters ("-1.2345678901234567E-308"); one more for the separator. A step needs at most 19.
    private const int MaxCharsPerValue = 32;

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
        if (csv)
        {
            output.Write("step," + (groups == 1 ? column : string.Join(',', Enumerable.Range(0, groups).Select(g => column + g.ToString(CultureInfo.InvariantCulture)))) + "\n");
        }

        int chunk = (int)Math.Min(ChunkSteps, Math.Max(steps, 1));
        var values = new double[chunk * groups];
        var text = new char[chunk * (groups + 1) * MaxCharsPerValue];
        long done = 0;
        while (done < steps)
        {
            int n = (int)Math.Min(chunk, steps - done);
            var span = values.AsSpan(0, n * groups);
            source.Evaluate(start + done, span);

            int pos = 0;
            int v = 0;
            for (int i = 0; i < n; i++)
            {
                if (csv)
                {
                    (start + done + i).TryFormat(text.AsSpan(pos), out int stepChars, default, CultureInfo.InvariantCulture);
                    pos += stepChars;
                    text[pos++] = ',';
                }

                for (int g = 0; g < groups; g++, v++)
                {
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

            output.Write(text, 0, pos);
            done += n;
        }
    }
}
