using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LrSchedules.Internal;

namespace LrSchedules;

/// <summary>
/// The many-groups hot path: the learning rates of <c>G</c> parameter groups at one step, when the groups share a
/// schedule and differ by a constant factor each (layer-wise learning-rate decay, per-group multipliers). One schedule
/// evaluation, then one vectorized pass over the groups, no heap allocation.
/// </summary>
public static class GroupScales
{
    /// <summary>
    /// Fills <paramref name="destination"/> with <c>destination[g] = (float)(schedule.GetLearningRate(step) * scales[g])</c>:
    /// the product is formed in double and rounded to float once (a zero product is always <c>+0</c>, also for a scale of
    /// <c>-0</c>).
    /// </summary>
    /// <remarks>The learning rate is read through the same check as the combinators': a <paramref name="schedule"/> that
    /// returns NaN, an infinity or a negative value throws <see cref="InvalidOperationException"/> naming it, the step and
    /// the value.</remarks>
    /// <param name="schedule">The shared schedule; not null.</param>
    /// <param name="step">The step; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="scales">The per-group factors; each finite and in <c>[0, +inf)</c>.</param>
    /// <param name="destination">One element per group; the same length as <paramref name="scales"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a factor is negative, infinite or NaN, or a product overflows float.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="schedule"/> returned NaN, an infinity or a negative value.</exception>
    public static void Evaluate(ILearningRateSchedule schedule, long step, ReadOnlySpan<float> scales, Span<float> destination)
    {
        double lr = Prepare(schedule, step, scales.Length, destination.Length);
        if (scales.IsEmpty)
        {
            return;
        }

        Validate(TensorPrimitives.Min(scales), TensorPrimitives.Max(scales), lr, float.MaxValue);
        ref float s = ref MemoryMarshal.GetReference(scales);
        ref float d = ref MemoryMarshal.GetReference(destination);
        var rate = new Vector<double>(lr);
        int width = Vector<float>.Count;
        int g = 0;
        for (; g <= scales.Length - width; g += width)
        {
            // + 0 turns the -0 of a -0 scale into +0 and changes nothing else.
            Vector.Widen(Vector.LoadUnsafe(ref s, (nuint)g), out var low, out var high);
            Vector.Narrow((low * rate) + Vector<double>.Zero, (high * rate) + Vector<double>.Zero).StoreUnsafe(ref d, (nuint)g);
        }

        for (; g < scales.Length; g++)
        {
            Unsafe.Add(ref d, g) = (float)((lr * Unsafe.Add(ref s, g)) + 0.0);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with <c>destination[g] = schedule.GetLearningRate(step) * scales[g]</c> (a zero
    /// product is always <c>+0</c>).
    /// </summary>
    /// <remarks>The learning rate is checked as in the <see cref="float"/> overload.</remarks>
    /// <param name="schedule">The shared schedule; not null.</param>
    /// <param name="step">The step; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="scales">The per-group factors; each finite and in <c>[0, +inf)</c>.</param>
    /// <param name="destination">One element per group; the same length as <paramref name="scales"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a factor is negative, infinite or NaN, or a product overflows.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="schedule"/> returned NaN, an infinity or a negative value.</exception>
    public static void Evaluate(ILearningRateSchedule schedule, long step, ReadOnlySpan<double> scales, Span<double> destination)
    {
        double lr = Prepare(schedule, step, scales.Length, destination.Length);
        if (scales.IsEmpty)
        {
            return;
        }

        Validate(TensorPrimitives.Min(scales), TensorPrimitives.Max(scales), lr, double.MaxValue);
        ref double s = ref MemoryMarshal.GetReference(scales);
        ref double d = ref MemoryMarshal.GetReference(destination);
        var rate = new Vector<double>(lr);
        int width = Vector<double>.Count;
        int g = 0;
        for (; g <= scales.Length - width; g += width)
        {
            ((Vector.LoadUnsafe(ref s, (nuint)g) * rate) + Vector<double>.Zero).StoreUnsafe(ref d, (nuint)g);
        }

        for (; g < scales.Length; g++)
        {
            Unsafe.Add(ref d, g) = (lr * Unsafe.Add(ref s, g)) + 0.0;
        }
    }

    /// <summary>
    /// Layer-wise decay factors: <c>destination[g] = decay^(G - 1 - g)</c> for <c>G = destination.Length</c> groups ordered
    /// from the input layer (<c>g = 0</c>, the smallest factor) to the output layer (<c>g = G - 1</c>, factor 1), computed
    /// by repeated multiplication from the top in double and rounded once.
    /// </summary>
    /// <param name="decay">The per-layer factor; finite, in <c>(0, 1]</c>.</param>
    /// <param name="destination">One element per group; may be empty.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is outside <c>(0, 1]</c> or NaN.</exception>
    public static void LayerwiseDecay(double decay, Span<float> destination)
    {
        CheckDecay(decay);
        double f = 1;
        for (int g = destination.Length - 1; g >= 0; g--)
        {
            destination[g] = (float)f;
            f *= decay;
        }
    }

    /// <inheritdoc cref="LayerwiseDecay(double, Span{float})"/>
    public static void LayerwiseDecay(double decay, Span<double> destination)
    {
        CheckDecay(decay);
        double f = 1;
        for (int g = destination.Length - 1; g >= 0; g--)
        {
            destination[g] = f;
            f *= decay;
        }
    }

    private static void CheckDecay(double decay)
    {
        if (!(decay > 0 && decay <= 1))
        {
            throw Guard.OutOfRange(nameof(decay), "must be in (0, 1]; got " + decay.ToString("R", CultureInfo.InvariantCulture) + ".");
        }
    }

    private static double Prepare(ILearningRateSchedule schedule, long step, int scales, int destination)
    {
        Guard.NotNull(schedule, nameof(schedule));
        if (scales != destination)
        {
            throw Guard.Invalid(nameof(destination), "must have one element per scale (" + scales.ToString(CultureInfo.InvariantCulture) + "); got " + destination.ToString(CultureInfo.InvariantCulture) + ".");
        }

        Guard.Step(step);
        return InnerSchedule.GetLearningRate(schedule, step);
    }

    private static void Validate<T>(T min, T max, double lr, double limit)
        where T : IFloatingPointIeee754<T>
    {
        if (!(min >= T.Zero && T.IsFinite(max)))
        {
            throw Guard.Invalid("scales", "must all be finite and >= 0; got min " + min.ToString("R", CultureInfo.InvariantCulture) + ", max " + max.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        if (double.CreateTruncating(max) * lr > limit)
        {
            throw Guard.Invalid("scales", "times the learning rate " + lr.ToString("R", CultureInfo.InvariantCulture) + " overflows: max " + max.ToString("R", CultureInfo.InvariantCulture) + ".");
        }
    }
}
