using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Warm restarts (SGDR, Loshchilov and Hutter 2017): cycles that each decay from a peak to a floor and restart, with
/// cycle lengths growing by <see cref="PeriodMultiplier"/>, peaks decaying by <see cref="PeakDecay"/>, an optional limit on
/// the number of cycles, an optional warmup at the start of every cycle, optionally floors decaying by
/// <see cref="FloorDecay"/> and lengths truncated to integers (<see cref="PeriodGrowth"/>). Covers PyTorch
/// <c>CosineAnnealingWarmRestarts</c>, Keras <c>CosineDecayRestarts</c>, timm's cosine, poly and tanh schedulers, HF's
/// hard restarts, fairseq's <c>cosine</c> (<c>lr_shrink</c> on peak and floor) and Composer's truncated periods.
/// </summary>
/// <remarks>
/// <para>Cycle <c>i</c> (from 0) has length <c>T_i = Period * PeriodMultiplier^i</c> and starts at
/// <c>S_i = Period * (PeriodMultiplier^i - 1) / (PeriodMultiplier - 1)</c> (<c>Period * i</c> when the multiplier is 1). The
/// cycle of a step is found exactly: with an integer period and multiplier, <c>S_i</c> is computed in integer arithmetic;
/// otherwise from a logarithm estimate corrected by comparing with <c>S_i</c> and <c>S_{i+1}</c>. So a step that is exactly a
/// restart always starts the new cycle (PyTorch, Keras and timm use <c>floor(log(...))</c> alone and miss some restarts,
/// e.g. <c>Period = 1, PeriodMultiplier = 3</c> at step 121).</para>
/// <para>With <see cref="PeriodGrowth.Truncated"/> the lengths are integers instead, <c>T_0 = Period</c> and
/// <c>T_{i+1} = floor(PeriodMultiplier * T_i)</c> (the product rounded to a double once, as Composer's
/// <c>int(t_mult * t_i)</c>), and <c>S_i = T_0 + ... + T_{i-1}</c> exactly in 64-bit integers: the starts below
/// <c>long.MaxValue</c> (at most 65536 of them before the cycle limit) are tabulated at construction and a step's cycle
/// is found by binary search, exact at every step up to <c>long.MaxValue</c>.</para>
/// <para>With <c>tau = step - S_i</c>, <c>W = CycleWarmupSteps</c>, the cycle's peak <c>P_i</c> (see <see cref="PeakDecayMode"/>)
/// and the cycle's floor <c>F = FloorValue * FloorDecay^i</c> (<c>FloorValue</c> when <c>FloorDecay = 1</c>):</para>
/// <list type="bullet">
/// <item><c>i &gt;= CycleLimit</c>: <c>FloorValue</c> (undecayed) forever;</item>
/// <item><c>tau &lt; W</c>: linear warmup <c>CycleWarmupStart + (P_i - CycleWarmupStart) * tau / W</c>;</item>
/// <item>otherwise <c>u = ((tau - W) / (T_i - W))^KDecay</c> (timm's k-decay: <c>t^k / T^k</c>) and
/// <c>lr = F + (P_i - F) * f(u)</c> with <c>f</c> the <see cref="Shape"/> curve.</item>
/// </list>
/// <para>Immutable and thread-safe. Spec type: <c>restarts</c>.</para>
/// </remarks>
public sealed record RestartsSchedule : LearningRateSchedule
{
    private readonly bool _integral;

    // The exact integer cycle starts of PeriodGrowth.Truncated (null for Exact); value-equal, see TruncatedCycles.
    private readonly TruncatedCycles? _truncated;

