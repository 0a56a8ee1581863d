using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class InfiniteScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("peakValue NaN", () => new InfiniteSchedule(double.NaN, 10, 20, 1e-4, 100, 50, 1e-5), "peakValue")
        .OutOfRange("peakValue negative", () => new InfiniteSchedule(-1e-3, 10, 20, 1e-4, 100, 50, 1e-5), "peakValue")
        .OutOfRange("warmupSteps -1", () => new InfiniteSchedule(1e-3, -1, 20, 1e-4, 100, 50, 1e-5), "warmupSteps")
        .OutOfRange("cooldownSteps -1", () => new InfiniteSchedule(1e-3, 10, -1, 1e-4, 100, 50, 1e-5), "cooldownSteps")
        .OutOfRange("constantValue NaN", () => new InfiniteSchedule(1e-3, 10, 20, double.NaN, 100, 50, 1e-5), "constantValue")
        .OutOfRange("constantValue negative", () => new InfiniteSchedule(1e-3, 10, 20, -1e-4, 100, 50, 1e-5), "constantValue")
        .OutOfRange("constantSteps 0", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 0, 50, 1e-5), "constantSteps")
        .OutOfRange("constantSteps -1", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, -1, 50, 1e-5), "constantSteps")
        .OutOfRange("cooldownSteps + constantSteps overflow", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, long.MaxValue - 19, 50, 1e-5), "constantSteps")
        .OutOfRange("annealSteps 0", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 0, 1e-5), "annealSteps")
        .OutOfRange("annealSteps 0 without an anneal", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, null, 0, 1e-5), "annealSteps")
        .OutOfRange("finalValue NaN", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, double.NaN), "finalValue")
        .OutOfRange("finalValue negative", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, -1e-5), "finalValue")
        .Invalid("cooldownShape undefined", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, 1e-5, (DecayShape)7), "cooldownShape")
        .Invalid("cooldownShape undefined without a cooldown", () => new InfiniteSchedule(1e-3, 10, 0, 1e-4, 100, 50, 1e-5, (DecayShape)(-1)), "cooldownShape")
        .OutOfRange("timescale 0", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, 1e-5, DecayShape.InverseSqrt, 0), "timescale")
        .OutOfRange("timescale NaN without a cooldown", () => new InfiniteSchedule(1e-3, 10, 0, 1e-4, 100, 50, 1e-5, DecayShape.InverseSqrt, double.NaN), "timescale")
        .Invalid("annealShape undefined", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, 1e-5, annealShape: (DecayShape)7), "annealShape")
        .Invalid("annealShape undefined without an anneal", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, null, 50, 1e-5, annealShape: (DecayShape)7), "annealShape")
        .OutOfRange("warmupStartValue negative", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, 1e-5, warmupStartValue: -1), "warmupStartValue")
        .OutOfRange("warmupStartValue +inf", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, 1e-5, warmupStartValue: double.PositiveInfinity), "warmupStartValue")
        .Invalid("geometric anneal to 0", () => new InfiniteSchedule(1e-3, 10, 20, 1e-4, 100, 50, 0), "finalValue")
        .Invalid("geometric anneal from 0", () => new InfiniteSchedule(1e-3, 10, 20, 0, 100, 50, 1e-5), "constantValue")
        .Invalid("geometric cooldown to 0", () => new InfiniteSchedule(1e-3, 10, 20, 0, 100, 50, 0, DecayShape.Exponential, annealShape: DecayShape.Linear), "constantValue")
        .Invalid("geometric cooldown from 0", () => new InfiniteSchedule(0, 10, 20, 1e-4, 100, 50, 1e-5, DecayShape.Exponential), "peakValue")
        .OutOfRange("Continuing constantValue negative", () => InfiniteSchedule.Continuing(-1e-4, 100, 50, 1e-5), "constantValue")
        .OutOfRange("Continuing constantSteps 0", () => InfiniteSchedule.Continuing(1e-4, 0, 50, 1e-5), "constantSteps")
        .OutOfRange("Continuing annealSteps 0", () => InfiniteSchedule.Continuing(1e-4, 100, 0, 1e-5), "annealSteps")
        .OutOfRange("Continuing finalValue negative", () => InfiniteSchedule.Continuing(1e-4, 100, 50, -1), "finalValue")
        .Invalid("Continuing geometric anneal to 0", () => InfiniteSchedule.Continuing(1e-4, 100, 50, 0), "finalValue")
        .Invalid("Continuing geometric anneal from 0", () => InfiniteSchedule.Continuing(0, 100, 50, 1e-5), "constantValue")
        .Invalid("Continuing annealShape undefined", () => InfiniteSchedule.Continuing(1e-4, 100, 50, 1e-5, (DecayShape)8), "annealShape")
        .StepArguments(() => new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    public static TheoryData<DecayShape, DecayShape, double> ShapeCases()
    {
        var data = new TheoryData<DecayShape, DecayShape, double>();
        foreach (var cooldown in Enum.GetValues<DecayShape>())
        {
            data.Add(cooldown, DecayShape.Exponential, 10);
        }

        foreach (var anneal in Enum.GetValues<DecayShape>())
        {
            data.Add(DecayShape.InverseSqrt, anneal, 3.5);
        }

        return data;
    }

    /// <summary>The documented phases, written out: linear warmup, cooldown, constant, anneal, final.</summary>
    private static double Expected(double peak, long w, long c, double constant, long? k, long a, double final, DecayShape cooldownShape, double timescale, DecayShape annealShape, double start, long step)
    {
        if (step < w)
        {
            return start + ((peak - start) * step / w);
        }

        long t = step - w;
        if (t < c)
        {
            return AnnealScheduleTests.Expected(peak, constant, c, cooldownShape, 1, null, timescale, t);
        }

        t -= c;
        if (k is not long constantSteps || t < constantSteps)
        {
            return constant;
        }

        return AnnealScheduleTests.Expected(constant, final, a, annealShape, 1, null, 10, t - constantSteps);
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Follows_the_documented_phases(DecayShape cooldownShape, DecayShape annealShape, double timescale)
    {
        const double Peak = 1e-3, Constant = 1e-4, Final = 1e-5, Start = 1e-7;
        const long W = 20, C = 40, K = 260, A = 80;
        var s = new InfiniteSchedule(Peak, W, C, Constant, K, A, Final, cooldownShape, timescale, annealShape, Start);
        for (long step = 0; step <= W + C + K + A + 20; step++)
        {
            Approx.Equal(
                s.GetLearningRate(step),
                Expected(Peak, W, C, Constant, K, A, Final, cooldownShape, timescale, annealShape, Start, step),
                rel: 1e-13,
                abs: 1e-19,
                because: cooldownShape + "/" + annealShape + " at step " + step);
        }
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Phase_boundaries_are_exact(DecayShape cooldownShape, DecayShape annealShape, double timescale)
    {
        const double Peak = 0.007392069166892044, Constant = 0.000694171364986253, Final = 6.9e-6;
        const long W = 10, C = 30, K = 100, A = 50;
        var s = new InfiniteSchedule(Peak, W, C, Constant, K, A, Final, cooldownShape, timescale, annealShape);
        s.GetLearningRate(0).Should().Be(0);
        s.GetLearningRate(W).Should().Be(Peak, "the cooldown starts at the peak");
        s.GetLearningRate(W + C - 1).Should().NotBe(Constant);
        s.GetLearningRate(W + C).Should().Be(Constant);
        s.GetLearningRate(W + C + K - 1).Should().Be(Constant);
        s.GetLearningRate(W + C + K).Should().Be(Constant, "the anneal starts at the constant value");
        s.GetLearningRate(W + C + K + A - 1).Should().NotBe(Final);
        s.GetLearningRate(W + C + K + A).Should().Be(Final, "the anneal reaches the final value exactly");
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(Final);
        }
    }

    [Fact]
    public void The_default_anneal_is_geometric()
    {
        var s = new InfiniteSchedule(1, 0, 0, 0.5, 10, 4, 0.03125);
        Approx.Equal(s.GetLearningRate(11), 0.25);
        Approx.Equal(s.GetLearningRate(12), 0.125);
        Approx.Equal(s.GetLearningRate(13), 0.0625);
        s.GetLearningRate(14).Should().Be(0.03125);
    }

    [Fact]
    public void Without_constant_steps_the_constant_phase_never_ends()
    {
        var s = new InfiniteSchedule(1e-3, 20, 40, 1e-4, null, 1, 1e-5);
        s.ConstantSteps.Should().BeNull();
        s.GetLearningRate(60).Should().Be(1e-4);
        foreach (long step in ScheduleChecks.SweepSteps(60).Where(x => x >= 60))
        {
            s.GetLearningRate(step).Should().Be(1e-4, "step {0} is in the endless constant phase", step);
        }

        // The anneal settings are unused, so a final value of 0 is fine with the geometric default.
        new InfiniteSchedule(1e-3, 20, 40, 1e-4, null, 1, 0).GetLearningRate(long.MaxValue).Should().Be(1e-4);
    }

    [Fact]
    public void Continuing_skips_warmup_and_cooldown()
    {
        var s = InfiniteSchedule.Continuing(1e-4, 240, 60, 1e-5);
        s.Should().Be(new InfiniteSchedule(1e-4, 0, 0, 1e-4, 240, 60, 1e-5));
        s.WarmupSteps.Should().Be(0);
        s.CooldownSteps.Should().Be(0);
        s.PeakValue.Should().Be(1e-4);
        s.GetLearningRate(0).Should().Be(1e-4, "no re-warming");
        s.GetLearningRate(239).Should().Be(1e-4);
        s.GetLearningRate(240).Should().Be(1e-4);
        s.GetLearningRate(241).Should().BeLessThan(1e-4);
        Approx.Equal(s.GetLearningRate(270), Math.Sqrt(1e-4 * 1e-5));
        s.GetLearningRate(300).Should().Be(1e-5);

        var linear = InfiniteSchedule.Continuing(1e-4, 10, 10, 0, DecayShape.Linear);
        Approx.Equal(linear.GetLearningRate(15), 5e-5);
        linear.GetLearningRate(20).Should().Be(0);

        var endless = InfiniteSchedule.Continuing(1e-4, null, 1, 0);
        foreach (long step in ScheduleChecks.SweepSteps())
        {
            endless.GetLearningRate(step).Should().Be(1e-4);
        }
    }

    [Fact]
    public void The_reference_infinite_lr_is_the_same_schedule()
    {
        // reference.infinite_lr with T = 400: warmup to 20, cooldown to 60, constant to 320, anneal to 400.
        var parsed = ScheduleSpec.Parse("""{"type":"reference.infinite_lr","args":{"total_iterations":400,"start_lr":1e-3,"constant_lr":1e-4,"min_lr":1e-5}}""");
        var native = new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5);
        parsed.Should().Be(native);
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var s = new InfiniteSchedule(1e-3, 10, 20, 1e-4, long.MaxValue - 40, 10, 1e-5);
        s.GetLearningRate(ScheduleChecks.TwoTo53).Should().Be(1e-4);
        s.GetLearningRate(long.MaxValue - 10).Should().Be(1e-4, "the anneal starts at the constant value");
        s.GetLearningRate(long.MaxValue - 1).Should().BeInRange(1e-5, 1e-4);
        s.GetLearningRate(long.MaxValue).Should().Be(1e-5);

        var longCooldown = new InfiniteSchedule(1e-3, long.MaxValue - 1, long.MaxValue, 1e-4, null, 1, 1e-5, DecayShape.InverseSqrt);
        longCooldown.GetLearningRate(long.MaxValue - 1).Should().Be(1e-3);
        longCooldown.GetLearningRate(long.MaxValue).Should().BeInRange(1e-4, 1e-3);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [InlineData("""{"type":"infinite","peak_value":1e-3,"warmup_steps":5,"cooldown_steps":5,"constant_value":0,"constant_steps":5,"final_value":1e-5}""", "$.constant_value")]
    [InlineData("""{"type":"infinite","peak_value":1e-3,"warmup_steps":5,"cooldown_steps":5,"constant_value":1e-4,"constant_steps":5,"final_value":0}""", "$.final_value")]
    [InlineData("""{"type":"infinite","peak_value":1e-3,"warmup_steps":5,"cooldown_steps":0,"constant_value":1e-4,"final_value":1e-5,"timescale":0}""", "$.timescale")]
    [InlineData("""{"type":"infinite","peak_value":1e-3,"warmup_steps":5,"cooldown_steps":5,"constant_value":1e-4,"final_value":1e-5,"warmup_start_value":-1}""", "$.warmup_start_value")]
    [InlineData("""{"type":"infinite","peak_value":0,"warmup_steps":5,"cooldown_steps":5,"constant_value":1e-4,"final_value":1e-5,"cooldown_shape":"exponential"}""", "$.peak_value")]
    [InlineData("""{"type":"infinite","peak_value":1e-3,"warmup_steps":5,"cooldown_steps":5,"constant_value":1e-4,"constant_steps":9223372036854775807,"final_value":1e-5}""", "$.constant_steps")]
    public void Spec_errors_name_the_field(string json, string path)
    {
        FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().Throw<ScheduleSpecException>().Which.Path.Should().Be(path);
    }

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (var (cooldown, anneal, timescale) in ShapeCases().Select(r => ((DecayShape)r[0], (DecayShape)r[1], (double)r[2])))
        {
            ScheduleChecks.AssertFiniteNonNegative(new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, cooldown, timescale, anneal, 1e-6), 20, 60, 320, 400);
            ScheduleChecks.AssertFiniteNonNegative(new InfiniteSchedule(double.MaxValue, 2, 3, double.Epsilon, 4, 5, double.MaxValue, cooldown, double.MaxValue, anneal, double.MaxValue), 2, 5, 9, 14);
        }

        ScheduleChecks.AssertFiniteNonNegative(new InfiniteSchedule(1, long.MaxValue, long.MaxValue / 2, 0.5, long.MaxValue / 2, long.MaxValue, 0.25), long.MaxValue);
        ScheduleChecks.AssertFiniteNonNegative(new InfiniteSchedule(1, 0, long.MaxValue / 2, 0.5, (long.MaxValue / 2) + 1, long.MaxValue, 0.25), long.MaxValue / 2, long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        // Every cooldown shape with the default anneal, and the anneal shapes in turn (each check is costly).
        foreach (var (cooldown, anneal, timescale) in ShapeCases().Select(r => ((DecayShape)r[0], (DecayShape)r[1], (double)r[2])).Where((_, i) => i < 6 || i % 2 == 0))
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, cooldown, timescale, anneal), 20, 60, 320, 400);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(new InfiniteSchedule(1e-3, 20, 40, 1e-4, null, 1, 1e-5), 20, 60);
        ScheduleChecks.AssertEvaluateMatchesPointwise(InfiniteSchedule.Continuing(1e-4, 240, 60, 1e-5), 240, 300);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new InfiniteSchedule(1e-3, 10, 20, 1e-4, long.MaxValue - 40, 10, 1e-5), long.MaxValue - 10);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, DecayShape.Cosine, 10, DecayShape.Exponential, 0));
        ScheduleChecks.AssertAllDistinct(
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5),
            new InfiniteSchedule(2e-3, 20, 40, 1e-4, 260, 80, 1e-5),
            new InfiniteSchedule(1e-3, 21, 40, 1e-4, 260, 80, 1e-5),
            new InfiniteSchedule(1e-3, 20, 41, 1e-4, 260, 80, 1e-5),
            new InfiniteSchedule(1e-3, 20, 40, 2e-4, 260, 80, 1e-5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 261, 80, 1e-5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, null, 80, 1e-5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 81, 1e-5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 2e-5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, DecayShape.Linear),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, timescale: 5),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, annealShape: DecayShape.Linear),
            new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5, warmupStartValue: 1e-6));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5).ToString()
            .Should().Be("infinite(peak_value: 0.001, warmup_steps: 20, cooldown_steps: 40, constant_value: 0.0001, constant_steps: 260, anneal_steps: 80, final_value: 1E-05, cooldown_shape: cosine, timescale: 10, anneal_shape: exponential, warmup_start_value: 0)");
    }
}
