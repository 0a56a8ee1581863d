using System.Buffers;
using LrSchedules.Internal;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// Several parameter groups whose learning rates (and, optionally, momentums) each follow a schedule: what a compat spec
/// with per-group values (a DeepSpeed <c>warmup_max_lr</c> list) or a cycled momentum (<c>deepspeed.OneCycle</c> with
/// <c>cycle_momentum</c>) returns, so that <c>lrs eval</c> prints every group and <c>--momentum</c> the momentums. As an
/// <see cref="ILearningRateSchedule"/> it is group 0. Written back as the compat spec it was read from.
/// </summary>
internal sealed record GroupedCompatSchedule : LearningRateSchedule, IGroupedSchedule
{
    public GroupedCompatSchedule(IReadOnlyList<ILearningRateSchedule> learningRates, IReadOnlyList<ILearningRateSchedule>? momentums, string spec)
    {
        LearningRates = new EquatableArray<ILearningRateSchedule>(Guard.NotNull(learningRates, nameof(learningRates)));
        if (LearningRates.Count == 0 || (momentums is not null && momentums.Count != LearningRates.Count))
        {
            throw Guard.Invalid(nameof(momentums), "must hold one schedule per group.");
        }

        Momentums = momentums is null ? null : new EquatableArray<ILearningRateSchedule>(momentums);
        Spec = Guard.NotNull(spec, nameof(spec));
    }

    /// <summary>The learning-rate schedule of each group.</summary>
    public EquatableArray<ILearningRateSchedule> LearningRates { get; }

    /// <summary>The momentum schedule of each group, or null.</summary>
    public EquatableArray<ILearningRateSchedule>? Momentums { get; }

    /// <summary>The compat spec, as compact JSON.</summary>
    public string Spec { get; }

    /// <inheritdoc/>
    public int GroupCount => LearningRates.Count;

    /// <inheritdoc/>
    public bool HasMomentum => Momentums is not null;

    /// <inheritdoc/>
    public void EvaluateGroups(long firstStep, int stepCount, Span<double> learningRates, Span<double> momentums)
    {
        Guard.StepRange(firstStep, stepCount);
        Guard.InRange(stepCount, 0, int.MaxValue / GroupCount, nameof(stepCount));
        int n = stepCount * GroupCount;
        if (learningRates.Length < n)
        {
            throw Guard.Invalid(nameof(learningRates), "must hold stepCount * GroupCount = " + n + " values; got " + learningRates.Length + ".");
        }

        if (momentums.Length != 0 && (Momentums is null || momentums.Length < n))
        {
            throw Guard.Invalid(nameof(momentums), Momentums is not null ? "must be empty or hold stepCount * GroupCount = " + n + " values; got " + momentums.Length + "." : "must be empty: this schedule has no momentum.");
        }

        Fill(LearningRates, firstStep, stepCount, learningRates);
        if (momentums.Length != 0)
        {
            Fill(Momentums!, firstStep, stepCount, momentums);
        }
    }

    /// <summary>Element <c>[k * GroupCount + g]</c> = group <c>g</c>'s schedule at <c>firstStep + k</c>.</summary>
    private static void Fill(EquatableArray<ILearningRateSchedule> schedules, long firstStep, int stepCount, Span<double> destination)
    {
        int groups = schedules.Count;
        if (groups == 1)
        {
            InnerSchedule.Evaluate(schedules[0], firstStep, destination[..stepCount]);
            return;
        }

        double[] column = ArrayPool<double>.Shared.Rent(stepCount);
        try
        {
            for (int g = 0; g < groups; g++)
            {
                InnerSchedule.Evaluate(schedules[g], firstStep, column.AsSpan(0, stepCount));
                for (int k = 0; k < stepCount; k++)
                {
                    destination[(k * groups) + g] = column[k];
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(column);
        }
    }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(LearningRates[0], origin, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => InnerSchedule.GetLearningRate(LearningRates[0], step);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Segments.Evaluate(LearningRates[0], firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Segments.Evaluate(LearningRates[0], firstStep, destination);
}
