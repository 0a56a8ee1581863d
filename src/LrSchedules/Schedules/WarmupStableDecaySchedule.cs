using LrSchedules.Composition;
using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Warmup-stable-decay (WSD, MiniCPM 2024; "trapezoidal"): a warmup to <see cref="PeakValue"/>, a stable phase, and a
/// decay to <see cref="FinalValue"/>, which then holds forever.
/// </summary>
/// <remarks>
/// <para>Phases, with <c>W = WarmupSteps</c>, <c>S = StableSteps</c>, <c>D = DecaySteps</c>:</para>
/// <list type="bullet">
/// <item><c>[0, W)</c>: the <see cref="WarmupShape"/> curve from <see cref="WarmupStartValue"/> to the peak (see <see cref="WarmupSchedule"/>);</item>
/// <item><c>[W, W + S)</c>: the peak, or with <see cref="StableTimescale"/> set, timm's rsqrt stable phase
/// <c>PeakValue / sqrt((t + StableTimescale) / StableTimescale)</c> (<c>t</c> counted from <c>W</c>);</item>
/// <item><c>[W + S, W + S + D)</c>: an <see cref="AnnealSchedule"/> of shape <see cref="DecayShape"/> from the value at the end of
/// the stable phase to <see cref="FinalValue"/>;</item>
/// <item>from <c>W + S + D</c> on: exactly <see cref="FinalValue"/>.</item>
/// </list>
/// <para>The schedule is built from <see cref="WarmupSchedule"/>, <see cref="SequenceSchedule"/>, <see cref="ConstantSchedule"/>,
/// <see cref="InverseSqrtSchedule"/> and <see cref="AnnealSchedule"/>, whose formulas it shares. Immutable and thread-safe.
/// Spec type: <c>warmup_stable_decay</c>.</para>
/// </remarks>
public sealed record WarmupStableDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates a warmup-stable-decay schedule.</summary>
    /// <param name="peakValue">Value of the stable phase; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="warmupSteps">Length of the warmup; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="stableSteps">Length of the stable phase; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="decaySteps">Length of the decay; in <c>[1, long.MaxValue]</c>; the three lengths together at most <c>long.MaxValue</c>.</param>
    /// <param name="finalValue">Value at the end of the decay; finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <param name="warmupShape">The warmup curve. Default <see cref="Composition.WarmupShape.Linear"/>.</param>
    /// <param name="warmupStartValue">Value at step 0; finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <param name="decayShape">The decay curve. Default <see cref="Schedules.DecayShape.Linear"/>.</param>
    /// <param name="decayPower">Exponent of <see cref="DecayShape.Power"/>; finite, in <c>(0, +inf)</c>. Default 1.</param>
    /// <param name="decayHalfLife">Half-life of <see cref="DecayShape.Exponential"/> (MiniCPM form); finite, in <c>(0, +inf)</c>, or null for the geometric curve.</param>
    /// <param name="stableTimescale">Timescale of an rsqrt stable phase; finite, in <c>(0, +inf)</c>, or null for a constant stable phase.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">An enumeration value is undefined or a shape's requirements are not met.</exception>
    public WarmupStableDecaySchedule(
        double peakValue,
        long warmupSteps,
        long stableSteps,
        long decaySteps,
        double finalValue = 0,
        WarmupShape warmupShape = WarmupShape.Linear,
        double warmupStartValue = 0,
        DecayShape decayShape = DecayShape.Linear,
        double decayPower = 1,
        double? decayHalfLife = null,
        double? stableTimescale = null)
    {
        PeakValue = Guard.NonNegative(peakValue, nameof(peakValue));
        WarmupSteps = Guard.NonNegative(warmupSteps, nameof(warmupSteps));
        StableSteps = Guard.NonNegative(stableSteps, nameof(stableSteps));
        DecaySteps = Guard.Positive(decaySteps, nameof(decaySteps));
        if (stableSteps > long.MaxValue - warmupSteps || decaySteps > long.MaxValue - warmupSteps - stableSteps)
        {
            throw Guard.OutOfRange(nameof(decaySteps), "must keep warmupSteps + stableSteps + decaySteps within long.MaxValue.");
        }

        FinalValue = Guard.NonNegative(finalValue, nameof(finalValue));

        // Validated here, with this constructor's parameter names, rather than by the inner schedules.
        if (!Enum.IsDefined(warmupShape))
        {
            throw Guard.Invalid(nameof(warmupShape), "must be Linear, Cosine, Exponential, OneMinusSqrt or Logarithmic; got " + (int)warmupShape + ".");
        }

        WarmupShape = warmupShape;
        WarmupStartValue = Guard.NonNegative(warmupStartValue, nameof(warmupStartValue));
        if (!Enum.IsDefined(decayShape))
        {
            throw Guard.Invalid(nameof(decayShape), "must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got " + (int)decayShape + ".");
        }

        DecayShape = decayShape;
        DecayPower = Guard.Positive(decayPower, nameof(decayPower));
        if (decayHalfLife is double h)
        {
            Guard.Positive(h, nameof(decayHalfLife));
        }

        DecayHalfLife = decayHalfLife;
        if (stableTimescale is double ts)
        {
            Guard.Positive(ts, nameof(stableTimescale));
        }

        StableTimescale = stableTimescale;
        if (warmupShape == WarmupShape.Exponential && warmupSteps > 0)
        {
            if (warmupStartValue == 0)
            {
                throw Guard.OutOfRange(nameof(warmupStartValue), "must be a finite number in (0, +inf) for an exponential warmup; got 0.");
            }

            if (peakValue == 0)
            {
                throw Guard.Invalid(nameof(peakValue), "must be above 0 for an exponential warmup; got 0.");
            }
        }

        if (decayShape == DecayShape.Exponential && decayHalfLife is null && (peakValue == 0 || finalValue == 0))
        {
            throw Guard.Invalid(peakValue == 0 ? nameof(peakValue) : nameof(finalValue), "must be above 0 for a geometric decay (exponential without decayHalfLife); got 0.");
        }

        ILearningRateSchedule stable = stableTimescale is double timescale ? new InverseSqrtSchedule(peakValue, timescale) : new ConstantSchedule(peakValue);
        double decayFrom = stable.GetLearningRate(stableSteps);
        var decay = new AnnealSchedule(decayFrom, finalValue, decaySteps, decayShape, decayPower, decayHalfLife);
        var body = stableSteps > 0 ? new SequenceSchedule(new SchedulePhase(stable, stableSteps), new SchedulePhase(decay)) : (ILearningRateSchedule)decay;
        Inner = new WarmupSchedule(body, warmupSteps, warmupStartValue, warmupShape);
    }

    /// <summary>The value of the stable phase.</summary>
    public double PeakValue { get; }

    /// <summary>The length of the warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>The length of the stable phase.</summary>
    public long StableSteps { get; }

    /// <summary>The length of the decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The value at the end of the decay.</summary>
    public double FinalValue { get; }

    /// <summary>The warmup curve.</summary>
    public WarmupShape WarmupShape { get; }

    /// <summary>The value at step 0.</summary>
    public double WarmupStartValue { get; }

    /// <summary>The decay curve.</summary>
    public DecayShape DecayShape { get; }

    /// <summary>Exponent of <see cref="DecayShape.Power"/>.</summary>
    public double DecayPower { get; }

    /// <summary>Half-life of <see cref="DecayShape.Exponential"/>, or null for the geometric curve.</summary>
    public double? DecayHalfLife { get; }

    /// <summary>Timescale of an rsqrt stable phase, or null for a constant one.</summary>
    public double? StableTimescale { get; }

    /// <summary>The composition this schedule evaluates.</summary>
    public WarmupSchedule Inner { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(Inner, origin, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => Inner.ValueAt(step);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Inner.EvaluateCore(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Inner.EvaluateCore(firstStep, destination);
}
