namespace LrSchedules.Internal;

/// <summary>
/// The cycle starts of a <see cref="Schedules.PeriodGrowth.Truncated"/> restarts schedule: <c>T_0 = t0</c>,
/// <c>T_{i+1} = floor(m * T_i)</c> (the product a double, as Python's <c>int(t_mult * t)</c>), <c>S_i = T_0 + ... + T_{i-1}</c>,
/// all exact 64-bit integers. When the lengths grow, every start up to <c>long.MaxValue</c> (or up to the cycle limit) is
/// tabulated once and a step's cycle is found by binary search; when <c>floor(m * t0) = t0</c> the lengths never change
/// (the cycle is <c>step / t0</c>).
/// </summary>
/// <remarks>
/// Value-equal for equal construction arguments, which the owning record compares itself: <see cref="Equals(object)"/>
/// is true for any other instance, so the table does not take part in the record's equality.
/// </remarks>
internal sealed class TruncatedCycles
{
    /// <summary>The most cycle starts tabulated; a multiplier that needs more (below the cycle limit) is rejected.</summary>
    public const int MaxCycles = 1 << 16;

    private readonly long _t0;

    // _starts[i] = S_i; the cycle after the last entry starts past long.MaxValue. Null when the lengths are constant.
    private readonly long[]? _starts;

    // The length of the last tabulated cycle (may pass long.MaxValue, so a double).
    private readonly double _lastLength;

    private TruncatedCycles(long t0, long[]? starts, double lastLength)
    {
        _t0 = t0;
        _starts = starts;
        _lastLength = lastLength;
    }

    /// <summary>Builds the table, or returns null when more than <see cref="MaxCycles"/> cycles start before <paramref name="cycleLimit"/> and long.MaxValue.</summary>
    public static TruncatedCycles? Create(long t0, double m, long? cycleLimit)
    {
        if (Math.Floor(m * t0) == t0)
        {
            return new TruncatedCycles(t0, null, t0);
        }

        var starts = new List<long> { 0 };
        long start = 0, length = t0;
        long limit = cycleLimit ?? long.MaxValue;
        while (true)
        {
            if (start > long.MaxValue - length || starts.Count > limit)
            {
                // The next cycle starts past long.MaxValue (or past the limit, where the floor holds): the table is complete.
                return new TruncatedCycles(t0, [.. starts], length);
            }

            if (starts.Count >= MaxCycles)
            {
                return null;
            }

            start += length;
            starts.Add(start);
            double next = Math.Floor(m * length);
            if (next >= 9.2233720368547758E18)
            {
                return new TruncatedCycles(t0, [.. starts], next);
            }

            length = (long)next;
        }
    }

    /// <summary>The cycle of <paramref name="step"/>, its exact start and its length.</summary>
    public (long Cycle, long Start, double Length) Locate(long step)
    {
        if (_starts is not { } starts)
        {
            long i = step / _t0;
            return (i, i * _t0, _t0);
        }

        int index = Array.BinarySearch(starts, step);
        int cycle = index >= 0 ? index : ~index - 1;
        return (cycle, starts[cycle], cycle + 1 < starts.Length ? starts[cycle + 1] - starts[cycle] : _lastLength);
    }

    /// <summary>The start of the cycle after <paramref name="cycle"/>, or null past <c>long.MaxValue</c>.</summary>
    public long? NextStart(long cycle, long start)
    {
        if (_starts is not { } starts)
        {
            return start > long.MaxValue - _t0 ? null : start + _t0;
        }

        return cycle + 1 < starts.Length ? starts[cycle + 1] : null;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TruncatedCycles;

    /// <inheritdoc/>
    public override int GetHashCode() => 0;
}
