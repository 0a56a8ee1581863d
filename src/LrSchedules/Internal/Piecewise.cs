namespace LrSchedules.Internal;

/// <summary>Validation shared by the piecewise schedules.</summary>
internal static class Piecewise
{
    /// <summary>Requires every element to be at least <paramref name="min"/> and strictly greater than the previous one.</summary>
    public static void ValidateStrictlyIncreasing(ReadOnlySpan<long> values, long min, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            Guard.InRange(values[i], min, long.MaxValue, paramName);
            if (i > 0 && values[i] <= values[i - 1])
            {
                throw Guard.Invalid(paramName, "must be strictly increasing; got " + Guard.Format(values[i]) + " after " + Guard.Format(values[i - 1]) + ".");
            }
        }
    }
}
