using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Step decay: the learning rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/> steps (PyTorch
/// <c>StepLR</c>'s closed form).
/// </summary>
/// <remarks>
/// <para><c>lr(step) = InitialValue * Gamma^floor(step / StepSize)</c>.</para>
/// <para>The first decay happens at <c>step = StepSize</c>. Past the horizon the value keeps decaying towards 0 (which it
/// reaches when the power underflows). Immutable and thread-safe. Spec type: <c>step</c>.</para>
/// </remarks>
public sealed record StepSchedule : LearningRateSchedule
{
    /// <summary>Creates a step schedule.</summary>
    /// <param name="initialValue">Value for steps <c>[0, stepSize)</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="stepSize">Steps between decays; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="gamma">Factor applied at each decay; in <c>[0, 1]</c> (larger factors would grow without bound).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public StepSchedule(double initialValue, long stepSize, double gamma)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        StepSize = Guard.Positive(stepSize, nameof(stepSize));
        Gamma = Guard.InRange(gamma, 0, 1, nameof(gamma));
    }

    /// <summary>The value for steps <c>[0, StepSize)</c>.</summary>
    public double InitialValue { get; }

    /// <summary>Steps between decays.</summary>
    public long StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    internal override double ValueAt(long step) => InitialValue * Math.Pow(Gamma, step / StepSize);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => Fill(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => Fill(firstStep, destination);

    private void Fill<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // One fill per stair.
        int done = 0;
        while (done < destination.Length)
        {
            long step = firstStep + done;
            long stairEnd = ((step / StepSize) + 1) * StepSize;
            int count = step / StepSize >= (long.MaxValue / StepSize) ? destination.Length - done : Segments.LengthBefore(step, stairEnd, destination.Length - done);
            Segments.Fill(destination.Slice(done, count), ValueAt(step));
            done += count;
        }
    }
}
