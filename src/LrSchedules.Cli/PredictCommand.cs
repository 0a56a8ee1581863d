using System.CommandLine;
using System.Globalization;
using System.Text;
using LrSchedules.Analytics;

namespace LrSchedules.Cli;

/// <summary>
/// <c>lrs predict</c>: the loss a fitted law (<see cref="LossLaw"/>) predicts for one or more schedules at given steps,
/// printed one line per step (or as CSV), or drawn into a PNG or SVG file with the plotting code of <c>lrs plot</c>.
/// </summary>
internal static class PredictCommand
{
    /// <summary>The most steps predicted per run of the command.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>The largest <c>--at @file</c> accepted, in bytes.</summary>
    public const long MaxStepsFileBytes = 16L << 20;

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Receives the predictions.</param>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c> option values.</param>
    public static Command Create(TextWriter stdout, InputText input)
    {
        var law = new Option<string>("--law")
        {
            Description = "The law as JSON ({\"law\": \"mpl\", \"L0\": ..., ...}, as lrs fit prints it), @path to read it from a file, or @- from standard input.",
            HelpName = "json|@file|@-",
            Required = true,
        };
        var spec = new Option<string[]>("--spec")
        {
            Description = "A schedule as a JSON spec, @path or @-. Repeat it to predict several schedules (one column each, or one line each in the picture).",
            HelpName = "json|@file|@-",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var label = new Option<string[]>("--label")
        {
            Description = "Legend label of the spec in the same position (with --out); one per --spec, or none to derive them from the specs.",
            HelpName = "text",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var at = new Option<string>("--at")
        {
            Description = "The steps to predict: integers in [0, " + EvalCommand.Format(EvalCommand.MaxSteps - 1) + "], strictly increasing, separated by commas or whitespace; @path or @- to read them.",
            HelpName = "steps|@file|@-",
        };
        var steps = new Option<long?>("--steps")
        {
            Description = "Instead of --at: the loss after every K updates of an N-step run, i.e. at steps K-1, 2K-1, ... and N-1; N in [1, " + EvalCommand.Format(EvalCommand.MaxSteps) + "].",
            HelpName = "N",
            CustomParser = r => EvalCommand.ParseInteger(r, "--steps", 1, EvalCommand.MaxSteps),
        };
        var every = new Option<long?>("--every")
        {
            Description = "With --steps: the spacing K, in [1, N]. Default 1 (every step).",
            HelpName = "K",
            CustomParser = r => EvalCommand.ParseInteger(r, "--every", 1, EvalCommand.MaxSteps),
        };
        var start = new Option<long?>("--start")
        {
            Description = "With --steps: start the grid at step S, in [0, N - 1]: steps S+K-1, S+2K-1, ... and N-1. Default 0.",
            HelpName = "S",
            CustomParser = r => EvalCommand.ParseInteger(r, "--start", 0, EvalCommand.MaxSteps),
        };
        var format = new Option<EvalFormat>("--format")
        {
            Description = "plain (default): the predicted losses only, one line per step (comma-separated for several specs); csv: a header (step,loss or step,loss0,loss1,...) and step,loss rows.",
            HelpName = "plain|csv",
            CustomParser = r => AnalyzeCommand.ParseChoice(r, "--format", "plain", "csv") == "csv" ? EvalFormat.Csv : EvalFormat.Plain,
        };
        var output = new Option<string>("--out")
        {
            Description = "Draw the predicted curves into this file instead of printing them; its extension, .png or .svg, chooses the format.",
            HelpName = "file.png|file.svg",
        };
        var title = new Option<string>("--title")
        {
            Description = "Title above the plot (with --out). Default: none.",
            HelpName = "text",
        };
        var command = new Command("predict", "Predict the loss of schedules under a fitted law at given steps; print it or draw the curves.")
        {
            law,
            spec,
            label,
            at,
            steps,
            every,
            start,
            format,
            output,
            title,
        };
        command.SetAction(parseResult =>
        {
            Run(
                input,
                stdout,
                parseResult.GetRequiredValue(law),
                parseResult.GetRequiredValue(spec),
                parseResult.GetValue(label) is { Length: > 0 } labels ? labels : null,
                parseResult.GetValue(at),
                parseResult.GetValue(steps),
                parseResult.GetValue(every),
                parseResult.GetValue(start),
                parseResult.GetValue(format),
                parseResult.GetValue(output),
                parseResult.GetValue(title));
            return 0;
        });
        return command;
    }

    /// <summary>Validates the options, predicts, and prints or draws.</summary>
    /// <exception cref="LrsUsageException">An input is invalid, or the file cannot be written.</exception>
    internal static void Run(InputText input, TextWriter stdout, string lawArgument, string[] specs, string[]? labels, string? at, long? steps, long? every, long? start, EvalFormat format, string? output, string? title)
    {
        if ((at is null) == (steps is null))
        {
            throw new LrsUsageException("give the steps to predict with either --at or --steps (not both).");
        }

        if ((every is not null || start is not null) && steps is null)
        {
            throw new LrsUsageException((every is not null ? "--every" : "--start") + " applies to --steps only.");
        }

        if (labels is not null && (output is null || labels.Length != specs.Length))
        {
            throw new LrsUsageException(output is null ? "--label applies to --out only." : "--label: give one per --spec (" + specs.Length + " given) or none; got " + labels.Length + ".");
        }

        if (output is null && title is not null)
        {
            throw new LrsUsageException("--title applies to --out only.");
        }

        var points = at is not null ? ParseSteps(input.Resolve("--at", at, MaxStepsFileBytes)) : Grid(steps!.Value, every ?? 1, start ?? 0);
        var law = LawArgument.Read(input, lawArgument);
        var schedules = new List<ILearningRateSchedule>();
        for (int i = 0; i < specs.Length; i++)
        {
            schedules.Add(SpecArgument.Read(input, specs.Length == 1 ? "--spec" : "--spec #" + (i + 1).ToString(CultureInfo.InvariantCulture), specs[i], null));
        }

        var losses = schedules.Select(s => law.Predict(s, points)).ToList();
        if (output is not null)
        {
            Draw(output, points, losses, labels ?? SpecLabels.For(schedules), title, law);
            return;
        }

        var sb = new StringBuilder();
        if (format == EvalFormat.Csv)
        {
            sb.Append("step,").Append(losses.Count == 1 ? "loss" : string.Join(',', Enumerable.Range(0, losses.Count).Select(i => "loss" + i.ToString(CultureInfo.InvariantCulture)))).Append('\n');
        }

        for (int p = 0; p < points.Length; p++)
        {
            if (format == EvalFormat.Csv)
            {
                sb.Append(EvalCommand.Format(points[p])).Append(',');
            }

            for (int s = 0; s < losses.Count; s++)
            {
                sb.Append(s > 0 ? "," : string.Empty).Append(AnalyzeCommand.R(losses[s][p]));
            }

            sb.Append('\n');
        }

        stdout.Write(sb.ToString());
    }

    /// <summary>Steps <c>S+K-1, S+2K-1, ...</c> and <c>N-1</c>.</summary>
    internal static long[] Grid(long steps, long every, long start)
    {
        if (start > steps - 1)
        {
            throw new LrsUsageException("--start must be below --steps (" + EvalCommand.Format(steps) + "); got " + EvalCommand.Format(start) + ".");
        }

        long span = steps - start;
        if (every > span)
        {
            throw new LrsUsageException("--every must not exceed --steps - --start (" + EvalCommand.Format(span) + "); got " + EvalCommand.Format(every) + ".");
        }

        long count = (span / every) + (span % every == 0 ? 0 : 1);
        if (count > MaxPoints)
        {
            throw new LrsUsageException("--steps " + EvalCommand.Format(steps) + " --every " + EvalCommand.Format(every) + " asks for " + EvalCommand.Format(count) + " steps; at most " + MaxPoints + " are predicted at once (raise --every).");
        }

        var result = new long[count];
        for (long i = 0; i < count; i++)
        {
            result[i] = Math.Min(start + ((i + 1) * every) - 1, steps - 1);
        }

        return result;
    }

    /// <summary>Parses the <c>--at</c> list: integers separated by commas and/or whitespace, strictly increasing.</summary>
    internal static long[] ParseSteps(string text)
    {
        var result = new List<long>();
        int entry = 0;
        foreach (string token in text.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.None))
        {
            if (token.Length == 0)
            {
                continue;
            }

            entry++;
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long step) || step > EvalCommand.MaxSteps - 1)
            {
                throw new LrsUsageException("--at: entry " + entry + " must be an integer step in [0, " + EvalCommand.Format(EvalCommand.MaxSteps - 1) + "]; got \"" + (token.Length <= 64 ? token : token[..64] + "...") + "\".");
            }

            if (result.Count > 0 && step <= result[^1])
            {
                throw new LrsUsageException("--at: steps must be strictly increasing; entry " + entry + " (" + EvalCommand.Format(step) + ") follows " + EvalCommand.Format(result[^1]) + ".");
            }

            if (result.Count == MaxPoints)
            {
                throw new LrsUsageException("--at: at most " + MaxPoints + " steps are predicted at once.");
            }

            result.Add(step);
        }

