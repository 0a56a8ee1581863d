using System.Text.Json.Nodes;
using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>ReduceLROnPlateau</c>: <see cref="Step(double)"/> takes the metric observed after an epoch and reduces
/// every group's lr by <c>factor</c> (not below its <c>min_lr</c>, and only when the change exceeds <c>eps</c>) once more than
/// <c>patience</c> steps in a row have not improved on the best. Construction does not step.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Step(double)"/> allocates nothing.</remarks>
public sealed class ReduceLROnPlateau : ITorchScheduler
{
    private readonly double[] _minLrs;
    private readonly double[] _lastLr;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="mode">Whether lower (a loss) or higher (an accuracy) is better. Default <see cref="PlateauMode.Min"/>.</param>
    /// <param name="factor">Reduction factor; in <c>[0, 1)</c> (PyTorch: factor should be &lt; 1.0). Default 0.1.</param>
    /// <param name="patience">Non-improving steps tolerated; in <c>[0, long.MaxValue]</c>. Default 10.</param>
    /// <param name="threshold">Improvement threshold; finite, in <c>[0, +inf)</c>. Default 1e-4.</param>
    /// <param name="thresholdMode">Relative or absolute threshold. Default <see cref="ThresholdMode.Rel"/>.</param>
    /// <param name="cooldown">Steps after a reduction during which bad steps are not counted; in <c>[0, long.MaxValue]</c>. Default 0.</param>
    /// <param name="minLr">Lower bound (one value or one per group); each in <c>[0, 1e100]</c>. Default 0.</param>
    /// <param name="eps">Smallest change applied; finite, in <c>[0, +inf)</c>. Default 1e-8.</param>
    public ReduceLROnPlateau(
        IParameterGroups groups,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        long cooldown = 0,
        IReadOnlyList<double>? minLr = null,
        double eps = 1e-8)
    {
        Groups = LRScheduler.RequireGroups(groups);
        if (!Enum.IsDefined(mode))
        {
            throw Guard.Invalid(nameof(mode), "must be min or max; got " + (int)mode + ".");
        }

        if (!(factor >= 0 && factor < 1))
        {
            throw Guard.OutOfRange(nameof(factor), "must be in [0, 1) (PyTorch: factor should be < 1.0); got " + Guard.Format(factor) + ".");
        }

        if (!Enum.IsDefined(thresholdMode))
        {
            throw Guard.Invalid(nameof(thresholdMode), "must be rel or abs; got " + (int)thresholdMode + ".");
        }

        Mode = mode;
        Factor = factor;
        Patience = Guard.NonNegative(patience, nameof(patience));
        Threshold = Guard.NonNegative(threshold, nameof(threshold));
        ThresholdMode = thresholdMode;
        Cooldown = Guard.NonNegative(cooldown, nameof(cooldown));
        _minLrs = PerGroup.Expand(groups, minLr ?? [0.0], nameof(minLr));
        for (int i = 0; i < groups.Count; i++)
        {
            LRScheduler.CheckGroupLearningRate(groups, i, groups.GetLearningRate(i), "learning rate", double.MaxValue);
        }

        Eps = Guard.NonNegative(eps, nameof(eps));
        _lastLr = new double[groups.Count];
        Best = PlateauRule.Worst(mode);
        RecordLastLr();
    }

    /// <inheritdoc/>
    public IParameterGroups Groups { get; }

    /// <inheritdoc/>
    public long LastEpoch { get; private set; }

    /// <summary>Whether lower or higher is better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>Reduction factor.</summary>
    public double Factor { get; }

    /// <summary>Non-improving steps tolerated.</summary>
    public long Patience { get; }

