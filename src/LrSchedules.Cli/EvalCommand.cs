using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LrSchedules.Specs;

namespace LrSchedules.Cli;

/// <summary><c>lrs eval</c>: prints a schedule's learning rate at consecutive steps.</summary>
internal static class EvalCommand
{
    /// <summary>The largest <c>--steps</c> accepted.</summary>
    public const long MaxSteps = 1_000_000_000;

    /// <summary>The largest <c>--spec @file</c> accepted, in bytes (UTF-8 of <see cref="ScheduleSpec.MaxLength"/> characters).</summary>
    public const long MaxSpecFileBytes = SpecArgument.MaxFileBytes;

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Receives the rows.</param>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c> option values.</param>
    public static Command Create(TextWriter stdout, InputText input)
    {
        var spec = new Option<string>("--spec")
        {
            Description = "The schedule as a JSON spec (see docs/spec.md), @path to read it from a file, or @- to read it from standard input.",
            HelpName = "json|@file|@-",
            Required = true,
        };
        var steps = new Option<long>("--steps")
        {
            Description = "Number of steps to print, in [0, " + Format(MaxSteps) + "].",
            HelpName = "N",
            Required = true,
            CustomParser = r => ParseInteger(r, "--steps", MaxSteps),
        };
        var start = new Option<long>("--start")
        {
            Description = "First step, in [0, " + Format(long.MaxValue) + "]; start + N - 1 must not exceed that. Default 0.",
            HelpName = "S",
            CustomParser = r => ParseInteger(r, "--start", long.MaxValue),
        };
        var metrics = new Option<string>("--metrics")
        {
            Description = MetricsDescription,
            HelpName = "list|@file|@-",
        };
        var momentum = new Option<bool>("--momentum")
        {
            Description = "Print the momentum each step sets instead of the learning rate (torch.CyclicLR and torch.OneCycleLR specs with a \"momentum\").",
        };
        var format = new Option<EvalFormat>("--format")
        {
            Description = "plain (default): the values only, one line per step; csv: a header (step,lr or step,lr0,lr1,...; momentum with --momentum), then step,value rows.",
            HelpName = "plain|csv",
            CustomParser = ParseFormat,
        };

        var command = new Command("eval", "Print the learning rate at steps S, S+1, ..., S+N-1, one line each, in shortest round-trip form.")
        {
            spec,
            steps,
            start,
            metrics,
            momentum,
            format,
        };
        command.SetAction(parseResult =>
        {
            Run(
                input,
                parseResult.GetRequiredValue(spec),
                parseResult.GetValue(steps),
                parseResult.GetValue(start),
                parseResult.GetValue(metrics),
                stdout,
                parseResult.GetValue(momentum),
                parseResult.GetValue(format));
            return 0;
        });
        return command;
    }

    /// <summary>The help text of <c>--metrics</c> (eval and plot).</summary>
    internal const string MetricsDescription = "Metric values for schedules that react to them (plateau, timm.PlateauLRScheduler, torch.ReduceLROnPlateau): finite numbers separated by commas or whitespace, @path to read them from a file, or @- from standard input. The value at step k has seen metrics 0..k-1.";

    /// <summary>Validates the inputs, then evaluates and prints.</summary>
    /// <exception cref="LrsUsageException">An input is invalid.</exception>
    internal static void Run(InputText input, string specArgument, long steps, long start, string? metricsArgument, TextWriter stdout, bool momentum = false, EvalFormat format = EvalFormat.Plain)
    {
        CheckRange(start, steps);
        var metricValues = ReadMetrics(input, metricsArgument);
        var schedule = SpecArgument.Read(input, "--spec", specArgument, metricValues);
        EvalWriter.Write(CreateSource(schedule, momentum), start, steps, stdout, format, momentum ? "momentum" : "lr");
    }

    /// <summary>Rejects a <c>--start</c> and <c>--steps</c> whose last step would pass <see cref="long.MaxValue"/>.</summary>
    /// <exception cref="LrsUsageException">The range overflows.</exception>
    internal static void CheckRange(long start, long steps)
    {
        if (steps > 0 && start > long.MaxValue - (steps - 1))
        {
            throw new LrsUsageException(
                "--start + --steps - 1 must not exceed " + Format(long.MaxValue) + "; got --start " + Format(start) + " with --steps " + Format(steps) + ".");
        }
    }

    /// <summary>The <c>--metrics</c> values, or null when the option is not given.</summary>
    /// <exception cref="LrsUsageException">The list is invalid or its file cannot be read.</exception>
    internal static double[]? ReadMetrics(InputText input, string? metricsArgument)
    {
        if (metricsArgument is null)
        {
            return null;
        }

        using var reader = input.Open("--metrics", metricsArgument, Metrics.MaxFileBytes);
        return Metrics.Parse("--metrics", reader);
    }

    /// <summary>
    /// The values to print for <paramref name="schedule"/>: every parameter group of a grouped schedule (comma-separated
    /// on one line), or its momentums when <paramref name="momentum"/> is set.
    /// </summary>
    internal static IEvalSource CreateSource(ILearningRateSchedule schedule, bool momentum)
    {
        if (schedule is IGroupedSchedule grouped)
        {
            if (momentum && !grouped.HasMomentum)
            {
                throw new LrsUsageException("--momentum: this schedule sets no momentum (give a torch.CyclicLR or torch.OneCycleLR spec with \"momentum\" and cycle_momentum true).");
            }

            return new GroupedSource(grouped, momentum);
        }

        return momentum
            ? throw new LrsUsageException("--momentum: this schedule sets no momentum; torch.CyclicLR / torch.OneCycleLR specs with a \"momentum\" and deepspeed.OneCycle with cycle_momentum do.")
            : new SingleGroupSource(schedule);
    }

    private static EvalFormat ParseFormat(ArgumentResult result)
    {
        string? token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        switch (token)
        {
            case "plain":
                return EvalFormat.Plain;
            case "csv":
                return EvalFormat.Csv;
            default:
                result.AddError("--format must be plain or csv" + (token is null ? "." : "; got \"" + (token.Length <= 64 ? token : token[..64] + "...") + "\"."));
                return EvalFormat.Plain;
        }
    }

    /// <summary>Parses an integer option in <c>[0, max]</c>, naming the option and the range on error.</summary>
    internal static long ParseInteger(ArgumentResult result, string option, long max) => ParseInteger(result, option, 0, max);

    /// <summary>Parses an integer option in <c>[min, max]</c>, naming the option and the range on error.</summary>
    internal static long ParseInteger(ArgumentResult result, string option, long min, long max)
    {
        string range = "an integer in [" + Format(min) + ", " + Format(max) + "]";
        if (result.Tokens.Count != 1)
        {
            result.AddError(option + " requires one value: " + range + ".");
            return min;
        }

        string token = result.Tokens[0].Value;
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            result.AddError(option + " must be " + range + "; got \"" + (token.Length <= 64 ? token : token[..64] + "...") + "\".");
            return min;
        }

        return value;
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
