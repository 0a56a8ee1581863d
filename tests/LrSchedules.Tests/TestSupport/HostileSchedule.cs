using System.Globalization;

namespace LrSchedules.Tests.TestSupport;

/// <summary>
/// A schedule implemented outside the library that breaks the <see cref="ILearningRateSchedule"/> contract on purpose:
/// <c>0.5 / (1 + step)</c> before <see cref="FirstBad"/>, and <see cref="Bad"/> (NaN, an infinity, a negative value or
/// -0) from it on, in every method, or (with <see cref="FloatOnly"/>) only in <c>Evaluate(long, Span&lt;float&gt;)</c> (a
/// naive <c>(float)</c> cast of a value above <see cref="float.MaxValue"/> gives +inf there). Counts its calls.
/// </summary>
internal sealed class HostileSchedule : ILearningRateSchedule
{
    public HostileSchedule(double bad, long firstBad, bool floatOnly = false)
    {
        Bad = bad;
        FirstBad = firstBad;
        FloatOnly = floatOnly;
    }

    /// <summary>The value returned at the bad steps.</summary>
    public double Bad { get; }

    /// <summary>The first bad step; every later step is bad too.</summary>
    public long FirstBad { get; }

    /// <summary>Whether only the float span is bad.</summary>
    public bool FloatOnly { get; }

    /// <summary>How many times any method was called.</summary>
    public int Calls { get; private set; }

    /// <summary>Whether <paramref name="step"/> is bad in the double methods.</summary>
    public bool IsBadStep(long step) => !FloatOnly && step >= FirstBad;

    public double GetLearningRate(long step)
    {
        Calls++;
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return IsBadStep(step) ? Bad : Good(step);
    }

    public void Evaluate(long firstStep, Span<double> destination)
    {
        Calls++;
        for (int i = 0; i < destination.Length; i++)
        {
            long step = firstStep + i;
            destination[i] = IsBadStep(step) ? Bad : Good(step);
        }
    }

    public void Evaluate(long firstStep, Span<float> destination)
    {
        Calls++;
        for (int i = 0; i < destination.Length; i++)
        {
            long step = firstStep + i;
            destination[i] = step >= FirstBad ? (float)Bad : (float)Good(step);
        }
    }

    public override string ToString() => "hostile(bad: " + Bad.ToString("R", CultureInfo.InvariantCulture) + " from step " + FirstBad.ToString(CultureInfo.InvariantCulture) + (FloatOnly ? ", float spans only)" : ")");

    private static double Good(long step) => 0.5 / (1.0 + step);
}
