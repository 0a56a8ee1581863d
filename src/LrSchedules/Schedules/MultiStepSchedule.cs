using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Multi-step decay: the learning rate is multiplied by <see cref="Gamma"/> at every milestone (PyTorch
/// <c>MultiStepLR</c>'s closed form). A milestone listed twice applies its factor twice, as in PyTorch.
/// </summary>
/// <remarks>
/// <para><c>lr(step) = InitialValue * Gamma^k</c>, where <c>k</c> is the number of entries of <see cref="Milestones"/> that are
/// <c>&lt;= step</c> (Python's <c>bisect_right</c>).</para>
/// <para>After the last milestone the value holds forever. Immutable and thread-safe. Spec type: <c>multi_step</c>.</para>
/// </remarks>
public sealed record MultiStepSchedule : LearningRateSchedule
{
    /// <summary>Creates a multi-step schedule.</summary>
    /// <param name="initialValue">Value before the first milestone; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="milestones">Steps at which the factor applies; each in <c>[0, long.MaxValue]</c>, in non-decreasing order (repeats compound). May be empty.</param>
    /// <param name="gamma">Factor applied at each milestone; finite, in <c>[0, +inf)</c>, such that every resulting value is finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The milestones are out of order.</exception>
    public MultiStepSchedule(double initialValue, IEnumerable<long> milestones, double gamma)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        Milestones = new EquatableArray<long>(Guard.NotNull(milestones, nameof(milestones)));
        Gamma = Guard.NonNegative(gamma, nameof(gamma));
        var m = Milestones.AsSpan();
        for (int i = 0; i < m.Length; i++)
        {
            Guard.NonNegative(m[i], nameof(milestones));
            if (i > 0 && m[i] < m[i - 1])
            {
                throw Guard.Invalid(nameof(milestones), "must be in non-decreasing order; got " + Guard.Format(m[i]) + " after " + Guard.Format(m[i - 1]) + ".");
            }
        }

        if (!double.IsFinite(initialValue * Math.Pow(gamma, m.Length)))
        {
            throw Guard.OutOfRange(nameof(gamma), "must keep every value finite; initialValue * gamma^" + m.Length + " overflows.");
        }
    }

    /// <summary>The value before the first milestone.</summary>
    public double InitialValue { get; }

    /// <summary>The milestones, in non-decreasing order.</summary>
    public EquatableArray<long> Milestones { get; }

    /// <summary>The factor applied at each milestone.</summary>
    public double Gamma { get; }

    internal override double ValueAt(long step) => InitialValue * Math.Pow(Gamma, Numerics.UpperBound(Milestones.AsSpan(), step));

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Fill(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Fill(firstStep, destination);

    private void Fill<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // One fill per run between milestones.
        var milestones = Milestones.AsSpan();
        int done = 0;
        while (done < destination.Length)
        {
            long step = firstStep + done;
            int k = Numerics.UpperBound(milestones, step);
            int count = k < milestones.Length ? Segments.LengthBefore(step, milestones[k], destination.Length - done) : destination.Length - done;
            Segments.Fill(destination.Slice(done, count), ValueAt(step));
            done += count;
        }
    }
}
