using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>
/// <c>lrs plot</c>: draws one or more schedules over steps <c>[S, S + N)</c> into a PNG or SVG file, with their phase
/// boundaries marked and, for several lines, a legend.
/// </summary>
/// <remarks>
/// Each schedule is evaluated span-wise, chunk by chunk; a line longer than <see cref="LineSampler.MaxPoints"/> points is
/// drawn from the smallest and largest value of each run of steps (<see cref="LineSampler"/>), so spikes and restarts
/// stay visible. A <c>torch.*</c> spec with several parameter groups draws one line per group. With <c>--log-y</c>, steps
/// whose value is 0 cannot be shown and leave a gap in the line (as matplotlib masks them); a line that is 0 at every
/// plotted step is an error. Phase boundaries come from <see cref="LearningRateSchedule.GetPhaseBoundaries"/>; a schedule
/// with more than <see cref="MaxBoundaries"/> of them in range gets none marked (they would hide the curve).
/// </remarks>
internal static class PlotCommand
{
    /// <summary>The largest <c>--steps</c> accepted.</summary>
    public const long MaxSteps = EvalCommand.MaxSteps;

    /// <summary>The default image width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>The default image height in pixels.</summary>
    public const int DefaultHeight = 450;

    /// <summary>Width range in pixels.</summary>
    public const int MinWidth = 320, MaxWidth = 7680;

    /// <summary>Height range in pixels.</summary>
    public const int MinHeight = 240, MaxHeight = 4320;

    /// <summary>The most phase boundaries marked per schedule.</summary>
    public const int MaxBoundaries = 100;

    /// <summary>The most lines per plot (specs times their parameter groups).</summary>
    public const int MaxLines = 20;

