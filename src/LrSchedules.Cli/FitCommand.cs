using System.CommandLine;
using System.Globalization;
using System.Text;
using LrSchedules.Analytics;

namespace LrSchedules.Cli;

/// <summary>
/// <c>lrs fit</c>: fits a loss law (<see cref="LossLawFitter"/>) to one or more observed runs, each a schedule and a CSV
/// of its losses, and prints the law as JSON (<see cref="LossLaw.ToJson"/>) with the fit statistics in a <c>"fit"</c>
/// field; <c>--law</c> of <c>lrs predict</c> and <c>lrs optimize</c> reads that document back.
/// </summary>
internal static class FitCommand
{
    /// <summary>The largest losses CSV accepted, in bytes.</summary>
    public const long MaxCsvBytes = 64L << 20;

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Receives the law.</param>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c> option values.</param>
    public static Command Create(TextWriter stdout, InputText input)
    {
        var law = new Option<string>("--law")
        {
            Description = "The law to fit: mpl (the Multi-Power Law of Luo et al. 2025) or annealing (Tissue et al. 2024).",
            HelpName = "mpl|annealing",
            Required = true,
            CustomParser = r => AnalyzeCommand.ParseChoice(r, "--law", "mpl", "annealing"),
        };
        var run = new Option<string[]>("--run")
        {
            Description = "An observed run: its schedule (JSON spec, @file or @-), '=', and the path of a CSV with a header naming the columns step and loss (others ignored), steps strictly increasing. The CSV path is what follows the last '='. Repeat for several runs.",
            HelpName = "spec=losses.csv",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var horizon = new Option<long[]>("--horizon")
        {
            Description = "The length of the runs in steps, in [1, " + EvalCommand.Format(EvalCommand.MaxSteps) + "]: a CSV step at or past it is an error. Give one for every run, or one per --run in order. Default: no limit.",
            HelpName = "N",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var lambda = new Option<double?>("--lambda")
        {
            Description = "annealing only: keep lambda fixed at this value in [0, 1) (Tissue et al. use 0.999) instead of fitting it.",
            HelpName = "L",
            CustomParser = r => AnalyzeCommand.ParseNumber(r, "--lambda", 0, 1, maxInclusive: false),
        };
        var output = new Option<string>("--out")
        {
            Description = "Also write the law (the same JSON document) to this file; an existing file is replaced.",
            HelpName = "law.json",
        };
        var method = new Option<string>("--method")
        {
            Description = "lm (default): Levenberg–Marquardt to convergence, the closest fit to the runs; adamw: the Multi-Power Law fit of Luo et al.'s code (early-stopped AdamW), which fits the runs less closely and extrapolates to longer runs better (mpl only).",
            HelpName = "lm|adamw",
            DefaultValueFactory = _ => "lm",
            CustomParser = r => AnalyzeCommand.ParseChoice(r, "--method", "lm", "adamw"),
        };
        var command = new Command("fit", "Fit a loss law to observed runs (a schedule and a CSV of losses each) and print it as JSON, with R², PredE and WorstE.")
        {
            law,
            run,
            horizon,
            lambda,
            method,
            output,
        };
        command.SetAction(parseResult =>
        {
            Run(input, stdout, parseResult.GetRequiredValue(law), parseResult.GetRequiredValue(run), parseResult.GetValue(horizon) ?? [], parseResult.GetValue(lambda), parseResult.GetValue(output), parseResult.GetValue(method) == "adamw" ? LossLawFitMethod.EarlyStoppedAdamW : LossLawFitMethod.LevenbergMarquardt);
            return 0;
        });
        return command;
    }

    /// <summary>Reads the runs, fits, prints (and writes) the law.</summary>
    /// <exception cref="LrsUsageException">An input is invalid, or the file cannot be written.</exception>
    internal static void Run(InputText input, TextWriter stdout, string lawName, string[] runArguments, long[] horizons, double? lambda, string? output, LossLawFitMethod method = LossLawFitMethod.LevenbergMarquardt)
    {
        var kind = lawName == "mpl" ? LossLawKind.MultiPower : LossLawKind.Annealing;
        if (horizons.Length > 1 && horizons.Length != runArguments.Length)
        {
            throw new LrsUsageException("--horizon: give one for every run or one per --run (" + runArguments.Length + " given); got " + horizons.Length + ".");
        }

        foreach (long h in horizons)
        {
            if (h < 1 || h > EvalCommand.MaxSteps)
            {
                throw new LrsUsageException("--horizon must be an integer in [1, " + EvalCommand.Format(EvalCommand.MaxSteps) + "]; got " + EvalCommand.Format(h) + ".");
            }
        }

        if (lambda is not null && kind != LossLawKind.Annealing)
        {
            throw new LrsUsageException("--lambda applies to --law annealing only.");
        }

        if (method == LossLawFitMethod.EarlyStoppedAdamW && kind != LossLawKind.MultiPower)
        {
            throw new LrsUsageException("--method adamw applies to --law mpl only.");
        }

        var runs = new List<LossRun>();
        for (int i = 0; i < runArguments.Length; i++)
        {
            long h = horizons.Length == 0 ? long.MaxValue : horizons[horizons.Length == 1 ? 0 : i];
            runs.Add(ReadRun(input, RunName(runArguments.Length, i), runArguments[i], h));
        }

        LossLawFit fit;
        try
        {
            fit = LossLawFitter.Fit(kind, runs, new LossLawFitOptions { Lambda = lambda, Method = method });
        }
        catch (ArgumentException ex)
        {
            throw new LrsUsageException("--run: " + ex.Message.Split(" (Parameter")[0], ex);
        }

        string json = Document(fit) + "\n";
        if (output is not null)
        {
            try
            {
                File.WriteAllText(output, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new LrsUsageException("--out: cannot write '" + output + "': " + ex.Message, ex);
            }
        }

        stdout.Write(json);
    }

    /// <summary>The law's JSON with a <c>"fit"</c> object: points, r2, pred_e, worst_e, log_rss (sum of squared log residuals), iterations, starts and each run's errors.</summary>
    internal static string Document(LossLawFit fit)
    {
        string law = fit.Law.ToJson();
        var sb = new StringBuilder(law, 0, law.Length - 1, law.Length + 256);
        sb.Append(",\"fit\":{\"points\":").Append(fit.Points.ToString(CultureInfo.InvariantCulture))
            .Append(",\"r2\":").Append(AnalyzeCommand.R(fit.RSquared))
            .Append(",\"pred_e\":").Append(AnalyzeCommand.R(fit.Errors.PredE))
            .Append(",\"worst_e\":").Append(AnalyzeCommand.R(fit.Errors.WorstE))
            .Append(",\"log_rss\":").Append(AnalyzeCommand.R(fit.LogResidualSumOfSquares))
            .Append(",\"iterations\":").Append(fit.Iterations.ToString(CultureInfo.InvariantCulture))
            .Append(",\"starts\":").Append(fit.StartsTried.ToString(CultureInfo.InvariantCulture))
            .Append(",\"runs\":[");
        for (int i = 0; i < fit.Errors.Runs.Count; i++)
        {
            var r = fit.Errors.Runs[i];
            sb.Append(i > 0 ? "," : string.Empty).Append("{\"name\":\"").Append(System.Text.Json.JsonEncodedText.Encode(r.Name).ToString()).Append('"')
                .Append(",\"points\":").Append(r.Points.ToString(CultureInfo.InvariantCulture))
                .Append(",\"pred_e\":").Append(AnalyzeCommand.R(r.MeanRelativeError))
                .Append(",\"worst_e\":").Append(AnalyzeCommand.R(r.WorstRelativeError))
                .Append(",\"worst_step\":").Append(EvalCommand.Format(r.WorstStep)).Append('}');
        }

        return sb.Append("]}}").ToString();
    }

    private static string RunName(int count, int index) => count == 1 ? "--run" : "--run #" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static LossRun ReadRun(InputText input, string option, string argument, long horizon)
    {
        int eq = argument.LastIndexOf('=');
        if (eq <= 0 || eq == argument.Length - 1)
        {
            throw new LrsUsageException(option + " must be <spec|@file>=<losses.csv> (the schedule, '=', the CSV path); got \"" + (argument.Length <= 64 ? argument : argument[..64] + "...") + "\".");
        }

        string path = argument[(eq + 1)..];
        var schedule = SpecArgument.Read(input, option + " spec", argument[..eq], null);
        string csv = input.Resolve(option, "@" + path, MaxCsvBytes);
        try
        {
            return LossRun.ParseCsv(schedule, csv, path, horizon);
        }
        catch (FormatException ex)
        {
            throw new LrsUsageException(option + ": " + path + " " + ex.Message, ex);
        }
    }
}