    /// <summary>Creates a warm-restarts schedule.</summary>
    /// <param name="peakValue">Peak of the first cycle; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="period">Length of the first cycle in steps (may be fractional); finite, in <c>(0, +inf)</c>.</param>
    /// <param name="periodMultiplier">Growth of each cycle's length; finite, in <c>[1, +inf)</c>. Default 1.</param>
    /// <param name="peakDecay">Factor applied per cycle (see <paramref name="peakDecayMode"/>); finite, in <c>[0, 1]</c>. Default 1.</param>
    /// <param name="floorValue">The value every cycle decays to; finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <param name="cycleLimit">Number of cycles after which <paramref name="floorValue"/> holds forever; in <c>[1, long.MaxValue]</c>, or null for no limit.</param>
    /// <param name="shape">The curve of a cycle. Default <see cref="CycleShape.Cosine"/>.</param>
    /// <param name="power">Exponent of <see cref="CycleShape.Power"/>; finite, in <c>(0, +inf)</c>. Default 1.</param>
    /// <param name="tanhLower">Lower bound of <see cref="CycleShape.Tanh"/>; finite, less than <paramref name="tanhUpper"/>. Default -7.</param>
    /// <param name="tanhUpper">Upper bound of <see cref="CycleShape.Tanh"/>; finite. Default 3.</param>
    /// <param name="kDecay">Exponent applied to the cycle position (timm <c>k_decay</c>); finite, in <c>(0, +inf)</c>. Default 1.</param>
    /// <param name="peakDecayMode">What <paramref name="peakDecay"/> multiplies. Default <see cref="PeakDecayMode.Peak"/>.</param>
    /// <param name="cycleWarmupSteps">Linear warmup at the start of every cycle; in <c>[0, period)</c>. Default 0.</param>
    /// <param name="cycleWarmupStart">Value at the start of each cycle warmup; finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <param name="floorDecay">Factor applied to the floor per cycle: cycle <c>i</c> decays to <c>floorValue * floorDecay^i</c>
    /// (fairseq <c>lr_shrink</c>, with <paramref name="peakDecay"/> the same factor); finite, in <c>[0, 1]</c>. Default 1.</param>
    /// <param name="periodGrowth">How each cycle's length follows from the previous one. Default <see cref="PeriodGrowth.Exact"/>;
    /// <see cref="PeriodGrowth.Truncated"/> needs an integral <paramref name="period"/> in <c>[1, long.MaxValue]</c> and a
    /// multiplier that starts at most 65536 cycles before <paramref name="cycleLimit"/> and <c>long.MaxValue</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">An enumeration value is undefined.</exception>
    public RestartsSchedule(
        double peakValue,
        double period,
        double periodMultiplier = 1,
        double peakDecay = 1,
        double floorValue = 0,
        long? cycleLimit = null,
        CycleShape shape = CycleShape.Cosine,
        double power = 1,
        double tanhLower = -7,
        double tanhUpper = 3,
        double kDecay = 1,
        PeakDecayMode peakDecayMode = PeakDecayMode.Peak,
        long cycleWarmupSteps = 0,
        double cycleWarmupStart = 0,
        double floorDecay = 1,
        PeriodGrowth periodGrowth = PeriodGrowth.Exact)
    {
        PeakValue = Guard.NonNegative(peakValue, nameof(peakValue));
        Period = Guard.Positive(period, nameof(period));
        PeriodMultiplier = Guard.InRange(periodMultiplier, 1, double.MaxValue, nameof(periodMultiplier));
        PeakDecay = Guard.InRange(peakDecay, 0, 1, nameof(peakDecay));
        FloorValue = Guard.NonNegative(floorValue, nameof(floorValue));
        if (cycleLimit is long limit)
        {
            Guard.Positive(limit, nameof(cycleLimit));
        }

        CycleLimit = cycleLimit;
        if (!Enum.IsDefined(shape))
        {
            throw Guard.Invalid(nameof(shape), "must be Cosine, Power or Tanh; got " + (int)shape + ".");
        }

        Shape = shape;
        Power = Guard.Positive(power, nameof(power));
        TanhUpper = Guard.InRange(tanhUpper, double.MinValue, double.MaxValue, nameof(tanhUpper));
        TanhLower = Guard.InRange(tanhLower, double.MinValue, double.MaxValue, nameof(tanhLower));
        if (!(tanhLower < tanhUpper))
        {
            throw Guard.OutOfRange(nameof(tanhLower), "must be less than tanhUpper (" + Guard.Format(tanhUpper) + "); got " + Guard.Format(tanhLower) + ".");
        }

        KDecay = Guard.Positive(kDecay, nameof(kDecay));
        if (!Enum.IsDefined(peakDecayMode))
        {
            throw Guard.Invalid(nameof(peakDecayMode), "must be Peak or Amplitude; got " + (int)peakDecayMode + ".");
        }

        PeakDecayMode = peakDecayMode;
        CycleWarmupSteps = Guard.NonNegative(cycleWarmupSteps, nameof(cycleWarmupSteps));
        if (cycleWarmupSteps >= period)
        {
            throw Guard.OutOfRange(nameof(cycleWarmupSteps), "must be less than period (" + Guard.Format(period) + "); got " + Guard.Format(cycleWarmupSteps) + ".");
        }

        CycleWarmupStart = Guard.NonNegative(cycleWarmupStart, nameof(cycleWarmupStart));
        _integral = period == Math.Floor(period) && period <= (1L << 53) && periodMultiplier == Math.Floor(periodMultiplier) && periodMultiplier <= (1L << 31);
        FloorDecay = Guard.InRange(floorDecay, 0, 1, nameof(floorDecay));
        if (!Enum.IsDefined(periodGrowth))
        {
            throw Guard.Invalid(nameof(periodGrowth), "must be Exact or Truncated; got " + (int)periodGrowth + ".");
        }

        PeriodGrowth = periodGrowth;
        if (periodGrowth == PeriodGrowth.Truncated && Guard.Recording is null)
        {
            if (!(period == Math.Floor(period) && period >= 1 && period < 9.2233720368547758E18))
            {
                throw Guard.OutOfRange(nameof(period), "must be an integer in [1, " + Guard.Format(long.MaxValue) + "] with Truncated period growth; got " + Guard.Format(period) + ".");
            }

            _truncated = TruncatedCycles.Create((long)period, periodMultiplier, cycleLimit)
                ?? throw Guard.OutOfRange(nameof(periodMultiplier), "must grow Truncated periods fast enough that at most " + Guard.Format(TruncatedCycles.MaxCycles) + " cycles start below long.MaxValue and the cycle limit; got " + Guard.Format(periodMultiplier) + ".");

            // Integral with multiplier 1 (or an integral multiplier) is the same sequence either way; the table decides.
            _integral = false;
        }
    }

