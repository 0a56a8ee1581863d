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
    public const long MaxSpecFileBytes = (3L * ScheduleSpec.MaxLength) + 3;

    public static Command Create(TextWriter stdout)
    {
        var spec = new Option<string>("--spec")
        {
            Description = "The schedule as a JSON spec (see docs/spec.md), or @path to read it from a file.",
            HelpName = "json|@file",
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
            Description = "Metric values for schedules that react to them (plateau, timm.PlateauLRScheduler): finite numbers separated by commas or whitespace, or @path to read them from a file. The value at step k has seen metrics 0..k-1.",
            HelpName = "list|@file",
        };

        var command = new Command("eval", "Print the learning rate at steps S, S+1, ..., S+N-1, one line each, in shortest round-trip form.")
        {
            spec,
            steps,
            start,
            metrics,
        };
        command.SetAction(parseResult =>
        {
            Run(
                parseResult.GetRequiredValue(spec),
                parseResult.GetValue(steps),
                parseResult.GetValue(start),
                parseResult.GetValue(metrics),
                stdout);
            return 0;
        });
        return command;
    }

    /// <summary>Validates the inputs, then evaluates and prints.</summary>
    /// <exception cref="LrsUsageException">An input is invalid.</exception>
    internal static void Run(string specArgument, long steps, long start, string? metricsArgument, TextWriter stdout)
    {
        if (steps > 0 && start > long.MaxValue - (steps - 1))
        {
            throw new LrsUsageException(
                "--start + --steps - 1 must not exceed " + Format(long.MaxValue) + "; got --start " + Format(start) + " with --steps " + Format(steps) + ".");
        }

        IReadOnlyList<double>? metricValues = metricsArgument is null
            ? null
            : Metrics.Parse("--metrics", InputText.Resolve("--metrics", metricsArgument, Metrics.MaxFileBytes));
        var schedule = ReadSpec(specArgument, metricValues);
        EvalWriter.Write(CreateSource(schedule, metricValues ?? []), start, steps, stdout);
    }

    /// <summary>
    /// The values to print for <paramref name="schedule"/>. <paramref name="metrics"/> is for schedules that react to
    /// metrics (none yet), and multi-group schedules will return a source with several groups.
    /// </summary>
    internal static IEvalSource CreateSource(ILearningRateSchedule schedule, IReadOnlyList<double> metrics)
    {
        _ = metrics;
        return new SingleGroupSource(schedule);
    }

    private static ILearningRateSchedule ReadSpec(string argument, IReadOnlyList<double>? metrics)
    {
        string json = InputText.Resolve("--spec", argument, MaxSpecFileBytes);
        try
        {
            return ScheduleSpec.Parse(json, metrics);
        }
        catch (ScheduleSpecException ex)
        {
            string where = argument.StartsWith('@') ? "--spec " + argument : "--spec";
            throw new LrsUsageException(where + ": " + ex.Message, ex);
        }
    }

    private static long ParseInteger(ArgumentResult result, string option, long max)
    {
        string range = "an integer in [0, " + Format(max) + "]";
        if (result.Tokens.Count != 1)
        {
            result.AddError(option + " requires one value: " + range + ".");
            return 0;
        }

        string token = result.Tokens[0].Value;
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < 0 || value > max)
        {
            result.AddError(option + " must be " + range + "; got \"" + (token.Length <= 64 ? token : token[..64] + "...") + "\".");
            return 0;
        }

        return value;
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
