namespace LrSchedules;

/// <summary>
/// A learning-rate schedule: a pure function from a 0-based optimizer step to a learning rate.
/// </summary>
/// <remarks>
/// <para>
/// Implementations are immutable and thread-safe: the value at a step never depends on which steps were evaluated
/// before, on which thread, or in which order. Every valid schedule returns a finite, non-negative value (never
/// <c>-0</c>) for every step in <c>[0, long.MaxValue]</c>.
/// </para>
/// <para>
/// A custom implementation must keep that contract too: the library's combinators (warmup, hold, shift, sequence, scale, product),
/// <see cref="Composition.ContinualPretraining"/> and <see cref="GroupScales"/> check what a schedule that is not one of
/// the library's returns (from <see cref="GetLearningRate"/> and from both span overloads), and throw
/// <see cref="InvalidOperationException"/> naming the schedule (type and <c>ToString()</c>), the step and the value for
/// NaN, an infinity or a negative value; a <c>-0</c> is passed on as <c>+0</c>.
/// </para>
/// <para>
/// Step <c>k</c> is the learning rate the optimizer uses for its <c>k</c>-th update (the first update is step 0).
/// </para>
/// </remarks>
public interface ILearningRateSchedule
{
    /// <summary>Returns the learning rate in effect at <paramref name="step"/>.</summary>
    /// <param name="step">The 0-based optimizer step; valid range <c>[0, long.MaxValue]</c>.</param>
    /// <returns>A finite, non-negative learning rate (<c>+0</c>, never <c>-0</c>, for zero).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    double GetLearningRate(long step);

    /// <summary>
    /// Fills <paramref name="destination"/> so that <c>destination[i]</c> is the learning rate at step
    /// <c>firstStep + i</c>.
    /// </summary>
    /// <remarks>
    /// Contract: each value is within 4 ULP of <see cref="GetLearningRate"/> at the same step and equal to it at step 0
    /// and at phase boundaries; the library's schedules evaluate spans phase by phase with SIMD kernels they share with
    /// <see cref="GetLearningRate"/>, so in fact the values are bit-identical. No heap allocation.
    /// </remarks>
    /// <param name="firstStep">The step of <c>destination[0]</c>; valid range <c>[0, long.MaxValue]</c>, and the last
    /// step <c>firstStep + destination.Length - 1</c> must not exceed <c>long.MaxValue</c>.</param>
    /// <param name="destination">The span to fill; may be empty.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstStep"/> is negative or the range overflows.</exception>
    void Evaluate(long firstStep, Span<double> destination);

    /// <summary>
    /// Fills <paramref name="destination"/> so that <c>destination[i]</c> is the learning rate at step
    /// <c>firstStep + i</c>, rounded to <see cref="float"/>; a learning rate above <see cref="float.MaxValue"/> (about
    /// 3.4e38) is written as <see cref="float.MaxValue"/>, never as +inf.
    /// </summary>
    /// <remarks>
    /// Contract: each value is finite, non-negative and within 4 ULP of <c>(float)Math.Min(GetLearningRate(step),
    /// float.MaxValue)</c>, and equal to it at step 0 and at phase boundaries. The library's float kernels compute the
    /// linear, inverse-square-root, exponential and exp-range families and powers without a multiplication form in float
    /// lanes after an exact double phase (within 3 ULP, measured), and the others in double with float-grade polynomials
    /// for the cosine family before one rounding (within 1 ULP). No heap allocation.
    /// </remarks>
    /// <param name="firstStep">The step of <c>destination[0]</c>; valid range <c>[0, long.MaxValue]</c>, and the last
    /// step <c>firstStep + destination.Length - 1</c> must not exceed <c>long.MaxValue</c>.</param>
    /// <param name="destination">The span to fill; may be empty.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstStep"/> is negative or the range overflows.</exception>
    void Evaluate(long firstStep, Span<float> destination);
}
