using System.Globalization;
using LrSchedules.Analytics.Internal;

namespace LrSchedules.Analytics;

/// <summary>
/// An observed training run: the schedule it was trained with and its loss at some steps (the loss recorded at step
/// <c>t</c> follows the updates of steps <c>0..t</c>). Immutable and thread-safe.
/// </summary>
public sealed class LossRun
{
    private readonly long[] _steps;
    private readonly double[] _losses;
    private RateTrace? _trace;

    /// <summary>Creates a run.</summary>
    /// <param name="schedule">The schedule the run was trained with.</param>
    /// <param name="steps">The steps of the observations: at least one, strictly increasing, each in <c>[0, horizon - 1]</c>.</param>
    /// <param name="losses">The observed losses, as many as <paramref name="steps"/>, each finite and in <c>(0, +inf)</c>.</param>
    /// <param name="name">A name for reports (e.g. the file it came from); default <c>"run"</c>.</param>
    /// <param name="horizon">The run's length in steps, in <c>[1, long.MaxValue]</c>: every step must be below it; default <c>long.MaxValue</c> (no limit).</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/>, <paramref name="steps"/> or <paramref name="losses"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no points, the counts differ or the steps are not strictly increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step or loss, or the horizon, is outside its range.</exception>
    public LossRun(ILearningRateSchedule schedule, IEnumerable<long> steps, IEnumerable<double> losses, string? name = null, long horizon = long.MaxValue)
    {
        Schedule = Check.NotNull(schedule, nameof(schedule));
        _steps = [.. Check.NotNull(steps, nameof(steps))];
        _losses = [.. Check.NotNull(losses, nameof(losses))];
        Name = name ?? "run";
        Horizon = Check.InRange(horizon, 1, long.MaxValue, nameof(horizon));
        if (_steps.Length == 0)
        {
            throw Check.Invalid(nameof(steps), "must contain at least one point; got none.");
        }

        if (_losses.Length != _steps.Length)
        {
            throw Check.Invalid(nameof(losses), "must have exactly as many values as steps (" + _steps.Length + "); got " + _losses.Length + ".");
        }

        for (int i = 0; i < _steps.Length; i++)
        {
            if (_steps[i] < 0 || _steps[i] >= horizon)
            {
                throw new ArgumentOutOfRangeException(nameof(steps), "steps[" + i + "] must be in [0, " + Check.Format(horizon - 1) + "] (the run's horizon is " + Check.Format(horizon) + " steps); got " + Check.Format(_steps[i]) + ".");
            }

            if (i > 0 && _steps[i] <= _steps[i - 1])
            {
                throw Check.Invalid(nameof(steps), "must be strictly increasing; steps[" + i + "] = " + Check.Format(_steps[i]) + " follows " + Check.Format(_steps[i - 1]) + ".");
            }

            if (!(_losses[i] > 0) || !double.IsFinite(_losses[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(losses), "losses[" + i + "] must be a finite number in (0, +inf); got " + Check.Format(_losses[i]) + ".");
            }
        }
    }

    /// <summary>The schedule the run was trained with.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The steps of the observations, strictly increasing.</summary>
    public IReadOnlyList<long> Steps => _steps;

    /// <summary>The observed losses.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>The run's name, for reports.</summary>
    public string Name { get; }

    /// <summary>The run's length in steps (every observation is below it).</summary>
    public long Horizon { get; }

    /// <summary>The number of observations.</summary>
    public int Count => _steps.Length;

    /// <summary>The schedule's trace at the observed steps (built once, on first use; rates in the schedule's units).</summary>
    internal RateTrace Trace => _trace ??= RateTrace.Build(Schedule, _steps);

    internal ReadOnlySpan<double> LossSpan => _losses;

    /// <summary>
    /// Reads a run's observations from CSV text: a header line naming the columns, among them <c>step</c> (an integer)
    /// and <c>loss</c> (a number), others ignored; then one row per observation, comma-separated, with steps strictly
    /// increasing and below <paramref name="horizon"/>, and losses finite and positive. Blank lines are skipped; fields
    /// are not quoted.
    /// </summary>
    /// <param name="schedule">The schedule the run was trained with.</param>
    /// <param name="csv">The CSV text.</param>
    /// <param name="name">A name for reports; default <c>"run"</c>.</param>
    /// <param name="horizon">The run's length in steps, in <c>[1, long.MaxValue]</c>; default <c>long.MaxValue</c>.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> or <paramref name="csv"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> is outside its range.</exception>
    /// <exception cref="FormatException">The text is empty, has a header only, lacks a column, or a row is invalid; the message names the line (1-based) and the value.</exception>
    public static LossRun ParseCsv(ILearningRateSchedule schedule, string csv, string? name = null, long horizon = long.MaxValue)
    {
        Check.NotNull(schedule, nameof(schedule));
        Check.NotNull(csv, nameof(csv));
        Check.InRange(horizon, 1, long.MaxValue, nameof(horizon));
        var lines = csv.Split('\n');
        int lineNo = 0;
        int stepColumn = -1, lossColumn = -1, columns = 0;
        bool header = false;
        var steps = new List<long>();
        var losses = new List<double>();
        foreach (string raw in lines)
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.Length > 0 && lineNo == 1 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            if (!header)
            {
                header = true;
                columns = fields.Length;
                for (int c = 0; c < fields.Length; c++)
                {
                    string f = fields[c].Trim();
                    if (f == "step" && stepColumn < 0)
                    {
                        stepColumn = c;
                    }
                    else if (f == "loss" && lossColumn < 0)
                    {
                        lossColumn = c;
                    }
                }

                if (stepColumn < 0 || lossColumn < 0)
                {
                    throw new FormatException("line " + lineNo + ": the header must name the columns step and loss (others are ignored); got \"" + Shorten(line) + "\".");
                }

                continue;
            }

            if (fields.Length != columns)
            {
                throw new FormatException("line " + lineNo + ": expected " + columns + " comma-separated fields, as in the header; got " + fields.Length + ".");
            }

            string stepText = fields[stepColumn].Trim(), lossText = fields[lossColumn].Trim();
            if (!long.TryParse(stepText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long step) || step < 0)
            {
                throw new FormatException("line " + lineNo + ": step must be an integer in [0, " + Check.Format(long.MaxValue - 1) + "]; got \"" + Shorten(stepText) + "\".");
            }

            if (step >= horizon)
            {
                throw new FormatException("line " + lineNo + ": step " + Check.Format(step) + " is outside the run's horizon of " + Check.Format(horizon) + " steps (steps 0.." + Check.Format(horizon - 1) + ").");
            }

            if (steps.Count > 0 && step <= steps[^1])
            {
                throw new FormatException("line " + lineNo + ": steps must be strictly increasing; step " + Check.Format(step) + " follows step " + Check.Format(steps[^1]) + ".");
            }

            if (!double.TryParse(lossText, NumberStyles.Float, CultureInfo.InvariantCulture, out double loss) || !double.IsFinite(loss) || !(loss > 0))
            {
                throw new FormatException("line " + lineNo + ": loss must be a finite number in (0, +inf); got \"" + Shorten(lossText) + "\".");
            }

            steps.Add(step);
            losses.Add(loss);
        }

        if (!header)
        {
            throw new FormatException("is empty: expected a header line naming the columns step and loss, then one row per observation.");
        }

        if (steps.Count == 0)
        {
            throw new FormatException("has a header but no data rows: expected one row per observation after it.");
        }

        return new LossRun(schedule, steps, losses, name, horizon);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