    /// <summary>The peak of the first cycle.</summary>
    public double PeakValue { get; }

    /// <summary>The length of the first cycle in steps.</summary>
    public double Period { get; }

    /// <summary>The growth of each cycle's length.</summary>
    public double PeriodMultiplier { get; }

    /// <summary>The factor applied per cycle.</summary>
    public double PeakDecay { get; }

    /// <summary>The value every cycle decays to.</summary>
    public double FloorValue { get; }

    /// <summary>Number of cycles after which the floor holds, or null for no limit.</summary>
    public long? CycleLimit { get; }

    /// <summary>The curve of a cycle.</summary>
    public CycleShape Shape { get; }

    /// <summary>Exponent of <see cref="CycleShape.Power"/>.</summary>
    public double Power { get; }

    /// <summary>Lower bound of <see cref="CycleShape.Tanh"/>.</summary>
    public double TanhLower { get; }

    /// <summary>Upper bound of <see cref="CycleShape.Tanh"/>.</summary>
    public double TanhUpper { get; }

    /// <summary>Exponent applied to the cycle position.</summary>
    public double KDecay { get; }

    /// <summary>What <see cref="PeakDecay"/> multiplies.</summary>
    public PeakDecayMode PeakDecayMode { get; }

    /// <summary>Linear warmup at the start of every cycle, in steps.</summary>
    public long CycleWarmupSteps { get; }

