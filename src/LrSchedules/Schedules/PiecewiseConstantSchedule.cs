using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// A piecewise-constant schedule: <c>Values[0]</c> before the first boundary, <c>Values[i + 1]</c> from boundary <c>i</c>
/// (optax <c>piecewise_constant_schedule</c> after its scales are multiplied out, Keras <c>PiecewiseConstantDecay</c>).
/// </summary>
/// <remarks>
/// <para>With <see cref="BoundaryMode.SwitchAt"/> (default), <c>lr(step) = Values[k]</c> where <c>k</c> is the number of
/// boundaries <c>&lt;= step</c>; with <see cref="BoundaryMode.SwitchAfter"/>, the number of boundaries <c>&lt; step</c>.</para>
/// <para>After the last boundary the last value holds forever. Immutable and thread-safe. Spec type: <c>piecewise_constant</c>.</para>
/// </remarks>
public sealed record PiecewiseConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates a piecewise-constant schedule.</summary>
    /// <param name="boundaries">Steps at which the value changes; each in <c>[0, long.MaxValue]</c>, strictly increasing. May be empty.</param>
    /// <param name="values">The values; exactly one more than <paramref name="boundaries"/>, each finite, in <c>[0, +inf)</c>.</param>
    /// <param name="boundaryMode">Which value applies exactly at a boundary. Default <see cref="BoundaryMode.SwitchAt"/>.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    /// <exception cref="ArgumentException">The boundaries are not strictly increasing, the counts do not match, or the mode is undefined.</exception>
    public PiecewiseConstantSchedule(IEnumerable<long> boundaries, IEnumerable<double> values, BoundaryMode boundaryMode = BoundaryMode.SwitchAt)
    {
        Boundaries = new EquatableArray<long>(Guard.NotNull(boundaries, nameof(boundaries)));
        Values = new EquatableArray<double>(Guard.NotNull(values, nameof(values)).Select(Guard.PositiveZero));
        if (!Enum.IsDefined(boundaryMode))
        {
            throw Guard.Invalid(nameof(boundaryMode), "must be SwitchAt or SwitchAfter; got " + (int)boundaryMode + ".");
        }

        BoundaryMode = boundaryMode;
        Piecewise.ValidateStrictlyIncreasing(Boundaries.AsSpan(), 0, nameof(boundaries));
        foreach (double v in Values)
        {
            Guard.NonNegative(v, nameof(values));
        }

        if (Values.Count != Boundaries.Count + 1)
        {
            throw Guard.Invalid(nameof(values), "must have exactly one more entry than boundaries (" + (Boundaries.Count + 1) + "); got " + Values.Count + ".");
        }
    }

    /// <summary>The steps at which the value changes, strictly increasing.</summary>
    public EquatableArray<long> Boundaries { get; }

    /// <summary>The values, one more than <see cref="Boundaries"/>.</summary>
    public EquatableArray<double> Values { get; }

    /// <summary>Which value applies exactly at a boundary.</summary>
    public BoundaryMode BoundaryMode { get; }

    internal override double ValueAt(long step)
    {
        // SwitchAfter counts boundaries < step, i.e. boundaries <= step - 1 (step >= 0, so no underflow).
        long probe = BoundaryMode == BoundaryMode.SwitchAt ? step : step - 1;
        return Values[Numerics.UpperBound(Boundaries.AsSpan(), probe)];
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Fill(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Fill(firstStep, destination);

    private void Fill<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // One fill per constant run; with SwitchAfter a boundary b takes effect at b + 1.
        var boundaries = Boundaries.AsSpan();
        long lag = BoundaryMode == BoundaryMode.SwitchAt ? 0 : 1;
        int done = 0;
        while (done < destination.Length)
        {
            long step = firstStep + done;
            int k = Numerics.UpperBound(boundaries, step - lag);
            int count = k < boundaries.Length && boundaries[k] <= long.MaxValue - lag
                ? Segments.LengthBefore(step, boundaries[k] + lag, destination.Length - done)
                : destination.Length - done;
            Segments.Fill(destination.Slice(done, count), Values[k]);
            done += count;
        }
    }
}
