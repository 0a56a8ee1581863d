using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class WarmupStableDecayScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("peakValue NaN", () => new WarmupStableDecaySchedule(double.NaN, 10, 10, 10), "peakValue")
        .OutOfRange("peakValue +inf", () => new WarmupStableDecaySchedule(double.PositiveInfinity, 10, 10, 10), "peakValue")
        .OutOfRange("peakValue negative", () => new WarmupStableDecaySchedule(-0.1, 10, 10, 10), "peakValue")
        .OutOfRange("warmupSteps -1", () => new WarmupStableDecaySchedule(0.1, -1, 10, 10), "warmupSteps")
        .OutOfRange("stableSteps -1", () => new WarmupStableDecaySchedule(0.1, 10, -1, 10), "stableSteps")
        .OutOfRange("decaySteps 0", () => new WarmupStableDecaySchedule(0.1, 10, 10, 0), "decaySteps")
        .OutOfRange("decaySteps -1", () => new WarmupStableDecaySchedule(0.1, 10, 10, -1), "decaySteps")
        .OutOfRange("lengths overflow", () => new WarmupStableDecaySchedule(0.1, long.MaxValue - 5, 5, 1), "decaySteps")
        .OutOfRange("warmup and stable overflow", () => new WarmupStableDecaySchedule(0.1, long.MaxValue, 1, 1), "decaySteps")
        .OutOfRange("finalValue NaN", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, double.NaN), "finalValue")
        .OutOfRange("finalValue negative", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, -1e-3), "finalValue")
        .Invalid("warmupShape undefined", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, warmupShape: (WarmupShape)5), "warmupShape")
        .OutOfRange("warmupStartValue negative", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, warmupStartValue: -0.1), "warmupStartValue")
        .OutOfRange("warmupStartValue NaN", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, warmupStartValue: double.NaN), "warmupStartValue")
        .Invalid("decayShape undefined", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, decayShape: (DecayShape)7), "decayShape")
        .OutOfRange("decayPower 0", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, decayShape: DecayShape.Power, decayPower: 0), "decayPower")
        .OutOfRange("decayPower NaN", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, decayShape: DecayShape.Power, decayPower: double.NaN), "decayPower")
        .OutOfRange("decayHalfLife 0", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, decayShape: DecayShape.Exponential, decayHalfLife: 0), "decayHalfLife")
        .OutOfRange("decayHalfLife +inf", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, decayShape: DecayShape.Exponential, decayHalfLife: double.PositiveInfinity), "decayHalfLife")
        .OutOfRange("stableTimescale 0", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, stableTimescale: 0), "stableTimescale")
        .OutOfRange("stableTimescale negative", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, stableTimescale: -5), "stableTimescale")
        .OutOfRange("stableTimescale NaN", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, stableTimescale: double.NaN), "stableTimescale")
        .OutOfRange("exponential warmup from 0", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, warmupShape: WarmupShape.Exponential), "warmupStartValue")
        .Invalid("exponential warmup to a peak of 0", () => new WarmupStableDecaySchedule(0, 10, 10, 10, warmupShape: WarmupShape.Exponential, warmupStartValue: 0.1), "peakValue")
        .Invalid("geometric decay to 0", () => new WarmupStableDecaySchedule(0.1, 10, 10, 10, 0, decayShape: DecayShape.Exponential), "finalValue")
        .Invalid("geometric decay from a peak of 0", () => new WarmupStableDecaySchedule(0, 10, 10, 10, 0.1, decayShape: DecayShape.Exponential), "peakValue")
        .StepArguments(() => new WarmupStableDecaySchedule(0.1, 10, 50, 20));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    public static TheoryData<WarmupShape, DecayShape, double?, double?> ShapeCases()
    {
        var data = new TheoryData<WarmupShape, DecayShape, double?, double?>();
        foreach (var warmup in Enum.GetValues<WarmupShape>())
        {
            foreach (var decay in Enum.GetValues<DecayShape>())
            {
                foreach (double? timescale in new double?[] { null, 25 })
                {
                    data.Add(warmup, decay, decay == DecayShape.Exponential && timescale is null ? 5.5 : null, timescale);
                }
            }
        }

        return data;
    }

    /// <summary>The documented phases, written out (warmup from <see cref="WarmupShape"/>, decay from <see cref="DecayShape"/>).</summary>
    private static double Expected(double peak, long w, long stable, long d, double final, WarmupShape warmupShape, double start, DecayShape decayShape, double power, double? halfLife, double? timescale, long step)
    {
        double StableAt(long t) => timescale is double ts ? peak / Math.Sqrt((t + ts) / ts) : peak;

        if (step < w)
        {
            double x = (double)step / w;
            return warmupShape switch
            {
                WarmupShape.Linear => start + ((peak - start) * x),
                WarmupShape.Cosine => start + ((peak - start) * (1 - Math.Cos(Math.PI * x)) / 2),
                WarmupShape.Exponential => start * Math.Pow(peak / start, x),
                WarmupShape.Logarithmic => start + ((peak - start) * Math.Log(1 + step) / Math.Log(1 + w)),
                _ => start + ((peak - start) * (1 - Math.Sqrt(1 - x))),
            };
        }

        long t = step - w;
        if (t < stable)
        {
            return StableAt(t);
        }

        return AnnealScheduleTests.Expected(StableAt(stable), final, d, decayShape, power, halfLife, 10, t - stable);
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Follows_the_documented_phases(WarmupShape warmupShape, DecayShape decayShape, double? halfLife, double? timescale)
    {
        const double Peak = 0.1, Final = 1e-3, Start = 1e-4;
        const long W = 13, S = 40, D = 27;
        var s = new WarmupStableDecaySchedule(Peak, W, S, D, Final, warmupShape, Start, decayShape, 2, halfLife, timescale);
        for (long step = 0; step <= W + S + D + 20; step++)
        {
            Approx.Equal(
                s.GetLearningRate(step),
                Expected(Peak, W, S, D, Final, warmupShape, Start, decayShape, 2, halfLife, timescale, step),
                rel: 1e-13,
                abs: 1e-16,
                because: warmupShape + "/" + decayShape + " at step " + step);
        }
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Phase_boundaries_are_exact(WarmupShape warmupShape, DecayShape decayShape, double? halfLife, double? timescale)
    {
        const double Peak = 0.007392069166892044, Final = 0.000694171364986253, Start = 1e-5;
        const long W = 10, S = 50, D = 20;
        var s = new WarmupStableDecaySchedule(Peak, W, S, D, Final, warmupShape, Start, decayShape, 3, halfLife, timescale);
        double stableEnd = timescale is double ts ? new InverseSqrtSchedule(Peak, ts).GetLearningRate(S) : Peak;
        s.GetLearningRate(0).Should().Be(Start);
        s.GetLearningRate(W).Should().Be(Peak, "the warmup ends exactly at the peak");
        if (timescale is null)
        {
            s.GetLearningRate(W + S - 1).Should().Be(Peak);
        }

        s.GetLearningRate(W + S).Should().Be(stableEnd, "the decay starts exactly at the stable phase's last value");
        if (halfLife is null)
        {
            s.GetLearningRate(W + S + D - 1).Should().NotBe(Final);
        }

        s.GetLearningRate(W + S + D).Should().Be(Final);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(Final);
        }
    }

    [Fact]
    public void The_rsqrt_stable_phase_is_timms()
    {
        // PeakValue / sqrt((t + timescale) / timescale), t counted from the end of the warmup.
        var s = new WarmupStableDecaySchedule(0.1, 5, 100, 10, stableTimescale: 25);
        s.GetLearningRate(5).Should().Be(0.1);
        s.GetLearningRate(5 + 75).Should().Be(0.05); // sqrt((75 + 25) / 25) = 2
        Approx.Equal(s.GetLearningRate(5 + 50), 0.1 / Math.Sqrt(3));
        s.GetLearningRate(105).Should().Be(0.1 / Math.Sqrt(5));
        s.GetLearningRate(115).Should().Be(0);
    }

    [Fact]
    public void The_half_life_decay_is_MiniCPMs()
    {
        // initial * 0.5^(t / halfLife), never below the final value, then the final value from the end of the decay.
        var s = new WarmupStableDecaySchedule(1, 0, 10, 100, 0.1, decayShape: DecayShape.Exponential, decayHalfLife: 10);
        s.GetLearningRate(10).Should().Be(1);
        s.GetLearningRate(20).Should().Be(0.5);
        s.GetLearningRate(30).Should().Be(0.25);
        s.GetLearningRate(43).Should().BeGreaterThan(0.1);
        s.GetLearningRate(44).Should().Be(0.1);
        s.GetLearningRate(109).Should().Be(0.1);
        s.GetLearningRate(110).Should().Be(0.1);
    }

    [Fact]
    public void Exact_values_of_a_linear_WSD()
    {
        var s = new WarmupStableDecaySchedule(1, 4, 3, 4, 0.5);
        new[] { 0L, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100 }.Select(s.GetLearningRate)
            .Should().Equal(0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 0.875, 0.75, 0.625, 0.5, 0.5, 0.5);

        var sqrt = new WarmupStableDecaySchedule(1, 4, 0, 4, 0, WarmupShape.OneMinusSqrt, 0, DecayShape.OneMinusSqrt);
        sqrt.GetLearningRate(3).Should().Be(0.5); // 1 - sqrt(1 - 3/4)
        sqrt.GetLearningRate(4).Should().Be(1);
        sqrt.GetLearningRate(5).Should().Be(0.5); // 1 - sqrt(1/4)
        sqrt.GetLearningRate(8).Should().Be(0);
    }

    [Fact]
    public void Zero_length_warmup_and_stable_phases()
    {
        var anneal = new AnnealSchedule(0.1, 0.01, 30, DecayShape.Cosine);
        var bare = new WarmupStableDecaySchedule(0.1, 0, 0, 30, 0.01, decayShape: DecayShape.Cosine);
        foreach (long step in ScheduleChecks.SweepSteps(30))
        {
            bare.GetLearningRate(step).Should().Be(anneal.GetLearningRate(step));
        }

        var noStable = new WarmupStableDecaySchedule(0.1, 10, 0, 30, 0.01, decayShape: DecayShape.Power, decayPower: 2);
        noStable.GetLearningRate(10).Should().Be(0.1);
        noStable.GetLearningRate(11).Should().BeLessThan(0.1);

        var noWarmup = new WarmupStableDecaySchedule(0.1, 0, 5, 30, warmupStartValue: 0.5);
        noWarmup.GetLearningRate(0).Should().Be(0.1, "without warmup steps the start value never applies");
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var end = new WarmupStableDecaySchedule(0.1, 10, long.MaxValue - 30, 20, 0.01, decayShape: DecayShape.OneMinusSqrt);
        end.GetLearningRate(long.MaxValue - 20).Should().Be(0.1, "the decay starts at the peak");
        end.GetLearningRate(long.MaxValue - 21).Should().Be(0.1);
        end.GetLearningRate(long.MaxValue - 1).Should().BeInRange(0.01, 0.1).And.NotBe(0.01);
        end.GetLearningRate(long.MaxValue).Should().Be(0.01);
        end.GetLearningRate(ScheduleChecks.TwoTo53).Should().Be(0.1);

        var rsqrt = new WarmupStableDecaySchedule(0.1, 10, long.MaxValue - 30, 20, 0, stableTimescale: 1);
        rsqrt.GetLearningRate(ScheduleChecks.TwoTo53).Should().BeInRange(0, 0.1);
        rsqrt.GetLearningRate(long.MaxValue).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"decay_power":0}""", "$.decay_power")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"decay_half_life":-1}""", "$.decay_half_life")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"warmup_start_value":-1}""", "$.warmup_start_value")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"warmup_shape":"exponential"}""", "$.warmup_start_value")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"decay_shape":"exponential"}""", "$.final_value")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"decay_shape":"exponential","final_ratio":0}""", "$.final_ratio")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"final_ratio":1.5}""", "$.final_ratio")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"final_ratio":0.5,"final_value":0.1}""", "$.final_ratio")]
    [InlineData("""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"stable_timescale":0}""", "$.stable_timescale")]
    public void Spec_errors_name_the_field(string json, string path)
    {
        FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().Throw<ScheduleSpecException>().Which.Path.Should().Be(path);
    }

    [Fact]
    public void Final_ratio_is_a_fraction_of_the_peak()
    {
        ScheduleSpec.Parse("""{"type":"warmup_stable_decay","peak_value":0.5,"warmup_steps":5,"stable_steps":5,"decay_steps":5,"final_ratio":0.25}""")
            .Should().Be(new WarmupStableDecaySchedule(0.5, 5, 5, 5, 0.125));
    }

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (var (warmup, decay, halfLife, timescale) in ShapeCases().Select(r => ((WarmupShape)r[0], (DecayShape)r[1], (double?)r[2], (double?)r[3])))
        {
            ScheduleChecks.AssertFiniteNonNegative(new WarmupStableDecaySchedule(0.1, 10, 50, 20, 1e-3, warmup, 1e-4, decay, 2, halfLife, timescale), 10, 60, 80);
            ScheduleChecks.AssertFiniteNonNegative(new WarmupStableDecaySchedule(double.MaxValue, 3, 0, 3, double.Epsilon, warmup, double.Epsilon, decay, 1e300, halfLife, timescale), 3, 6);
        }

        ScheduleChecks.AssertFiniteNonNegative(new WarmupStableDecaySchedule(1, long.MaxValue - 2, 1, 1), long.MaxValue - 2, long.MaxValue - 1);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        // Every decay shape and stable phase, with the warmup shapes taken in turn (each check is costly).
        foreach (var (warmup, decay, halfLife, timescale) in ShapeCases().Select(r => ((WarmupShape)r[0], (DecayShape)r[1], (double?)r[2], (double?)r[3])).Where((c, i) => (int)c.Item1 == (i / 2) % 4))
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupStableDecaySchedule(0.1, 10, 50, 20, 1e-3, warmup, 1e-4, decay, 2, halfLife, timescale), 10, 60, 80);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupStableDecaySchedule(0.1, 10, long.MaxValue - 40, 20), long.MaxValue - 30, long.MaxValue - 10);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(
            new WarmupStableDecaySchedule(0.1, 10, 50, 20),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, 0, WarmupShape.Linear, 0, DecayShape.Linear, 1, null, null));
        ScheduleChecks.AssertAllDistinct(
            new WarmupStableDecaySchedule(0.1, 10, 50, 20),
            new WarmupStableDecaySchedule(0.2, 10, 50, 20),
            new WarmupStableDecaySchedule(0.1, 11, 50, 20),
            new WarmupStableDecaySchedule(0.1, 10, 51, 20),
            new WarmupStableDecaySchedule(0.1, 10, 50, 21),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, 0.01),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, warmupShape: WarmupShape.Cosine),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, warmupStartValue: 0.01),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, decayShape: DecayShape.Cosine),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, decayPower: 2),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, decayHalfLife: 3),
            new WarmupStableDecaySchedule(0.1, 10, 50, 20, stableTimescale: 3));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new WarmupStableDecaySchedule(0.1, 10, 50, 20, 1e-3, WarmupShape.Cosine, 1e-4, DecayShape.Exponential, 1, 5.5, 25).ToString()
            .Should().Be("warmup_stable_decay(peak_value: 0.1, warmup_steps: 10, stable_steps: 50, decay_steps: 20, final_value: 0.001, warmup_shape: cosine, warmup_start_value: 0.0001, decay_shape: exponential, decay_power: 1, decay_half_life: 5.5, stable_timescale: 25)");
    }
}