    /// <summary>Value at the start of each cycle warmup.</summary>
    public double CycleWarmupStart { get; }

    /// <summary>The factor applied to the floor per cycle.</summary>
    public double FloorDecay { get; }

    /// <summary>How each cycle's length follows from the previous one.</summary>
    public PeriodGrowth PeriodGrowth { get; }

    /// <summary>Finds the cycle of <paramref name="step"/>.</summary>
    /// <param name="step">A step, <c>&gt;= 0</c>.</param>
    /// <returns>The cycle index <c>i</c>, the cycle's start <c>S_i</c> and its length <c>T_i</c>.</returns>
    public (long Cycle, double Start, double Length) LocateCycle(long step)
    {
        Guard.Step(step);
        if (_truncated is { } table)
        {
            var (c, s, l) = table.Locate(step);
            return (c, s, l);
        }

        if (_integral)
        {
            var (cycle, start, length) = LocateIntegral(step);
            return (cycle, start, length);
        }

        return LocateReal(step);
    }

    internal override double ValueAt(long step)
    {
        var (cycle, tau, length) = Position(step);
        if (cycle >= CycleLimit)
        {
            return FloorValue;
        }

        double peak = CyclePeak(cycle);
        double floor = CycleFloor(cycle);
        if (tau < CycleWarmupSteps)
        {
            return new Interpolant(CycleWarmupStart, peak).At(tau / CycleWarmupSteps);
        }

        if (IsExactCosineCycle(length))
        {
            // With k = 1 the half cosine of (tau - W) / (T_i - W) from the peak to the floor, in its well-conditioned form
            // (tau is exact for integral cycles).
            return Numerics.CosineLerp(peak, floor, (long)Math.Clamp(tau - CycleWarmupSteps, 0, length - CycleWarmupSteps), (long)(length - CycleWarmupSteps));
        }

        double u = (tau - CycleWarmupSteps) / (length - CycleWarmupSteps);
        // timm's k-decay t^k / T^k as (t / T)^k through the power the span operator shares.
        u = Math.Clamp(KDecay == 1 ? u : Numerics.SmallPower(u, KDecay), 0, 1);
        return new Interpolant(floor, peak).At(CycleFraction(u));
    }

    /// <summary>
    /// The cycle of <paramref name="step"/>, its position <c>tau = step - S_i</c> in it and its length. For an integral
    /// period and multiplier <c>tau</c> is computed in integers (exact, then rounded once), never from a rounded cycle start:
    /// past 2^53 a start rounded to a double would put a step into the wrong place of its cycle (a step that is a restart
    /// read as the cycle's end), and the span path, which counts positions in integers, would disagree.
    /// </summary>
    private (long Cycle, double Tau, double Length) Position(long step)
    {
        if (_truncated is { } table)
        {
            var (cycle, start, length) = table.Locate(step);
            return (cycle, step - start, length);
        }

        if (_integral)
        {
            var (cycle, start, length) = LocateIntegral(step);
            return (cycle, step - start, length);
        }

        var (c, s, l) = LocateReal(step);
        return (c, step - s, l);
    }

