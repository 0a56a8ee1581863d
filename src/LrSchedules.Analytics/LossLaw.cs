using System.Globalization;
using System.Text;
using System.Text.Json;
using LrSchedules.Analytics.Internal;

namespace LrSchedules.Analytics;

/// <summary>
/// A law that predicts the training loss at step <c>t</c> from the learning rates of steps <c>0..t</c>:
/// <see cref="MultiPowerLaw"/> or <see cref="AnnealingLaw"/>. A value with value equality; immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Steps are 0-based, as everywhere in LrSchedules: the loss recorded at step <c>t</c> follows the updates of steps
/// <c>0..t</c> (<c>t + 1</c> updates), and <c>S(t) = lr_0 + ... + lr_t</c>. Where <c>S(t) = 0</c> (a warmup from 0, at
/// step 0) every law predicts <c>+inf</c>.
/// </para>
/// <para>
/// JSON form (<see cref="ToJson"/>, <see cref="Parse"/>): an object with <c>"law"</c> (<c>"mpl"</c> or
/// <c>"annealing"</c>) and one field per parameter, named as in <see cref="ParameterNames"/>, e.g.
/// <c>{"law": "mpl", "L0": 3.04, "A": 0.52, "alpha": 0.51, "B": 364, "C": 2.07, "beta": 0.58, "gamma": 0.64}</c>.
/// </para>
/// </remarks>
public abstract record LossLaw
{
    private protected LossLaw()
    {
    }

    /// <summary>Which law this is.</summary>
    public abstract LossLawKind Kind { get; }

    /// <summary>The JSON name of the law: <c>"mpl"</c> or <c>"annealing"</c>.</summary>
    public string Name => NameOf(Kind);

    /// <summary>The parameters' JSON names, in the order of <see cref="GetParameters"/>.</summary>
    public IReadOnlyList<string> ParameterNames => NamesOf(Kind);

