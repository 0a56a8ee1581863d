using System.CommandLine;
using System.Text;
using LrSchedules.Analytics;

namespace LrSchedules.Cli;

/// <summary>
/// <c>lrs optimize</c>: the schedule a fitted law predicts to end at the lowest loss (<see cref="ScheduleOptimizer"/>):
/// a linear warmup of W steps to the peak, then non-increasing and never below the floor. Prints its spec (a native
/// <c>piecewise_interpolation</c>), or writes it to <c>--out</c> and prints the predicted final loss.
/// </summary>
internal static class OptimizeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Receives the spec or the summary line.</param>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c> option values.</param>
    public static Command Create(TextWriter stdout, InputText input)
    {
        var law = new Option<string>("--law")
        {
            Description = "The law as JSON (as lrs fit prints it), @path or @-.",
            HelpName = "json|@file|@-",
            Required = true,
        };
        var steps = new Option<long>("--steps")
        {
            Description = "The horizon N, in [2, " + EvalCommand.Format(ScheduleOptimizer.MaxSteps) + "]: the predicted loss at step N-1 is minimized.",
            HelpName = "N",
            Required = true,
            CustomParser = r => EvalCommand.ParseInteger(r, "--steps", 2, ScheduleOptimizer.MaxSteps),
        };
        var warmup = new Option<long>("--warmup")
        {
            Description = "The linear warmup W, kept as it is (rate peak * k / (W - 1) at step k < W): 0 (none) or in [2, N - 1].",
            HelpName = "W",
            Required = true,
            CustomParser = r => EvalCommand.ParseInteger(r, "--warmup", 0, ScheduleOptimizer.MaxSteps),
        };
        var peak = new Option<double>("--peak")
        {
            Description = "The peak rate, reached at step W - 1 and never exceeded after it: a finite number in (0, +inf).",
            HelpName = "P",
            Required = true,
            CustomParser = r => AnalyzeCommand.ParseNumber(r, "--peak", 0, double.PositiveInfinity, minInclusive: false),
        };
        var floor = new Option<double?>("--floor")
        {
            Description = "The lowest rate after the warmup, in (0, P]. Default P / 1000.",
            HelpName = "F",
            CustomParser = r => AnalyzeCommand.ParseNumber(r, "--floor", 0, double.PositiveInfinity, minInclusive: false),
        };
        var output = new Option<string>("--out")
        {
            Description = "Write the spec to this file (an existing file is replaced) and print the predicted final loss instead.",
            HelpName = "spec.json",
        };
        var command = new Command("optimize", "Find the schedule a fitted law predicts to end at the lowest loss after N steps (warmup kept, then non-increasing, never below the floor).")
        {
            law,
            steps,
            warmup,
            peak,
            floor,
            output,
        };
        command.SetAction(parseResult =>
        {
            Run(input, stdout, parseResult.GetRequiredValue(law), parseResult.GetValue(steps), parseResult.GetValue(warmup), parseResult.GetValue(peak), parseResult.GetValue(floor), parseResult.GetValue(output));
            return 0;
        });
        return command;
    }

    /// <summary>Validates, optimizes, prints or writes.</summary>
    /// <exception cref="LrsUsageException">An input is invalid, or the file cannot be written.</exception>
    internal static void Run(InputText input, TextWriter stdout, string lawArgument, long steps, long warmup, double peak, double? floor, string? output)
    {
        if (warmup == 1 || warmup > steps - 1)
        {
            throw new LrsUsageException("--warmup must be 0 (no warmup) or an integer in [2, --steps - 1 = " + EvalCommand.Format(steps - 1) + "]; got " + EvalCommand.Format(warmup) + ".");
        }

        double f = floor ?? (peak / 1000);
        if (f > peak)
        {
            throw new LrsUsageException("--floor must not exceed --peak (" + AnalyzeCommand.R(peak) + "); got " + AnalyzeCommand.R(f) + ".");
        }

        var law = LawArgument.Read(input, lawArgument);
        var result = ScheduleOptimizer.Optimize(law, steps, warmup, peak, f);
        string spec = result.ToSpecJson() + "\n";
        if (output is null)
        {
            stdout.Write(spec);
            return;
        }

        try
        {
            File.WriteAllText(output, spec, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LrsUsageException("--out: cannot write '" + output + "': " + ex.Message, ex);
        }

        stdout.Write("predicted loss at step " + EvalCommand.Format(steps - 1) + ": " + AnalyzeCommand.R(result.PredictedFinalLoss) + "\n");
    }
}