    /// <summary>Whether a cycle of this length takes the integer half-cosine form (cosine, k = 1, integral, at most 2^53 steps).</summary>
    private bool IsExactCosineCycle(double length) => Shape == CycleShape.Cosine && KDecay == 1 && (_integral || _truncated is not null) && length <= ExactSteps;

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateCycles(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateCycles(firstStep, destination);

    private void EvaluateCycles<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // One segment per cycle; the cosine part of an integral cycle runs through the vectorized half-cosine kernel.
        int done = 0;
        while (done < destination.Length)
        {
            long step = firstStep + done;
            int remaining = destination.Length - done;
            long cycle;
            double start, length;
            long exactStart = 0;
            int count;
            if (_truncated is { } table)
            {
                (cycle, exactStart, length) = table.Locate(step);
                start = exactStart;
                count = table.NextStart(cycle, exactStart) is long next ? Segments.LengthBefore(step, next, remaining) : remaining;
            }
            else if (_integral)
            {
                // Cycle starts in integers, exactly as the scalar path's Position.
                (cycle, exactStart, length) = LocateIntegral(step);
                start = exactStart;
                count = NextIntegralStart(cycle, exactStart) is long next ? Segments.LengthBefore(step, next, remaining) : remaining;
            }
            else
            {
                (cycle, start, length) = LocateReal(step);
                double next = start + length;
                count = next >= 9.2e18 ? remaining : Segments.LengthBefore(step, (long)next, remaining);
                count = Math.Max(count, 1);
                while (count > 1 && LocateReal(step + count - 1).Cycle != cycle)
                {
                    // start + length rounds (positions near 2^53 are only integers): the cycle search decides.
                    count--;
                }
            }

            var segment = destination.Slice(done, count);
            if (cycle >= CycleLimit)
            {
                Segments.Fill(segment, FloorValue);
            }
            else if (IsExactCosineCycle(length))
            {
                CosineCycle(step, cycle, exactStart, (long)length, segment);
            }
            else if (step <= ExactSteps - count)
            {
                GeneralCycle(step, cycle, start, length, segment);
            }
            else
            {
                ScalarFill(step, segment);
            }

            done += count;
        }
    }

    /// <summary>
    /// The fraction of the way from the floor to the peak at in-cycle progress <c>u</c> in <c>[0, 1]</c>, through the
    /// kernels the span operator shares: cosine <c>cos^2(pi u / 2)</c>; power <c>(1 - u)^p</c>; tanh
    /// <c>(1 - tanh(x)) / 2 = 1 / (1 + e^(2x))</c> for <c>x = lower (1 - u) + upper u</c> (no cancellation where tanh
    /// tends to 1).
    /// </summary>
    private double CycleFraction(double u) => Shape switch
    {
        CycleShape.Cosine => VectorMath.CosPiSquared(u * 0.5),
        CycleShape.Power => Numerics.SmallPower(1 - u, Power),
        _ => 1 / (1 + VectorMath.Exp2(((TanhLower * (1 - u)) + (TanhUpper * u)) * RestartsCycleOperator.TwoLog2E)),
    };

    /// <summary>The peak of cycle <paramref name="cycle"/>: decayed by <c>PeakDecay^cycle</c> on the peak or on the amplitude above the floor.</summary>
    private double CyclePeak(long cycle)
    {
        double decay = PeakDecay == 1 ? 1 : Math.Pow(PeakDecay, cycle);
        return PeakDecayMode == PeakDecayMode.Peak ? PeakValue * decay : new Interpolant(CycleFloor(cycle), PeakValue).At(decay);
    }

    /// <summary>The floor of cycle <paramref name="cycle"/>: <c>FloorValue * FloorDecay^cycle</c> (exactly <c>FloorValue</c> when <c>FloorDecay = 1</c>).</summary>
    private double CycleFloor(long cycle) => FloorDecay == 1 ? FloorValue : FloorValue * Math.Pow(FloorDecay, cycle);

    /// <summary>Any cycle shape, k-decay or real-valued cycle: the in-cycle warmup element by element, the decay vectorized.</summary>
    private void GeneralCycle<T>(long step, long cycle, double start, double length, Span<T> segment)
        where T : unmanaged
    {
        int warm = 0;
        while (warm < segment.Length && step + warm - start < CycleWarmupSteps)
        {
            warm++;
        }

        ScalarFill(step, segment[..warm]);
        double peak = CyclePeak(cycle);
        var op = new RestartsCycleOperator(start, CycleWarmupSteps, length, KDecay, Shape, Power, TanhLower, TanhUpper, new Interpolant(CycleFloor(cycle), peak));
        Kernels.Map(op, step + warm, 1, segment[warm..]);
    }

