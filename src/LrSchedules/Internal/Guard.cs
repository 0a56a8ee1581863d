using System.Globalization;

namespace LrSchedules.Internal;

/// <summary>Argument validation with messages that name the parameter, the allowed range and the value.</summary>
internal static class Guard
{
    /// <summary>Key under which the bare reason (without the parameter suffix) is stored in <see cref="Exception.Data"/>.</summary>
    internal const string ReasonKey = "LrSchedules.Reason";

    /// <summary>
    /// While not null (only on the thread describing a spec type's fields, see <c>Specs.SpecDescription</c>), the range
    /// checks record each parameter's allowed interval here instead of checking it, so that a constructor run on
    /// placeholder values reports every range it enforces.
    /// </summary>
    [ThreadStatic]
    internal static List<(string Parameter, string Allowed)>? Recording;

    public static ArgumentOutOfRangeException OutOfRange(string paramName, string reason)
    {
        var ex = new ArgumentOutOfRangeException(paramName, paramName + " " + reason);
        ex.Data[ReasonKey] = reason;
        return ex;
    }

    public static ArgumentException Invalid(string paramName, string reason)
    {
        var ex = new ArgumentException(paramName + " " + reason, paramName);
        ex.Data[ReasonKey] = reason;
        return ex;
    }

    public static T NotNull<T>(T? value, string paramName)
        where T : class
        => value ?? throw new ArgumentNullException(paramName, paramName + " must not be null.");

    /// <summary>
    /// Requires a finite value in <c>[min, max]</c> (NaN is rejected) and returns it with a negative zero replaced by
    /// <c>+0</c>, so that no parameter a schedule stores (and so no value it returns) is <c>-0</c>.
    /// </summary>
    public static double InRange(double value, double min, double max, string paramName)
    {
        if (Recording is { } recording)
        {
            recording.Add((paramName, ReadableInterval(min, max)));
            return value;
        }

        if (!(value >= min && value <= max) || !double.IsFinite(value))
        {
            throw OutOfRange(paramName, "must be a finite number in " + Interval(min, max) + "; got " + Format(value) + ".");
        }

        return PositiveZero(value);
    }

    /// <summary><paramref name="value"/>, or <c>+0</c> for <c>-0</c> (every other value unchanged).</summary>
    public static double PositiveZero(double value) => value == 0 ? 0 : value;

    /// <summary>Requires a finite value <c>&gt;= 0</c>; returns it with <c>-0</c> as <c>+0</c>.</summary>
    public static double NonNegative(double value, string paramName)
        => InRange(value, 0, double.PositiveInfinity, paramName);

    /// <summary>
    /// For a schedule in float32 arithmetic: requires <paramref name="value"/> (already range-checked) to be at most
    /// <see cref="float.MaxValue"/>, so that rounding it to <see cref="float"/> stays finite.
    /// </summary>
    public static double SingleRange(double value, bool single, string paramName)
    {
        if (Recording is null && single && value > float.MaxValue)
        {
            throw OutOfRange(paramName, "must be at most float.MaxValue (" + Format(float.MaxValue) + ") in float32 arithmetic; got " + Format(value) + ".");
        }

        return value;
    }

    /// <summary>Requires a finite value <c>&gt; 0</c>.</summary>
    public static double Positive(double value, string paramName)
    {
        if (Recording is { } recording)
        {
            recording.Add((paramName, "(0, +inf)"));
            return value;
        }

        if (!(value > 0) || !double.IsFinite(value))
        {
            throw OutOfRange(paramName, "must be a finite number in (0, +inf); got " + Format(value) + ".");
        }

        return value;
    }

    /// <summary>Requires an integer in <c>[min, max]</c>.</summary>
    public static long InRange(long value, long min, long max, string paramName)
    {
        if (Recording is { } recording)
        {
            recording.Add((paramName, "[" + Format(min) + ", " + Format(max) + "]"));
            return value;
        }

        if (value < min || value > max)
        {
            throw OutOfRange(paramName, "must be an integer in [" + Format(min) + ", " + Format(max) + "]; got " + Format(value) + ".");
        }

        return value;
    }

    /// <summary>Requires an integer <c>&gt;= 0</c>.</summary>
    public static long NonNegative(long value, string paramName) => InRange(value, 0, long.MaxValue, paramName);

    /// <summary>Requires an integer <c>&gt;= 1</c>.</summary>
    public static long Positive(long value, string paramName) => InRange(value, 1, long.MaxValue, paramName);

    /// <summary>Validates a step argument.</summary>
    public static void Step(long step)
    {
        if (step < 0)
        {
            ThrowStep(step);
        }
    }

    /// <summary>Validates the step range <c>[firstStep, firstStep + length)</c> of a span evaluation.</summary>
    public static void StepRange(long firstStep, int length)
    {
        if (firstStep < 0 || (length > 0 && firstStep > long.MaxValue - (length - 1)))
        {
            ThrowStepRange(firstStep, length);
        }
    }

    private static void ThrowStep(long step)
        => throw OutOfRange(nameof(step), "must be an integer in [0, " + Format(long.MaxValue) + "]; got " + Format(step) + ".");

    private static void ThrowStepRange(long firstStep, int length)
        => throw OutOfRange(
            nameof(firstStep),
            "must be in [0, long.MaxValue - destination.Length + 1] (destination.Length = " + Format(length) + "); got " + Format(firstStep) + ".");

    internal static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An interval for messages: <c>[0, +inf)</c>, <c>[1, 10]</c>.</summary>
    internal static string Interval(double min, double max)
        => "[" + Format(min) + ", " + Format(max) + (double.IsPositiveInfinity(max) ? ")" : "]");

    /// <summary>
    /// An interval for a reader: like <see cref="Interval"/>, with the bounds that stand for "no bound" shown as one
    /// (<c>double.MaxValue</c> as <c>+inf)</c>, <c>double.MinValue</c> as <c>(-inf</c>, <c>double.Epsilon</c> as <c>(0</c>).
    /// </summary>
    internal static string ReadableInterval(double min, double max)
        => (min == double.MinValue || double.IsNegativeInfinity(min) ? "(-inf" : min == double.Epsilon ? "(0" : "[" + Format(min))
            + ", "
            + (max == double.MaxValue || double.IsPositiveInfinity(max) ? "+inf)" : Format(max) + "]");
}
