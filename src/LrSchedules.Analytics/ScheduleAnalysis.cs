using LrSchedules.Analytics.Internal;

namespace LrSchedules.Analytics;

/// <summary>
/// What a schedule does over a horizon of <see cref="Steps"/> steps (<c>0..N-1</c>): the areas the loss laws depend on,
/// the peak, mean, minimum and final rate, and its phases. Computed by <see cref="Analyze"/> in one streamed pass through
/// the span evaluator (chunks of 8,192 steps, no allocation proportional to <c>N</c>).
/// </summary>
/// <param name="Steps">The horizon <c>N</c>.</param>
/// <param name="ForwardArea">The forward area <c>S1 = lr_0 + ... + lr_{N-1}</c> (compensated summation).</param>
/// <param name="AnnealingArea">The annealing area <c>S2 = m_1 + ... + m_{N-1}</c>, <c>m_i = lambda m_{i-1} + (lr_{i-1} - lr_i)</c>, <c>m_0 = 0</c> (Tissue et al.; see <see cref="AnnealingLaw"/>).</param>
/// <param name="AnnealingDecay">The <c>lambda</c> used for <see cref="AnnealingArea"/>.</param>
/// <param name="Peak">The largest rate.</param>
/// <param name="PeakStep">The first step with the largest rate.</param>
/// <param name="Minimum">The smallest rate.</param>
/// <param name="Mean">The mean rate, <c>S1 / N</c>.</param>
/// <param name="Final">The rate at step <c>N - 1</c>.</param>
/// <param name="Phases">The phases within the horizon, in order (one phase for a schedule without boundaries).</param>
public sealed record ScheduleAnalysis(
    long Steps,
    double ForwardArea,
    double AnnealingArea,
    double AnnealingDecay,
    double Peak,
    long PeakStep,
    double Minimum,
    double Mean,
    double Final,
    IReadOnlyList<PhaseSpan> Phases)
{
    /// <summary>Analyzes <paramref name="schedule"/> over steps <c>0..steps-1</c>.</summary>
    /// <param name="schedule">Any schedule; phases are reported for this library's schedules (<see cref="LearningRateSchedule.GetPhaseBoundaries"/>), a custom one is one phase.</param>
    /// <param name="steps">The horizon <c>N</c>, in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="annealingDecay">The <c>lambda</c> of the annealing area, in <c>[0, 1)</c>. Default <see cref="AnnealingLaw.DefaultLambda"/>.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="annealingDecay"/> is outside its range.</exception>
    public static ScheduleAnalysis Analyze(ILearningRateSchedule schedule, long steps, double annealingDecay = AnnealingLaw.DefaultLambda)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Check.InRange(steps, 1, long.MaxValue, nameof(steps));
        if (!(annealingDecay >= 0 && annealingDecay < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(annealingDecay), "annealingDecay must be a number in [0, 1); got " + Check.Format(annealingDecay) + ".");
        }

        var buffer = new double[(int)Math.Min(RateTrace.ChunkSteps, steps)];
        double s1 = 0, c1 = 0, s2 = 0, c2 = 0, m = 0, previous = 0, peak = double.NegativeInfinity, min = double.PositiveInfinity, last = 0;
        long peakStep = 0;
        for (long start = 0; start < steps;)
        {
            int count = (int)Math.Min(buffer.Length, steps - start);
            var chunk = buffer.AsSpan(0, count);
            schedule.Evaluate(start, chunk);
            for (int i = 0; i < count; i++)
            {
                double lr = chunk[i];
                Add(ref s1, ref c1, lr);
                if (start + i > 0)
                {
                    m = (annealingDecay * m) + (previous - lr);
                    Add(ref s2, ref c2, m);
                }

                if (lr > peak)
                {
                    peak = lr;
                    peakStep = start + i;
                }

                min = Math.Min(min, lr);
                previous = lr;
            }

            last = chunk[^1];
            start += count;
        }

        double forward = s1 + c1;
        return new ScheduleAnalysis(steps, forward, s2 + c2, annealingDecay, peak, peakStep, min, forward / steps, last, PhasesOf(schedule, steps));
    }

    private static List<PhaseSpan> PhasesOf(ILearningRateSchedule schedule, long steps)
    {
        var starts = new List<long> { 0 };
        if (schedule is LearningRateSchedule composite && steps > 1)
        {
            starts.AddRange(composite.GetPhaseBoundaries(1, steps - 1));
        }

        var phases = new List<PhaseSpan>(starts.Count);
        for (int i = 0; i < starts.Count; i++)
        {
            long end = i + 1 < starts.Count ? starts[i + 1] : steps;
            phases.Add(new PhaseSpan(starts[i], end - starts[i]));
        }

        return phases;
    }

    /// <summary>Neumaier's compensated summation.</summary>
    private static void Add(ref double sum, ref double compensation, double value)
    {
        double t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }
}