    private void CosineCycle<T>(long step, long cycle, long start, long length, Span<T> segment)
        where T : unmanaged
    {
        long tau0 = step - start;
        int warm = (int)Math.Clamp(CycleWarmupSteps - tau0, 0, segment.Length);
        ScalarFill(step, segment[..warm]);
        double peak = CyclePeak(cycle);
        long den = length - CycleWarmupSteps;
        var decaying = segment[warm..];
        Kernels.CosineLerp(peak, CycleFloor(cycle), tau0 + warm - CycleWarmupSteps, den, decaying);
        if (den % 2 == 0)
        {
            PatchExact(step + warm, decaying, start + CycleWarmupSteps + (den / 2));
        }
    }

    /// <summary>Steps up to which positions are exact doubles (2^53).</summary>
    private const double ExactSteps = 9007199254740992.0;

    /// <summary>The start of the cycle after <paramref name="cycle"/> (which starts at <paramref name="start"/>) for an integral schedule, or null past <c>long.MaxValue</c>.</summary>
    private long? NextIntegralStart(long cycle, long start)
    {
        long t0 = (long)Period;
        if (PeriodMultiplier == 1)
        {
            return start > long.MaxValue - t0 ? null : start + t0;
        }

        return StartOf(cycle + 1, t0, (long)PeriodMultiplier);
    }

    /// <summary>Exact cycle search for an integer period and multiplier: <c>S_i</c> in 64-bit integers, saturating.</summary>
    private (long Cycle, long Start, double Length) LocateIntegral(long step)
    {
        long t0 = (long)Period;
        if (PeriodMultiplier == 1)
        {
            long i = step / t0;
            return (i, i * t0, Period);
        }

        long m = (long)PeriodMultiplier;
        long cycle = Math.Max(0, (long)Math.Floor(Math.Log(1 + ((double)step / t0 * (m - 1))) / Math.Log(m)));
        while (cycle > 0 && (StartOf(cycle, t0, m) is not long s || s > step))
        {
            cycle--;
        }

        while (StartOf(cycle + 1, t0, m) is long next && next <= step)
        {
            cycle++;
        }

        return (cycle, StartOf(cycle, t0, m)!.Value, Period * Math.Pow(PeriodMultiplier, cycle));
    }

    /// <summary><c>t0 * (m^i - 1) / (m - 1)</c> exactly, or null when it does not fit in 64 bits (so it is past every step).</summary>
    private static long? StartOf(long i, long t0, long m)
    {
        // Sum of t0 * m^j for j < i, accumulated term by term with overflow checks.
        long sum = 0, term = t0;
        for (long j = 0; j < i; j++)
        {
            if (sum > long.MaxValue - term)
            {
                return null;
            }

            sum += term;
            if (j + 1 < i)
            {
                if (term > long.MaxValue / m)
                {
                    return null;
                }

                term *= m;
            }
        }

        return sum;
    }

    /// <summary>Cycle search for a fractional period or multiplier: logarithm estimate, then correction against <c>S_i</c>.</summary>
    private (long Cycle, double Start, double Length) LocateReal(long step)
    {
        double t = step;
        double m = PeriodMultiplier;
        double estimate = m == 1 ? Math.Floor(t / Period) : Math.Floor(Math.Log(1 + (t / Period * (m - 1))) / Math.Log(m));
        if (!(estimate < (double)(1L << 62)))
        {
            // 2^62 cycles or more (a period far below one step): the index saturates and the cycle is located with fmod
            // instead of a walk from the clamped estimate, which would not end.
            return (long.MaxValue, t - (t % Period), Period);
        }

        long cycle = (long)Math.Max(estimate, 0);
        while (cycle > 0 && RealStart(cycle) > t)
        {
            cycle--;
        }

        while (RealStart(cycle + 1) <= t)
        {
            cycle++;
        }

        return (cycle, RealStart(cycle), Period * Math.Pow(m, cycle));
    }

    private double RealStart(long i)
        => PeriodMultiplier == 1 ? Period * i : (1 - Math.Pow(PeriodMultiplier, i)) / (1 - PeriodMultiplier) * Period;
}
