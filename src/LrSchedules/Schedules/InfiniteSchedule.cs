using LrSchedules.Composition;
using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// The infinite learning-rate schedule of Singh et al. 2025, "Beyond Cosine Decay" (arXiv:2503.02844): linear warmup to
/// <see cref="PeakValue"/>, a cooldown to <see cref="ConstantValue"/>, a constant phase that can last as long as training
/// continues, and an exponential anneal that reaches <see cref="FinalValue"/> exactly at its end.
/// </summary>
/// <remarks>
/// <para>Phases, with <c>W</c>, <c>C</c>, <c>K</c>, <c>A</c> the four lengths:</para>
/// <list type="bullet">
/// <item><c>[0, W)</c>: linear warmup from <see cref="WarmupStartValue"/> to the peak (to the constant value when
/// <c>C = 0</c>: without a cooldown there is no peak);</item>
/// <item><c>[W, W + C)</c>: an <see cref="AnnealSchedule"/> from the peak to the constant value with <see cref="CooldownShape"/>
/// (the authors use cosine, inverse-sqrt with <see cref="Timescale"/>, or linear);</item>
/// <item><c>[W + C, W + C + K)</c>: the constant value (forever when <see cref="ConstantSteps"/> is null);</item>
/// <item><c>[W + C + K, W + C + K + A)</c>: an <see cref="AnnealSchedule"/> of shape <see cref="AnnealShape"/> (default the geometric
/// curve <c>constant * (final / constant)^(t / A)</c>);</item>
/// <item>from the end on: exactly <see cref="FinalValue"/>.</item>
/// </list>
/// <para>With <c>W = C = 0</c> this is the <em>continuing</em> form for a later task: no re-warming, constant until the anneal
/// (see <see cref="Continuing"/>). Built from the native combinators, whose formulas it shares. Immutable and thread-safe.
/// Spec type: <c>infinite</c>.</para>
/// </remarks>
public sealed record InfiniteSchedule : LearningRateSchedule
{
    /// <summary>Creates an infinite schedule.</summary>
    /// <param name="peakValue">Value at the end of warmup; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="warmupSteps">Length of the warmup; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="cooldownSteps">Length of the cooldown; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="constantValue">Value of the constant phase; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="constantSteps">Length of the constant phase; in <c>[1, long.MaxValue - cooldownSteps]</c>, or null for a constant phase that never ends (no anneal).</param>
    /// <param name="annealSteps">Length of the anneal; in <c>[1, long.MaxValue]</c>; ignored when <paramref name="constantSteps"/> is null.</param>
    /// <param name="finalValue">Value the anneal reaches; finite, in <c>(0, +inf)</c> for the geometric anneal, <c>[0, +inf)</c> otherwise.</param>
    /// <param name="cooldownShape">The cooldown curve. Default <see cref="DecayShape.Cosine"/>.</param>
    /// <param name="timescale">Timescale of an inverse-sqrt cooldown; finite, in <c>(0, +inf)</c>. Default 10.</param>
    /// <param name="annealShape">The anneal curve. Default <see cref="DecayShape.Exponential"/> (geometric).</param>
    /// <param name="warmupStartValue">Value at step 0; finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">A shape's requirements are not met.</exception>
    public InfiniteSchedule(
        double peakValue,
        long warmupSteps,
        long cooldownSteps,
        double constantValue,
        long? constantSteps,
        long annealSteps,
        double finalValue,
        DecayShape cooldownShape = DecayShape.Cosine,
        double timescale = 10,
        DecayShape annealShape = DecayShape.Exponential,
        double warmupStartValue = 0)
    {
        PeakValue = Guard.NonNegative(peakValue, nameof(peakValue));
        WarmupSteps = Guard.NonNegative(warmupSteps, nameof(warmupSteps));
        CooldownSteps = Guard.NonNegative(cooldownSteps, nameof(cooldownSteps));
        ConstantValue = Guard.NonNegative(constantValue, nameof(constantValue));
        if (constantSteps is long k)
        {
            Guard.Positive(k, nameof(constantSteps));
        }

        ConstantSteps = constantSteps;
        AnnealSteps = Guard.Positive(annealSteps, nameof(annealSteps));
        FinalValue = Guard.NonNegative(finalValue, nameof(finalValue));

        // Validated here, with this constructor's parameter names, rather than by the inner schedules.
        if (constantSteps > long.MaxValue - cooldownSteps)
        {
            throw Guard.OutOfRange(nameof(constantSteps), "must keep cooldownSteps + constantSteps within long.MaxValue.");
        }

        if (!Enum.IsDefined(cooldownShape))
        {
            throw Guard.Invalid(nameof(cooldownShape), "must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got " + (int)cooldownShape + ".");
        }

        CooldownShape = cooldownShape;
        Timescale = Guard.Positive(timescale, nameof(timescale));
        if (!Enum.IsDefined(annealShape))
        {
            throw Guard.Invalid(nameof(annealShape), "must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got " + (int)annealShape + ".");
        }

        AnnealShape = annealShape;
        WarmupStartValue = Guard.NonNegative(warmupStartValue, nameof(warmupStartValue));
        if (cooldownSteps > 0 && cooldownShape == DecayShape.Exponential && (peakValue == 0 || constantValue == 0))
        {
            throw Guard.Invalid(peakValue == 0 ? nameof(peakValue) : nameof(constantValue), "must be above 0 for a geometric (exponential) cooldown; got 0.");
        }

        if (constantSteps is not null && annealShape == DecayShape.Exponential && (constantValue == 0 || finalValue == 0))
        {
            throw Guard.Invalid(constantValue == 0 ? nameof(constantValue) : nameof(finalValue), "must be above 0 for a geometric (exponential) anneal; got 0.");
        }

        var phases = new List<SchedulePhase>(3);
        if (cooldownSteps > 0)
        {
            phases.Add(new SchedulePhase(new AnnealSchedule(peakValue, constantValue, cooldownSteps, cooldownShape, timescale: timescale), cooldownSteps));
        }

        var constant = new ConstantSchedule(constantValue);
        if (constantSteps is long steps)
        {
            phases.Add(new SchedulePhase(constant, steps));
            phases.Add(new SchedulePhase(new AnnealSchedule(constantValue, finalValue, annealSteps, annealShape)));
        }
        else
        {
            phases.Add(new SchedulePhase(constant));
        }

        Inner = new WarmupSchedule(phases.Count == 1 ? phases[0].Schedule : new SequenceSchedule(phases), warmupSteps, warmupStartValue);
    }

