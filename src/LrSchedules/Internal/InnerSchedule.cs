using System.Runtime.InteropServices;
using LrSchedules.Torch;

namespace LrSchedules.Internal;

/// <summary>
/// The one place where a combinator (<c>warmup</c>, <c>hold</c>, <c>shift</c>, <c>sequence</c>, <c>scale</c>, <c>product</c>),
/// <see cref="Composition.ContinualPretraining"/> or <see cref="GroupScales"/> reads the schedule it was given, and checks
/// the <see cref="ILearningRateSchedule"/> contract on what comes back: a value that is NaN, infinite or negative throws
/// <see cref="InvalidOperationException"/> naming the schedule, the step and the value, and <c>-0</c> is returned as
/// <c>+0</c>.
/// </summary>
/// <remarks>
/// A single value (<see cref="GetLearningRate"/>) is always checked: two comparisons. A span is checked element by
/// element only for a schedule this library does not guarantee, i.e. one that is not a <see cref="LearningRateSchedule"/>
/// (a custom implementation), or a <see cref="TorchSchedule"/> (a replay of PyTorch's arithmetic); the library's own
/// closed forms and combinators are finite, non-negative and never <c>-0</c> by construction (and property-tested), and
/// their combinators check the schedules nested in them, so the hot path of a native composition pays nothing.
/// </remarks>
internal static class InnerSchedule
{
    /// <summary><c>schedule.GetLearningRate(step)</c>, checked.</summary>
    /// <param name="schedule">The nested schedule.</param>
    /// <param name="step">A step in <c>[0, long.MaxValue]</c>.</param>
    /// <returns>A finite value <c>&gt;= 0</c>, never <c>-0</c>.</returns>
    /// <exception cref="InvalidOperationException">The schedule returned NaN, an infinity or a negative value.</exception>
    public static double GetLearningRate(ILearningRateSchedule schedule, long step)
    {
        double value = schedule.GetLearningRate(step);
        if (!(value >= 0 && value <= double.MaxValue))
        {
            throw Invalid(schedule, step, Guard.Format(value), "GetLearningRate");
        }

        return Guard.PositiveZero(value);
    }

    /// <summary>
    /// <c>schedule.Evaluate(firstStep, destination)</c> into a <see cref="double"/> or <see cref="float"/> span; checked
    /// element by element (and <c>-0</c> replaced by <c>+0</c>) unless the schedule is one the library guarantees.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schedule wrote NaN, an infinity or a negative value.</exception>
    public static void Evaluate<T>(ILearningRateSchedule schedule, long firstStep, Span<T> destination)
        where T : unmanaged
    {
        bool check = !IsGuaranteed(schedule);
        if (typeof(T) == typeof(double))
        {
            var values = MemoryMarshal.Cast<T, double>(destination);
            schedule.Evaluate(firstStep, values);
            if (check)
            {
                Check(schedule, firstStep, values);
            }
        }
        else if (typeof(T) == typeof(float))
        {
            var values = MemoryMarshal.Cast<T, float>(destination);
            schedule.Evaluate(firstStep, values);
            if (check)
            {
                Check(schedule, firstStep, values);
            }
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>Whether the library guarantees the values of <paramref name="schedule"/>: one of its closed forms or combinators.</summary>
    public static bool IsGuaranteed(ILearningRateSchedule schedule) => schedule is LearningRateSchedule and not TorchSchedule;

    private static void Check(ILearningRateSchedule schedule, long firstStep, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!(v >= 0 && v <= double.MaxValue))
            {
                throw Invalid(schedule, firstStep + i, Guard.Format(v), "Evaluate(long, Span<double>)");
            }

            values[i] = Guard.PositiveZero(v);
        }
    }

    private static void Check(ILearningRateSchedule schedule, long firstStep, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v <= float.MaxValue))
            {
                throw Invalid(schedule, firstStep + i, Guard.Format(v), "Evaluate(long, Span<float>)");
            }

            if (v == 0)
            {
                values[i] = 0;
            }
        }
    }

    private static InvalidOperationException Invalid(ILearningRateSchedule schedule, long step, string value, string method)
        => new("The learning-rate schedule " + Describe(schedule) + " returned " + value + " from " + method + " at step " + Guard.Format(step)
            + "; an ILearningRateSchedule must return a finite value >= 0 at every step in [0, long.MaxValue].");

    /// <summary>The schedule's type and (when it has its own) its <c>ToString()</c>, at most 200 characters.</summary>
    private static string Describe(ILearningRateSchedule schedule)
    {
        string type = schedule.GetType().FullName ?? schedule.GetType().Name;
        string? text;
        try
        {
            text = schedule.ToString();
        }
#pragma warning disable CA1031 // A failing ToString of a foreign schedule must not hide the error being reported.
        catch (Exception)
#pragma warning restore CA1031
        {
            text = null;
        }

        if (string.IsNullOrEmpty(text) || text == type)
        {
            return type;
        }

        const int Limit = 200;
        return type + " (" + (text.Length > Limit ? text[..Limit] + "..." : text) + ")";
    }
}
