using System.Globalization;

namespace LrSchedules.TorchSharp.Internal;

/// <summary>Argument validation with messages that name the parameter, the allowed range and the value.</summary>
internal static class Checks
{
    public static T NotNull<T>(T? value, string paramName)
        where T : class
        => value ?? throw new ArgumentNullException(paramName, paramName + " must not be null.");

    /// <summary>Requires a group index in <c>[0, count)</c>.</summary>
    public static void Index(int index, int count)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index),
                index,
                "index must be a parameter group index in [0, " + Format(count - 1) + "]; got " + Format(index) + ".");
        }
    }

    /// <summary>Requires a finite value (NaN and infinities are rejected).</summary>
    public static double Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, paramName + " must be a finite number; got " + Format(value) + ".");
        }

        return value;
    }

    public static ArgumentException Invalid(string paramName, string reason) => new(paramName + " " + reason, paramName);

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