    /// <summary>The value at the end of warmup.</summary>
    public double PeakValue { get; }

    /// <summary>The length of the warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>The length of the cooldown.</summary>
    public long CooldownSteps { get; }

    /// <summary>The value of the constant phase.</summary>
    public double ConstantValue { get; }

    /// <summary>The length of the constant phase, or null if it never ends.</summary>
    public long? ConstantSteps { get; }

    /// <summary>The length of the anneal.</summary>
    public long AnnealSteps { get; }

    /// <summary>The value the anneal reaches.</summary>
    public double FinalValue { get; }

    /// <summary>The cooldown curve.</summary>
    public DecayShape CooldownShape { get; }

    /// <summary>Timescale of an inverse-sqrt cooldown.</summary>
    public double Timescale { get; }

    /// <summary>The anneal curve.</summary>
    public DecayShape AnnealShape { get; }

    /// <summary>The value at step 0.</summary>
    public double WarmupStartValue { get; }

    /// <summary>The composition this schedule evaluates.</summary>
    public WarmupSchedule Inner { get; }

    /// <summary>
    /// The continuing form for a later task: no warmup or cooldown, <paramref name="constantValue"/> for
    /// <paramref name="constantSteps"/> steps, then the anneal to <paramref name="finalValue"/> over
    /// <paramref name="annealSteps"/> steps.
    /// </summary>
    /// <param name="constantValue">Value of the constant phase; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="constantSteps">Length of the constant phase; in <c>[1, long.MaxValue]</c>, or null for no anneal.</param>
    /// <param name="annealSteps">Length of the anneal; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="finalValue">Value the anneal reaches; see the constructor.</param>
    /// <param name="annealShape">The anneal curve. Default <see cref="DecayShape.Exponential"/>.</param>
    /// <returns>The schedule.</returns>
    public static InfiniteSchedule Continuing(double constantValue, long? constantSteps, long annealSteps, double finalValue, DecayShape annealShape = DecayShape.Exponential)
        => new(Guard.NonNegative(constantValue, nameof(constantValue)), 0, 0, constantValue, constantSteps, annealSteps, finalValue, annealShape: annealShape);

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(Inner, origin, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => Inner.ValueAt(step);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Inner.EvaluateCore(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Inner.EvaluateCore(firstStep, destination);
}