    /// <summary>The JSON name of <paramref name="kind"/>: <c>"mpl"</c> or <c>"annealing"</c>.</summary>
    /// <param name="kind">A defined <see cref="LossLawKind"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static string NameOf(LossLawKind kind) => kind switch
    {
        LossLawKind.MultiPower => "mpl",
        LossLawKind.Annealing => "annealing",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "kind must be MultiPower or Annealing; got " + (int)kind + "."),
    };

    /// <summary>The parameters' JSON names of <paramref name="kind"/>: <c>L0, A, alpha, B, C, beta, gamma</c> (MPL) or <c>L0, A, alpha, C, lambda</c> (annealing).</summary>
    /// <param name="kind">A defined <see cref="LossLawKind"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static IReadOnlyList<string> NamesOf(LossLawKind kind) => kind switch
    {
        LossLawKind.MultiPower => MultiPowerLaw.Names,
        LossLawKind.Annealing => AnnealingLaw.Names,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "kind must be MultiPower or Annealing; got " + (int)kind + "."),
    };

    /// <summary>The parameter values, in the order of <see cref="ParameterNames"/>; a new array each call.</summary>
    public abstract double[] GetParameters();

    /// <summary>
    /// Predicts the loss of <paramref name="schedule"/> at each of <paramref name="steps"/>: <c>destination[i]</c> is the
    /// loss at step <c>steps[i]</c>. The schedule is evaluated once, span by span, over steps <c>0..steps[^1]</c>; the cost
    /// is <c>O(steps[^1])</c> plus <c>O(points × rate changes)</c> for <see cref="MultiPowerLaw"/> (a rate change is a step
    /// whose rate differs from the step before) and <c>O(points + rate changes)</c> for <see cref="AnnealingLaw"/>.
    /// </summary>
    /// <param name="schedule">Any schedule.</param>
    /// <param name="steps">The steps; strictly increasing, each in <c>[0, long.MaxValue - 1]</c>; may be empty.</param>
    /// <param name="destination">Receives the losses; exactly as long as <paramref name="steps"/>. <c>+inf</c> where <c>S(t) = 0</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException">The steps are not strictly increasing or the lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step is outside its range.</exception>
    public void Predict(ILearningRateSchedule schedule, ReadOnlySpan<long> steps, Span<double> destination)
    {
        Check.NotNull(schedule, nameof(schedule));
        ValidateSteps(steps, nameof(steps));
        if (destination.Length != steps.Length)
        {
            throw Check.Invalid(nameof(destination), "must be exactly as long as steps (" + steps.Length + "); got " + destination.Length + ".");
        }

        if (steps.IsEmpty)
        {
            return;
        }

        PredictCore(RateTrace.Build(schedule, steps), destination);
    }

    /// <summary>Predicts the loss of <paramref name="schedule"/> at each of <paramref name="steps"/> (see <see cref="Predict(ILearningRateSchedule, ReadOnlySpan{long}, Span{double})"/>).</summary>
    /// <param name="schedule">Any schedule.</param>
    /// <param name="steps">The steps; strictly increasing, each in <c>[0, long.MaxValue - 1]</c>; may be empty.</param>
    /// <returns>The losses, <c>result[i]</c> at <c>steps[i]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException">The steps are not strictly increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step is outside its range.</exception>
    public double[] Predict(ILearningRateSchedule schedule, ReadOnlySpan<long> steps)
    {
        var result = new double[steps.Length];
        Predict(schedule, steps, result);
        return result;
    }

    /// <summary>The predicted loss at step <paramref name="step"/> of <paramref name="schedule"/>.</summary>
    /// <param name="schedule">Any schedule.</param>
    /// <param name="step">The step, in <c>[0, long.MaxValue - 1]</c>.</param>
    /// <returns>The loss (<c>+inf</c> where <c>S(step) = 0</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is outside its range.</exception>
    public double Predict(ILearningRateSchedule schedule, long step) => Predict(schedule, [step])[0];

    /// <summary>
    /// How well the law predicts observed runs, as Luo et al. report it: for each run, the mean and the largest of
    /// <c>|loss - prediction| / loss</c> over its points; <see cref="PredictionErrors.PredE"/> and
    /// <see cref="PredictionErrors.WorstE"/> average them over the runs.
    /// </summary>
    /// <param name="runs">At least one run.</param>
    /// <returns>The errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="runs"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="runs"/> is empty.</exception>
    public PredictionErrors MeasureErrors(IReadOnlyList<LossRun> runs)
    {
        Check.NotNull(runs, nameof(runs));
        if (runs.Count == 0)
        {
            throw Check.Invalid(nameof(runs), "must contain at least one run; got none.");
        }

        var errors = new List<RunError>(runs.Count);
        for (int r = 0; r < runs.Count; r++)
        {
            var run = runs[r] ?? throw new ArgumentNullException(nameof(runs), "runs[" + r + "] must not be null.");
            var predicted = new double[run.Count];
            PredictCore(run.Trace, predicted);
            errors.Add(RunError.Of(run, predicted));
        }

        return new PredictionErrors(errors);
    }

    /// <summary>The law as JSON: <c>{"law": ..., parameters...}</c>, numbers in shortest round-trip form.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append("{\"law\":\"").Append(Name).Append('"');
        var names = ParameterNames;
        var values = GetParameters();
        for (int i = 0; i < names.Count; i++)
        {
            sb.Append(",\"").Append(names[i]).Append("\":").Append(values[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.Append('}').ToString();
    }

    /// <summary>The law as JSON (<see cref="ToJson"/>).</summary>
    public sealed override string ToString() => ToJson();

    /// <summary>
    /// Reads a law from its JSON form: an object with <c>"law"</c> and every parameter of that law (as finite numbers
    /// within the ranges of the law's constructor); an optional <c>"fit"</c> field (the statistics <c>lrs fit</c> writes)
    /// is ignored; any other field is an error.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A <see cref="MultiPowerLaw"/> or an <see cref="AnnealingLaw"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The text is not such an object; the message names the field and what is allowed.</exception>
    public static LossLaw Parse(string json)
    {
        Check.NotNull(json, nameof(json));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new FormatException("law: not valid JSON: " + ex.Message, ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("law: must be a JSON object such as {\"law\": \"mpl\", \"L0\": ...}; got " + root.ValueKind.ToString().ToLowerInvariant() + ".");
            }

            if (!root.TryGetProperty("law", out var lawName) || lawName.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("law: field \"law\" is missing or not a string; it must be \"mpl\" or \"annealing\".");
            }

            LossLawKind kind = lawName.GetString() switch
            {
                "mpl" => LossLawKind.MultiPower,
                "annealing" => LossLawKind.Annealing,
                var other => throw new FormatException("law: field \"law\" must be \"mpl\" or \"annealing\"; got \"" + Shorten(other) + "\"."),
            };

            var names = NamesOf(kind);
            var values = new double[names.Count];
            var seen = new bool[names.Count];
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is "law" or "fit")
                {
                    continue;
                }

                int index = IndexOf(names, property.Name);
                if (index < 0)
                {
                    throw new FormatException("law: unknown field \"" + Shorten(property.Name) + "\"; the fields of \"" + NameOf(kind) + "\" are law, " + string.Join(", ", names) + " (and an optional fit).");
                }

                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out double value) || !double.IsFinite(value))
                {
                    throw new FormatException("law: field \"" + property.Name + "\" must be a finite number; got " + Shorten(property.Value.GetRawText()) + ".");
                }

                if (seen[index])
                {
                    throw new FormatException("law: field \"" + property.Name + "\" is given twice.");
                }

                values[index] = value;
                seen[index] = true;
            }

            int missing = Array.IndexOf(seen, false);
            if (missing >= 0)
            {
                throw new FormatException("law: field \"" + names[missing] + "\" is missing; \"" + NameOf(kind) + "\" needs " + string.Join(", ", names) + ".");
            }

            try
            {
                return Create(kind, values);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new FormatException("law: field \"" + names[IndexOfParameter(kind, ex.ParamName)] + "\" " + ex.Message[(ex.ParamName!.Length + 1)..].Split(" (Parameter")[0], ex);
            }
        }
    }

    /// <summary>Creates a law of <paramref name="kind"/> from its parameters in the order of <see cref="NamesOf"/>.</summary>
    /// <param name="kind">The law.</param>
    /// <param name="parameters">7 values for <see cref="LossLawKind.MultiPower"/>, 5 for <see cref="LossLawKind.Annealing"/>, each within the range of that law's constructor.</param>
    /// <returns>The law.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The count is wrong.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range, or <paramref name="kind"/> is not defined.</exception>
    public static LossLaw Create(LossLawKind kind, IReadOnlyList<double> parameters)
    {
        Check.NotNull(parameters, nameof(parameters));
        int count = NamesOf(kind).Count;
        if (parameters.Count != count)
        {
            throw Check.Invalid(nameof(parameters), "must have " + count + " values for " + NameOf(kind) + "; got " + parameters.Count + ".");
        }

        var p = parameters;
        return kind == LossLawKind.MultiPower
            ? new MultiPowerLaw(p[0], p[1], p[2], p[3], p[4], p[5], p[6])
            : new AnnealingLaw(p[0], p[1], p[2], p[3], p[4]);
    }

    /// <summary>Predicts at every query step of a trace (in the trace's units).</summary>
    internal abstract void PredictCore(RateTrace trace, Span<double> destination);

    /// <summary>
    /// The loss at the last step <c>T</c> of a whole rate array <c>lr_0..lr_T</c> and its gradient by each rate (used by
    /// <see cref="ScheduleOptimizer"/>); every rate positive.
    /// </summary>
    internal abstract double FinalLoss(ReadOnlySpan<double> rates, Span<double> gradient);

    /// <summary>Validates query steps: strictly increasing, in <c>[0, long.MaxValue - 1]</c>.</summary>
    internal static void ValidateSteps(ReadOnlySpan<long> steps, string paramName)
    {
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] < 0 || steps[i] == long.MaxValue)
            {
                throw new ArgumentOutOfRangeException(paramName, paramName + "[" + i + "] must be in [0, " + Check.Format(long.MaxValue - 1) + "]; got " + Check.Format(steps[i]) + ".");
            }

            if (i > 0 && steps[i] <= steps[i - 1])
            {
                throw Check.Invalid(paramName, "must be strictly increasing; [" + i + "] = " + Check.Format(steps[i]) + " follows " + Check.Format(steps[i - 1]) + ".");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfParameter(LossLawKind kind, string? paramName)
    {
        var constructorNames = kind == LossLawKind.MultiPower ? MultiPowerLaw.ConstructorNames : AnnealingLaw.ConstructorNames;
        int index = Array.IndexOf(constructorNames, paramName);
        return index < 0 ? 0 : index;
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length <= 64 ? text : text[..64] + "...";
}
