using System.Globalization;

namespace LrSchedules.Analytics.Internal;

/// <summary>Argument validation with messages that name the parameter, the allowed range and the value.</summary>
internal static class Check
{
    public static T NotNull<T>(T? value, string paramName)
        where T : class
        => value ?? throw new ArgumentNullException(paramName, paramName + " must not be null.");

    /// <summary>Requires a finite value in <c>[min, max]</c> (NaN and infinities are rejected).</summary>
    public static double Finite(double value, double min, double max, string paramName)
    {
        if (!(value >= min && value <= max) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, paramName + " must be a finite number in [" + Format(min) + ", " + Format(max) + "]; got " + Format(value) + ".");
        }

        return value;
    }

    /// <summary>Requires a finite value <c>&gt; 0</c>.</summary>
    public static double Positive(double value, string paramName)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, paramName + " must be a finite number in (0, +inf); got " + Format(value) + ".");
        }

        return value;
    }

    /// <summary>Requires a finite value <c>&gt;= 0</c>.</summary>
    public static double NonNegative(double value, string paramName) => Finite(value, 0, double.MaxValue, paramName);

    /// <summary>Requires an integer in <c>[min, max]</c>.</summary>
    public static long InRange(long value, long min, long max, string paramName)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, paramName + " must be an integer in [" + Format(min) + ", " + Format(max) + "]; got " + Format(value) + ".");
        }

        return value;
    }

    public static ArgumentException Invalid(string paramName, string reason) => new(paramName + " " + reason, paramName);

    public static string Format(double value)
        => double.IsPositiveInfinity(value) ? "+inf"
            : double.IsNegativeInfinity(value) ? "-inf"
            : value == double.MaxValue ? "+inf"
            : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
