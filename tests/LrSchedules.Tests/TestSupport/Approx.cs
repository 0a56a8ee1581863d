using System.Globalization;
using Xunit.Sdk;

namespace LrSchedules.Tests.TestSupport;

/// <summary>Floating-point comparison with a relative and an absolute tolerance.</summary>
internal static class Approx
{
    /// <summary>The default relative tolerance: a few ULP of a double.</summary>
    public const double DefaultRelative = 1e-14;

    /// <summary>The default absolute tolerance: only matters for values that are (almost) zero.</summary>
    public const double DefaultAbsolute = 1e-300;

    /// <summary>Whether <c>|actual - expected| &lt;= rel * max(|actual|, |expected|) + abs</c>.</summary>
    public static bool IsClose(double actual, double expected, double rel = DefaultRelative, double abs = DefaultAbsolute)
    {
        if (double.IsNaN(actual) || double.IsNaN(expected))
        {
            return false;
        }

        if (actual == expected)
        {
            return true;
        }

        double tolerance = (rel * Math.Max(Math.Abs(actual), Math.Abs(expected))) + abs;
        return Math.Abs(actual - expected) <= tolerance;
    }

    /// <summary>Fails unless <paramref name="actual"/> is within the tolerances of <paramref name="expected"/>.</summary>
    public static void Equal(double actual, double expected, double rel = DefaultRelative, double abs = DefaultAbsolute, string? because = null)
    {
        if (!IsClose(actual, expected, rel, abs))
        {
            throw new XunitException(string.Format(
                CultureInfo.InvariantCulture,
                "Expected {0:R} (within rel {1:R} + abs {2:R}) but got {3:R} (difference {4:R}){5}.",
                expected,
                rel,
                abs,
                actual,
                actual - expected,
                because is null ? string.Empty : " " + because));
        }
    }
}
