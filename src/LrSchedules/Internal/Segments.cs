using System.Runtime.InteropServices;

namespace LrSchedules.Internal;

/// <summary>Helpers shared by the composites that split a span into per-phase segments.</summary>
internal static class Segments
{
    /// <summary>
    /// Evaluates <paramref name="schedule"/> into a <see cref="double"/> or <see cref="float"/> segment, through
    /// <see cref="InnerSchedule.Evaluate{T}"/> (which validates the values of a schedule that is not this library's). A
    /// composite's segment starts at a phase boundary or at the start of the span: for a float segment of one of this
    /// library's closed forms, its first element is the scalar value rounded (the float lanes of a kernel are within a few
    /// ULP, and the value at a phase boundary is exact).
    /// </summary>
    public static void Evaluate<T>(ILearningRateSchedule schedule, long firstStep, Span<T> destination)
        where T : unmanaged
    {
        InnerSchedule.Evaluate(schedule, firstStep, destination);
        if (typeof(T) == typeof(float) && destination.Length > 0 && schedule is LearningRateSchedule inner and not Torch.TorchSchedule)
        {
            Set(destination, 0, inner.ValueAt(firstStep));
        }
    }

    /// <summary>
    /// The one narrowing of a learning rate to <see cref="float"/>: rounded to nearest, and a value above
    /// <see cref="float.MaxValue"/> (a valid double learning rate, e.g. 1e39) saturates to <see cref="float.MaxValue"/>
    /// instead of overflowing to +inf. The vector twin is in <see cref="Kernels.Map{TOp, T}"/>.
    /// </summary>
    /// <param name="value">A finite learning rate, <c>&gt;= 0</c>.</param>
    public static float ToSingle(double value) => (float)Math.Min(value, float.MaxValue);

    /// <summary>Fills a segment with one value.</summary>
    public static void Fill<T>(Span<T> destination, double value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(destination).Fill(value);
        }
        else if (typeof(T) == typeof(float))
        {
            MemoryMarshal.Cast<T, float>(destination).Fill(ToSingle(value));
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>Stores one value into a segment element.</summary>
    public static void Set<T>(Span<T> destination, int index, double value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(destination)[index] = value;
        }
        else if (typeof(T) == typeof(float))
        {
            MemoryMarshal.Cast<T, float>(destination)[index] = ToSingle(value);
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>
    /// The number of elements of a span starting at <paramref name="step"/> that lie before <paramref name="end"/>,
    /// capped at <paramref name="remaining"/>.
    /// </summary>
    public static int LengthBefore(long step, long end, int remaining)
        => step >= end ? 0 : (int)Math.Min(end - step, remaining);
}