    /// <summary>Creates the command.</summary>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c> option values.</param>
    public static Command Create(InputText input)
    {
        var spec = new Option<string[]>("--spec")
        {
            Description = "A schedule as a JSON spec, @path to read it from a file, or @- from standard input. Repeat it to overlay several schedules.",
            HelpName = "json|@file|@-",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var label = new Option<string[]>("--label")
        {
            Description = "Legend label of the spec in the same position; give one per --spec, or none to derive them from the specs (type and the values that tell them apart).",
            HelpName = "text",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var steps = new Option<long>("--steps")
        {
            Description = "Number of steps to plot, in [1, " + EvalCommand.Format(MaxSteps) + "].",
            HelpName = "N",
            Required = true,
            CustomParser = r => EvalCommand.ParseInteger(r, "--steps", 1, MaxSteps),
        };
        var start = new Option<long>("--start")
        {
            Description = "First step, in [0, " + EvalCommand.Format(long.MaxValue) + "]; start + N - 1 must not exceed that. Default 0.",
            HelpName = "S",
            CustomParser = r => EvalCommand.ParseInteger(r, "--start", long.MaxValue),
        };
        var output = new Option<string>("--out")
        {
            Description = "The image file to write: its extension, .png or .svg, chooses the format. An existing file is replaced.",
            HelpName = "file.png|file.svg",
            Required = true,
        };
        var logY = new Option<bool>("--log-y")
        {
            Description = "Logarithmic y axis, showing at most 6 decades below the largest value. Steps where a schedule is 0 leave a gap in its line; a schedule that is 0 throughout is an error.",
        };
        var title = new Option<string>("--title")
        {
            Description = "Title above the plot. Default: none.",
            HelpName = "text",
        };
        var width = new Option<int>("--width")
        {
            Description = "Image width in pixels, in [" + MinWidth + ", " + MaxWidth + "].",
            HelpName = "pixels",
            DefaultValueFactory = _ => DefaultWidth,
            CustomParser = r => (int)EvalCommand.ParseInteger(r, "--width", MinWidth, MaxWidth),
        };
        var height = new Option<int>("--height")
        {
            Description = "Image height in pixels, in [" + MinHeight + ", " + MaxHeight + "].",
            HelpName = "pixels",
            DefaultValueFactory = _ => DefaultHeight,
            CustomParser = r => (int)EvalCommand.ParseInteger(r, "--height", MinHeight, MaxHeight),
        };
        var metrics = new Option<string>("--metrics")
        {
            Description = EvalCommand.MetricsDescription,
            HelpName = "list|@file|@-",
        };

        var command = new Command("plot", "Draw schedules over steps S, ..., S+N-1 into a PNG or SVG file, with phase boundaries marked and a legend when there are several lines.")
        {
            spec,
            label,
            steps,
            start,
            output,
            logY,
            title,
            width,
            height,
            metrics,
        };
        command.SetAction(parseResult =>
        {
            Run(input, new PlotOptions(
                parseResult.GetRequiredValue(spec),
                parseResult.GetValue(label) is { Length: > 0 } labels ? labels : null,
                parseResult.GetValue(steps),
                parseResult.GetValue(start),
                parseResult.GetRequiredValue(output),
                parseResult.GetValue(logY),
                parseResult.GetValue(title),
                parseResult.GetValue(width),
                parseResult.GetValue(height),
                parseResult.GetValue(metrics)));
            return 0;
        });
        return command;
    }

    /// <summary>Validates the options, evaluates the schedules, renders and writes the image.</summary>
    /// <returns>Where the data went in the image.</returns>
    /// <exception cref="LrsUsageException">An input is invalid, or the file cannot be created.</exception>
    /// <exception cref="LrsOutputException">Writing the file failed.</exception>
    internal static PlotLayout Run(InputText input, PlotOptions options)
    {
        var format = FormatOf(options.Out);
        string fullPath = OutputPath(options.Out);
        EvalCommand.CheckRange(options.Start, options.Steps);
        if (options.Labels is { } labels && labels.Length != options.Specs.Length)
        {
            throw new LrsUsageException("--label: give one per --spec (" + options.Specs.Length + " given) or none; got " + labels.Length + ".");
        }

        var metrics = EvalCommand.ReadMetrics(input, options.Metrics);
        var schedules = new List<ILearningRateSchedule>();
        for (int i = 0; i < options.Specs.Length; i++)
        {
            schedules.Add(SpecArgument.Read(input, SpecName(options, i), options.Specs[i], metrics));
        }

        var sources = schedules.Select(s => EvalCommand.CreateSource(s, momentum: false)).ToList();
        int lineCount = sources.Sum(s => s.GroupCount);
        if (lineCount > MaxLines)
        {
            throw new LrsUsageException("--spec: at most " + MaxLines + " lines fit in one plot (one per spec and parameter group); got " + lineCount + ".");
        }

        var names = options.Labels ?? SpecLabels.For(schedules);
        long last = options.Start + options.Steps - 1;
        var lines = new List<PlotLine>();
        for (int i = 0; i < schedules.Count; i++)
        {
            var boundaries = Boundaries(schedules[i], options.Start, last);
            var groups = Sample(sources[i], options.Start, options.Steps, options.LogY);
            for (int g = 0; g < groups.Length; g++)
            {
                if (options.LogY && groups[g].DrawableCount == 0)
                {
                    throw new LrsUsageException("--log-y: " + SpecName(options, i) + (groups.Length > 1 ? " group " + g : string.Empty)
                        + " is 0 at every plotted step, which a log axis cannot show; plot it without --log-y.");
                }

                var (xs, ys) = groups[g].ToPoints();
                string name = groups.Length > 1 ? names[i] + " group " + g : names[i];
                lines.Add(new PlotLine(name, xs, options.LogY ? [.. ys.Select(Math.Log10)] : ys, g == 0 ? boundaries : []));
            }
        }

        bool legend = lines.Count > 1 || options.Labels is not null;
        var chart = new PlotChart(lines, options.Start, last, options.LogY, options.Title, legend, options.Width, options.Height, format);
        var (image, layout) = PlotRenderer.Render(chart);
        Save(fullPath, options.Out, image);
        return layout;
    }

    /// <summary>
    /// Writes the image. A file that cannot be created (no such folder, permission denied, a read-only file system) is
    /// bad input (<see cref="LrsUsageException"/>); a failure while writing it (a full disk) is a failure to write the
    /// output (<see cref="LrsOutputException"/>).
    /// </summary>
    private static void Save(string fullPath, string name, byte[] image)
    {
        FileStream file;
        try
        {
            file = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LrsUsageException("--out: cannot write '" + name + "': " + ex.Message, ex);
        }

        try
        {
            using (file)
            {
                file.Write(image);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LrsOutputException("--out '" + name + "': " + ex.Message, ex);
        }
    }

    private static string SpecName(PlotOptions options, int index) => options.Specs.Length == 1 ? "--spec" : "--spec #" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static PlotFormat FormatOf(string path)
    {
        string extension = Path.GetExtension(path);
        if (extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            return PlotFormat.Png;
        }

        if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            return PlotFormat.Svg;
        }

        throw new LrsUsageException("--out must name a .png or .svg file (the extension chooses the format); got '" + (path.Length <= 128 ? path : path[..128] + "...") + "'.");
    }

    /// <summary>The full path to write, checked before any evaluation: its folder must exist and it must not be a folder.</summary>
    private static string OutputPath(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new LrsUsageException("--out: '" + path + "' is not a valid file name: " + ex.Message, ex);
        }

        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new LrsUsageException("--out: cannot write '" + path + "': the folder '" + folder + "' does not exist.");
        }

        if (Directory.Exists(full))
        {
            throw new LrsUsageException("--out: cannot write '" + path + "': it is a folder.");
        }

        return full;
    }

    private static IReadOnlyList<long> Boundaries(ILearningRateSchedule schedule, long first, long last)
    {
        if (schedule is not LearningRateSchedule composite || last <= first)
        {
            return [];
        }

        // A boundary at the first plotted step is the left edge of the plot, not a change inside it.
        var boundaries = composite.GetPhaseBoundaries(first + 1, last);
        return boundaries.Count <= MaxBoundaries ? boundaries : [];
    }

    private static LineSampler[] Sample(IEvalSource source, long start, long steps, bool logY)
    {
        int groups = source.GroupCount;
        var samplers = new LineSampler[groups];
        for (int g = 0; g < groups; g++)
        {
            samplers[g] = new LineSampler(start, steps, maskNonPositive: logY);
        }

        int chunk = EvalWriter.StepsPerChunk(groups, steps);
        var values = new double[(long)chunk * groups];
        for (long done = 0; done < steps;)
        {
            int n = (int)Math.Min(chunk, steps - done);
            var span = values.AsSpan(0, n * groups);
            source.Evaluate(start + done, span);
            for (int g = 0; g < groups; g++)
            {
                samplers[g].Add(span, groups, g);
            }

            done += n;
        }

        return samplers;
    }
}
