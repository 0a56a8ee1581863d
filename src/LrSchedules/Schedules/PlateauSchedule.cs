using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Reduce-on-plateau (PyTorch <c>ReduceLROnPlateau</c>) as a pure function of a recorded metric history: the value at
/// step <c>k</c> is the learning rate after the scheduler has seen <c>Metrics[0..k-1]</c>.
/// </summary>
/// <remarks>
/// <para>For each metric <c>m</c> in order: if <c>m</c> is better than the best so far (see <see cref="ThresholdMode"/>), it
/// becomes the best and the bad-step count resets, otherwise the count grows; during a cooldown the count is held at 0;
/// when the count exceeds <see cref="Patience"/>, <c>lr = max(lr * Factor, MinValue)</c> (applied only if it changes
/// <c>lr</c> by more than <see cref="Eps"/>), then a cooldown of <see cref="Cooldown"/> steps starts. The best starts at
/// +inf (min) or -inf (max).</para>
/// <para>Past the end of <see cref="Metrics"/> the last value holds forever. The values are computed once, at
/// construction. Immutable and thread-safe. Spec type: <c>plateau</c> (the metrics come from the spec's <c>metrics</c>
/// field or from <c>lrs eval --metrics</c>).</para>
/// </remarks>
public sealed record PlateauSchedule : LearningRateSchedule
{
    /// <summary>Creates a reduce-on-plateau schedule over a recorded metric history.</summary>
    /// <param name="initialValue">Value before any reduction; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="metrics">The metric observed after each step, in order; each finite; may be empty.</param>
    /// <param name="mode">Whether lower or higher is better. Default <see cref="PlateauMode.Min"/>.</param>
    /// <param name="factor">Reduction factor; finite, in <c>[0, 1)</c>. Default 0.1.</param>
    /// <param name="patience">Bad steps tolerated before a reduction; in <c>[0, long.MaxValue]</c>. Default 10.</param>
    /// <param name="threshold">Improvement threshold; finite, in <c>[0, +inf)</c>. Default 1e-4.</param>
    /// <param name="thresholdMode">Relative or absolute threshold. Default <see cref="ThresholdMode.Rel"/>.</param>
    /// <param name="cooldown">Steps after a reduction during which bad steps are not counted; in <c>[0, long.MaxValue]</c>. Default 0.</param>
    /// <param name="minValue">Lower bound of the learning rate; finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <param name="eps">Smallest change that is applied; finite, in <c>[0, +inf)</c>. Default 1e-8.</param>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">An enumeration value is undefined.</exception>
    public PlateauSchedule(
        double initialValue,
        IEnumerable<double> metrics,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        long cooldown = 0,
        double minValue = 0,
        double eps = 1e-8)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        Metrics = new EquatableArray<double>(Guard.NotNull(metrics, nameof(metrics)));
        foreach (double m in Metrics)
        {
            Guard.InRange(m, double.MinValue, double.MaxValue, nameof(metrics));
        }

        if (!Enum.IsDefined(mode))
        {
            throw Guard.Invalid(nameof(mode), "must be Min or Max; got " + (int)mode + ".");
        }

        Mode = mode;
        Factor = Guard.InRange(factor, 0, Math.BitDecrement(1.0), nameof(factor));
        Patience = Guard.NonNegative(patience, nameof(patience));
        Threshold = Guard.NonNegative(threshold, nameof(threshold));
        if (!Enum.IsDefined(thresholdMode))
        {
            throw Guard.Invalid(nameof(thresholdMode), "must be Rel or Abs; got " + (int)thresholdMode + ".");
        }

        ThresholdMode = thresholdMode;
        Cooldown = Guard.NonNegative(cooldown, nameof(cooldown));
        MinValue = Guard.NonNegative(minValue, nameof(minValue));
        Eps = Guard.NonNegative(eps, nameof(eps));
        Values = new EquatableArray<double>(Simulate());
    }

    /// <summary>The value before any reduction.</summary>
    public double InitialValue { get; }

    /// <summary>The metric observed after each step.</summary>
    public EquatableArray<double> Metrics { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The reduction factor.</summary>
    public double Factor { get; }

    /// <summary>Bad steps tolerated before a reduction.</summary>
    public long Patience { get; }

    /// <summary>The improvement threshold.</summary>
    public double Threshold { get; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Steps after a reduction during which bad steps are not counted.</summary>
    public long Cooldown { get; }

    /// <summary>The lower bound of the learning rate.</summary>
    public double MinValue { get; }

    /// <summary>The smallest change that is applied.</summary>
    public double Eps { get; }

    /// <summary>The value at steps <c>0..Metrics.Count</c>.</summary>
    public EquatableArray<double> Values { get; }

    internal override double ValueAt(long step) => Values[(int)Math.Min(step, Values.Count - 1)];

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Copy(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Copy(firstStep, destination);

    /// <summary>The simulated values (a table lookup) copied, then the last value filled.</summary>
    private void Copy<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // Stryker disable once Equality : equivalent, at firstStep = Values.Count both branches give 0.
        int table = firstStep >= Values.Count ? 0 : (int)Math.Min(Values.Count - firstStep, destination.Length);
        for (int i = 0; i < table; i++)
        {
            Segments.Set(destination, i, Values[(int)firstStep + i]);
        }

        Segments.Fill(destination[table..], Values[^1]);
    }

    private double[] Simulate()
    {
        var values = new double[Metrics.Count + 1];
        double lr = InitialValue;
        double best = PlateauRule.Worst(Mode);
        long bad = 0, cooldownCounter = 0;
        values[0] = lr;
        for (int i = 0; i < Metrics.Count; i++)
        {
            if (PlateauRule.Observe(Mode, ThresholdMode, Threshold, Patience, Cooldown, Metrics[i], ref best, ref bad, ref cooldownCounter))
            {
                lr = PlateauRule.Reduce(lr, Factor, MinValue, Eps);
            }

            values[i + 1] = lr;
        }

        return values;
    }
}