    /// <summary>Improvement threshold.</summary>
    public double Threshold { get; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Cooldown after a reduction.</summary>
    public long Cooldown { get; }

    /// <summary>Smallest change applied.</summary>
    public double Eps { get; }

    /// <summary>The best metric so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive non-improving steps.</summary>
    public long NumBadEpochs { get; private set; }

    /// <summary>Remaining cooldown steps.</summary>
    public long CooldownCounter { get; private set; }

    /// <summary>PyTorch's <c>step(metrics)</c>.</summary>
    /// <param name="metric">The metric observed after this epoch. NaN never counts as an improvement, as in PyTorch.</param>
    /// <exception cref="InvalidOperationException"><see cref="LastEpoch"/> is already 2^50; nothing is changed.</exception>
    public void Step(double metric)
    {
        if (LastEpoch >= TorchLimits.MaxEpoch)
        {
            throw new InvalidOperationException("ReduceLROnPlateau is at last_epoch " + LastEpoch + ", the largest this port steps to (2^50); nothing was changed.");
        }

        LastEpoch++;
        double best = Best;
        long bad = NumBadEpochs, cooldownCounter = CooldownCounter;
        bool reduce = PlateauRule.Observe(Mode, ThresholdMode, Threshold, Patience, Cooldown, metric, ref best, ref bad, ref cooldownCounter);
        Best = best;
        NumBadEpochs = bad;
        CooldownCounter = cooldownCounter;
        if (reduce)
        {
            for (int i = 0; i < Groups.Count; i++)
            {
                Groups.SetLearningRate(i, PlateauRule.Reduce(Groups.GetLearningRate(i), Factor, _minLrs[i], Eps));
            }
        }

        RecordLastLr();
    }

    /// <inheritdoc/>
    public ReadOnlySpan<double> GetLastLr() => _lastLr;

    /// <inheritdoc/>
    public JsonObject SaveState() => new()
    {
        ["type"] = "ReduceLROnPlateau",
        ["last_epoch"] = LastEpoch,
        ["best"] = double.IsFinite(Best) ? Best : Best.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["num_bad_epochs"] = NumBadEpochs,
        ["cooldown_counter"] = CooldownCounter,
        ["_last_lr"] = StateJson.Array(_lastLr),
    };

    /// <inheritdoc/>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var reader = new StateReader(state, "ReduceLROnPlateau");
        reader.ExpectType("ReduceLROnPlateau");
        long lastEpoch = reader.Long("last_epoch", 0, TorchLimits.MaxEpoch);
        // JSON has no infinity: an infinite best is written as the string "Infinity" or "-Infinity" (+inf is the start
        // in min mode, -inf in max mode, and a metric of -inf or +inf can become the best). NaN never becomes the best.
        double best = state.TryGetPropertyValue("best", out var b) && b is JsonValue v && v.TryGetValue(out string? text)
            ? text switch
            {
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => throw reader.Fail("best", "must be a number or one of \"Infinity\", \"-Infinity\"."),
            }
            : reader.Double("best");

        // After every step num_bad_epochs <= patience (more triggers a reduction, which resets it), it is 0 while the
        // cooldown runs, and it counts steps (so <= last_epoch); the cooldown counter starts at cooldown.
        long bad = reader.Long("num_bad_epochs", 0, Math.Min(Patience, lastEpoch));
        long cooldown = reader.Long("cooldown_counter", 0, lastEpoch == 0 ? 0 : Cooldown);
        if (cooldown > 0 && bad != 0)
        {
            throw reader.Fail("num_bad_epochs", "must be 0 while cooldown_counter is above 0 (bad epochs are not counted in the cooldown); got " + bad + " with cooldown_counter " + cooldown + ".");
        }

        double[] lastLr = reader.Doubles("_last_lr", Groups.Count, 0, double.MaxValue);
        reader.EnsureNoOtherFieldsExcept("best");

        LastEpoch = lastEpoch;
        Best = best;
        NumBadEpochs = bad;
        CooldownCounter = cooldown;
        lastLr.CopyTo(_lastLr, 0);
    }

    private void RecordLastLr()
    {
        for (int i = 0; i < _lastLr.Length; i++)
        {
            _lastLr[i] = Groups.GetLearningRate(i);
        }
    }
}