        if (result.Count == 0)
        {
            throw new LrsUsageException("--at: no steps given; list integer steps separated by commas or whitespace.");
        }

        return [.. result];
    }

    private static void Draw(string output, long[] points, List<double[]> losses, IReadOnlyList<string> names, string? title, LossLaw law)
    {
        string extension = Path.GetExtension(output);
        var plotFormat = extension.Equals(".png", StringComparison.OrdinalIgnoreCase) ? PlotFormat.Png
            : extension.Equals(".svg", StringComparison.OrdinalIgnoreCase) ? PlotFormat.Svg
            : throw new LrsUsageException("--out must name a .png or .svg file (the extension chooses the format); got '" + (output.Length <= 128 ? output : output[..128] + "...") + "'.");
        double[] xs = [.. points.Select(p => (double)p)];
        var lines = new List<PlotLine>();
        for (int i = 0; i < losses.Count; i++)
        {
            lines.Add(new PlotLine(names[i], xs, [.. losses[i].Select(v => double.IsFinite(v) ? v : double.NaN)], []));
        }

        if (lines.All(l => l.Ys.All(double.IsNaN)))
        {
            throw new LrsUsageException("--out: every predicted loss is infinite (the rates sum to 0 up to every requested step); nothing to draw.");
        }

        var chart = new PlotChart(lines, points[0], points[^1], LogY: false, title, ShowLegend: lines.Count > 1, PlotCommand.DefaultWidth, PlotCommand.DefaultHeight, plotFormat, "predicted loss (" + law.Name + ")", YFromZero: false);
        var (image, _) = PlotRenderer.Render(chart);
        try
        {
            File.WriteAllBytes(output, image);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LrsUsageException("--out: cannot write '" + output + "': " + ex.Message, ex);
        }
    }
}
