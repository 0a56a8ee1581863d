using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using LrSchedules.Analytics;

namespace LrSchedules.Cli;

/// <summary>
/// <c>lrs analyze</c>: what a schedule does over steps <c>0..N-1</c> (<see cref="ScheduleAnalysis"/>): the forward and
/// annealing areas the loss laws depend on, peak, mean, minimum and final rate, and the phases; as a table, or as one
/// JSON object with <c>--format json</c>.
/// </summary>
internal static class AnalyzeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Receives the table or the JSON.</param>
    /// <param name="input">Resolves <c>@file</c> and <c>@-</c> option values.</param>
    public static Command Create(TextWriter stdout, InputText input)
    {
        var spec = new Option<string>("--spec")
        {
            Description = "The schedule as a JSON spec, @path to read it from a file, or @- from standard input.",
            HelpName = "json|@file|@-",
            Required = true,
        };
        var steps = new Option<long>("--steps")
        {
            Description = "The horizon N: steps 0..N-1 are analyzed, N in [1, " + EvalCommand.Format(EvalCommand.MaxSteps) + "].",
            HelpName = "N",
            Required = true,
            CustomParser = r => EvalCommand.ParseInteger(r, "--steps", 1, EvalCommand.MaxSteps),
        };
        var lambda = new Option<double>("--lambda")
        {
            Description = "The decay factor of the annealing area S2, in [0, 1). Default 0.999.",
            HelpName = "L",
            DefaultValueFactory = _ => AnnealingLaw.DefaultLambda,
            CustomParser = r => ParseNumber(r, "--lambda", 0, 1, maxInclusive: false),
        };
        var format = new Option<string>("--format")
        {
            Description = "table (default): one quantity per line; json: one JSON object.",
            HelpName = "table|json",
            DefaultValueFactory = _ => "table",
            CustomParser = r => ParseChoice(r, "--format", "table", "json"),
        };
        var command = new Command("analyze", "Analyze a schedule over N steps: forward area S1 (sum of rates), annealing area S2, peak, mean, minimum, final rate and phases.")
        {
            spec,
            steps,
            lambda,
            format,
        };
        command.SetAction(parseResult =>
        {
            var schedule = SpecArgument.Read(input, "--spec", parseResult.GetRequiredValue(spec), null);
            var analysis = ScheduleAnalysis.Analyze(schedule, parseResult.GetValue(steps), parseResult.GetValue(lambda));
            stdout.Write(parseResult.GetValue(format) == "json" ? Json(analysis) : Table(analysis));
            return 0;
        });
        return command;
    }

    /// <summary>The analysis as a two-column table, every line ending in <c>"\n"</c>.</summary>
    internal static string Table(ScheduleAnalysis a)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("steps", EvalCommand.Format(a.Steps)),
            ("forward area S1", R(a.ForwardArea)),
            ("annealing area S2", R(a.AnnealingArea) + " (lambda " + R(a.AnnealingDecay) + ")"),
            ("peak", R(a.Peak) + " at step " + EvalCommand.Format(a.PeakStep)),
            ("mean", R(a.Mean)),
            ("minimum", R(a.Minimum)),
            ("final", R(a.Final) + " at step " + EvalCommand.Format(a.Steps - 1)),
            ("phases", a.Phases.Count.ToString(CultureInfo.InvariantCulture)),
        };
        for (int i = 0; i < a.Phases.Count; i++)
        {
            var p = a.Phases[i];
            rows.Add(("phase " + (i + 1).ToString(CultureInfo.InvariantCulture), "steps " + EvalCommand.Format(p.FirstStep) + ".." + EvalCommand.Format(p.FirstStep + p.Steps - 1) + " (" + EvalCommand.Format(p.Steps) + " steps)"));
        }

        int width = rows.Max(r => r.Name.Length);
        var sb = new StringBuilder();
        foreach (var (name, value) in rows)
        {
            sb.Append(name.PadRight(width + 2)).Append(value).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The analysis as one JSON object and a newline.</summary>
    internal static string Json(ScheduleAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append("{\"steps\":").Append(EvalCommand.Format(a.Steps))
            .Append(",\"s1\":").Append(R(a.ForwardArea))
            .Append(",\"s2\":").Append(R(a.AnnealingArea))
            .Append(",\"lambda\":").Append(R(a.AnnealingDecay))
            .Append(",\"peak\":").Append(R(a.Peak))
            .Append(",\"peak_step\":").Append(EvalCommand.Format(a.PeakStep))
            .Append(",\"mean\":").Append(R(a.Mean))
            .Append(",\"min\":").Append(R(a.Minimum))
            .Append(",\"final\":").Append(R(a.Final))
            .Append(",\"phases\":[");
        for (int i = 0; i < a.Phases.Count; i++)
        {
            sb.Append(i > 0 ? "," : string.Empty).Append("{\"first_step\":").Append(EvalCommand.Format(a.Phases[i].FirstStep))
                .Append(",\"steps\":").Append(EvalCommand.Format(a.Phases[i].Steps)).Append('}');
        }

        return sb.Append("]}\n").ToString();
    }

    /// <summary>Shortest round-trip, invariant culture.</summary>
    internal static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses a finite number in <c>[min, max]</c> (or <c>[min, max)</c>), naming the option and the range on error.</summary>
    internal static double ParseNumber(ArgumentResult result, string option, double min, double max, bool maxInclusive = true, bool minInclusive = true)
    {
        string range = "a finite number in " + (minInclusive ? "[" : "(") + R(min) + ", " + (double.IsPositiveInfinity(max) ? "+inf" : R(max)) + (maxInclusive && !double.IsPositiveInfinity(max) ? "]" : ")");
        if (result.Tokens.Count != 1)
        {
            result.AddError(option + " requires one value: " + range + ".");
            return min;
        }

        string token = result.Tokens[0].Value;
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value)
            || (minInclusive ? value < min : value <= min) || (maxInclusive ? value > max : value >= max))
        {
            result.AddError(option + " must be " + range + "; got \"" + (token.Length <= 64 ? token : token[..64] + "...") + "\".");
            return min;
        }

        return value;
    }

    /// <summary>Parses one of <paramref name="choices"/>, naming the option and the choices on error.</summary>
    internal static string ParseChoice(ArgumentResult result, string option, params string[] choices)
    {
        string? token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (token is not null && choices.Contains(token))
        {
            return token;
        }

        result.AddError(option + " must be " + string.Join(" or ", choices) + (token is null ? "." : "; got \"" + (token.Length <= 64 ? token : token[..64] + "...") + "\"."));
        return choices[0];
    }
}
