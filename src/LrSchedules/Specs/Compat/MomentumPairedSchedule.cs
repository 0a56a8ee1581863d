using LrSchedules.Internal;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// One parameter group whose learning rate and momentum both follow a schedule: what a compat spec that cycles the
/// momentum (<c>deepspeed.OneCycle</c> with <c>cycle_momentum</c>) returns, so that <c>lrs eval --momentum</c> and
/// <see cref="IGroupedSchedule.EvaluateGroups"/> give the momentum. As an <see cref="ILearningRateSchedule"/> it is the
/// learning-rate schedule. Written back as the compat spec it was read from.
/// </summary>
internal sealed record MomentumPairedSchedule : LearningRateSchedule, IGroupedSchedule
{
    public MomentumPairedSchedule(ILearningRateSchedule learningRate, ILearningRateSchedule momentum, string spec)
    {
        LearningRate = Guard.NotNull(learningRate, nameof(learningRate));
        Momentum = Guard.NotNull(momentum, nameof(momentum));
        Spec = Guard.NotNull(spec, nameof(spec));
    }

    /// <summary>The learning-rate schedule.</summary>
    public ILearningRateSchedule LearningRate { get; }

    /// <summary>The momentum schedule.</summary>
    public ILearningRateSchedule Momentum { get; }

    /// <summary>The compat spec, as compact JSON.</summary>
    public string Spec { get; }

    /// <inheritdoc/>
    public int GroupCount => 1;

    /// <inheritdoc/>
    public bool HasMomentum => true;

    /// <inheritdoc/>
    public void EvaluateGroups(long firstStep, int stepCount, Span<double> learningRates, Span<double> momentums)
    {
        Guard.StepRange(firstStep, stepCount);
        Guard.InRange(stepCount, 0, int.MaxValue, nameof(stepCount));
        if (learningRates.Length < stepCount)
        {
            throw Guard.Invalid(nameof(learningRates), "must hold stepCount * GroupCount = " + stepCount + " values; got " + learningRates.Length + ".");
        }

        if (momentums.Length != 0 && momentums.Length < stepCount)
        {
            throw Guard.Invalid(nameof(momentums), "must be empty or hold stepCount * GroupCount = " + stepCount + " values; got " + momentums.Length + ".");
        }

        InnerSchedule.Evaluate(LearningRate, firstStep, learningRates[..stepCount]);
        if (momentums.Length != 0)
        {
            InnerSchedule.Evaluate(Momentum, firstStep, momentums[..stepCount]);
        }
    }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(LearningRate, origin, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => InnerSchedule.GetLearningRate(LearningRate, step);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Segments.Evaluate(LearningRate, firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Segments.Evaluate(LearningRate, firstStep, destination);
}
