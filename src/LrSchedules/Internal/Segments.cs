using System.Runtime.InteropServices;

namespace LrSchedules.Internal;

/// <summary>Helpers shared by the composites that split a span into per-phase segments.</summary>
internal static class Segments
{
    /// <summary>Evaluates <paramref name="schedule"/> into a <see cref="double"/> or <see cref="float"/> segment.</summary>
    public static void Evaluate<T>(ILearningRateSchedule schedule, long firstStep, Span<T> destination)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            schedule.Evaluate(firstStep, MemoryMarshal.Cast<T, double>(destination));
        }
        else if (typeof(T) == typeof(float))
        {
            schedule.Evaluate(firstStep, MemoryMarshal.Cast<T, float>(destination));
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

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
            MemoryMarshal.Cast<T, float>(destination).Fill((float)value);
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
            MemoryMarshal.Cast<T, float>(destination)[index] = (float)value;
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
