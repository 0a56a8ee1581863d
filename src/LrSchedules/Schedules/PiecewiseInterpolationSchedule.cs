using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// A schedule through a list of knots <c>(Boundaries[i], Values[i])</c>, interpolated linearly or along half a cosine
/// between neighbours (optax <c>piecewise_interpolate_schedule</c>).
/// </summary>
/// <remarks>
/// <para>For <c>Boundaries[i] &lt;= step &lt; Boundaries[i + 1]</c>, with <c>pct = (step - Boundaries[i]) / (Boundaries[i + 1] - Boundaries[i])</c>:</para>
/// <list type="bullet">
/// <item><see cref="Interpolation.Linear"/>: <c>Values[i] + (Values[i + 1] - Values[i]) * pct</c>;</item>
/// <item><see cref="Interpolation.Cosine"/>: <c>Values[i + 1] + (Values[i] - Values[i + 1]) * (1 + cos(pi pct)) / 2</c>.</item>
/// </list>
/// <para>Both are evaluated from the smaller of the two knot values with the weight of the larger and clamped to them, so
/// a segment is monotone and never leaves <c>[min, max]</c> of its two knots.</para>
/// <para>
/// Before the first knot the value is <c>Values[0]</c>; from the last knot on it is the last value, forever. At a knot
/// the value is exactly that knot's value. Knot steps may be negative, so that a curve can start before step 0.
/// Immutable and thread-safe. Spec type: <c>piecewise_interpolation</c>.
/// </para>
/// </remarks>
public sealed record PiecewiseInterpolationSchedule : LearningRateSchedule
{
    /// <summary>Creates a piecewise-interpolation schedule.</summary>
    /// <param name="boundaries">Knot steps; at least one, strictly increasing, each in <c>[long.MinValue, long.MaxValue]</c> with every gap between neighbours at most <c>long.MaxValue</c>.</param>
    /// <param name="values">Knot values; as many as <paramref name="boundaries"/>, each finite, in <c>[0, +inf)</c>.</param>
    /// <param name="interpolation">The curve between knots. Default <see cref="Interpolation.Linear"/>.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    /// <exception cref="ArgumentException">The knots are empty, not strictly increasing, too far apart, the counts differ, or the interpolation is undefined.</exception>
    public PiecewiseInterpolationSchedule(IEnumerable<long> boundaries, IEnumerable<double> values, Interpolation interpolation = Interpolation.Linear)
    {
        Boundaries = new EquatableArray<long>(Guard.NotNull(boundaries, nameof(boundaries)));
        Values = new EquatableArray<double>(Guard.NotNull(values, nameof(values)).Select(Guard.PositiveZero));
        if (!Enum.IsDefined(interpolation))
        {
            throw Guard.Invalid(nameof(interpolation), "must be Linear or Cosine; got " + (int)interpolation + ".");
        }

        Interpolation = interpolation;
        if (Boundaries.Count == 0)
        {
            throw Guard.Invalid(nameof(boundaries), "must contain at least one knot; got none.");
        }

        Piecewise.ValidateStrictlyIncreasing(Boundaries.AsSpan(), long.MinValue, nameof(boundaries));
        for (int i = 1; i < Boundaries.Count; i++)
        {
            if ((ulong)(Boundaries[i] - Boundaries[i - 1]) > long.MaxValue)
            {
                throw Guard.Invalid(nameof(boundaries), "must have gaps of at most long.MaxValue steps between neighbouring knots.");
            }
        }

        foreach (double v in Values)
        {
            Guard.NonNegative(v, nameof(values));
        }

        if (Values.Count != Boundaries.Count)
        {
            throw Guard.Invalid(nameof(values), "must have exactly as many entries as boundaries (" + Boundaries.Count + "); got " + Values.Count + ".");
        }
    }

    /// <summary>The knot steps, strictly increasing.</summary>
    public EquatableArray<long> Boundaries { get; }

    /// <summary>The knot values.</summary>
    public EquatableArray<double> Values { get; }

    /// <summary>The curve between knots.</summary>
    public Interpolation Interpolation { get; }

    internal override double ValueAt(long step)
    {
        var b = Boundaries.AsSpan();
        int k = Numerics.UpperBound(b, step);
        if (k == 0)
        {
            return Values[0];
        }

        if (k == b.Length)
        {
            return Values[k - 1];
        }

        long start = b[k - 1];
        long t = step - start;
        long length = b[k] - start;
        return Interpolation == Interpolation.Linear
            ? Numerics.Lerp(Values[k - 1], Values[k], t, length)
            : Numerics.CosineLerp(Values[k - 1], Values[k], t, length);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    /// <summary>Segment by segment: constant before the first and after the last knot, linear or cosine between knots.</summary>
    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        var b = Boundaries.AsSpan();
        for (int i = 0; i < destination.Length;)
        {
            long step = firstStep + i;
            int k = Numerics.UpperBound(b, step);
            if (k == b.Length)
            {
                Segments.Fill(destination[i..], Values[k - 1]);
                return;
            }

            int run = (int)Math.Min(b[k] - step, destination.Length - i);
            var segment = destination.Slice(i, run);
            if (k == 0)
            {
                Segments.Fill(segment, Values[0]);
            }
            else
            {
                long start = b[k - 1];
                long t0 = step - start;
                long length = b[k] - start;
                if (!Kernels.Exact(t0, run, length))
                {
                    ScalarFill(step, segment);
                }
                else if (Interpolation == Interpolation.Linear)
                {
                    Kernels.Lerp(Values[k - 1], Values[k], t0, length, segment);
                }
                else
                {
                    Kernels.CosineLerp(Values[k - 1], Values[k], t0, length, segment);
                    // The midpoint, which the scalar form returns exactly.
                    // Stryker disable once all : equivalent, patching another step writes the scalar value the kernel also gives there (bit for bit in double, within the float bound in float).
                    PatchExact(step, segment, length % 2 == 0 ? start + (length / 2) : -1);
                }
            }

            i += run;
        }
    }
}
