using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary>
/// <see cref="Arithmetic.SinglePrecision"/> on <see cref="ExponentialSchedule"/> and <see cref="PolynomialSchedule"/>: the
/// documented float32 operation sequence (ML.NET's), validation, equality, spans and the spec field <c>arithmetic</c>.
/// </summary>
public sealed class SinglePrecisionArithmeticTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("exponential initialValue above float.MaxValue", () => new ExponentialSchedule(1e39, 0.5, 10, arithmetic: Arithmetic.SinglePrecision), "initialValue")
        .OutOfRange("exponential decayRate above float.MaxValue", () => new ExponentialSchedule(1, 1e39, 10, endValue: 2, arithmetic: Arithmetic.SinglePrecision), "decayRate")
        .OutOfRange("exponential endValue above float.MaxValue", () => new ExponentialSchedule(1, 0.5, 10, endValue: 1e39, arithmetic: Arithmetic.SinglePrecision), "endValue")
        .OutOfRange("polynomial initialValue above float.MaxValue", () => new PolynomialSchedule(1e39, 0, 10, arithmetic: Arithmetic.SinglePrecision), "initialValue")
        .OutOfRange("polynomial finalValue above float.MaxValue", () => new PolynomialSchedule(1, 1e39, 10, arithmetic: Arithmetic.SinglePrecision), "finalValue")
        .OutOfRange("polynomial power above float.MaxValue", () => new PolynomialSchedule(1, 0, 10, 1e39, arithmetic: Arithmetic.SinglePrecision), "power")
        .OutOfRange("polynomial initialValue negative", () => new PolynomialSchedule(-1, 0, 10, arithmetic: Arithmetic.SinglePrecision), "initialValue")
        .Invalid("exponential arithmetic undefined", () => new ExponentialSchedule(1, 0.5, 10, arithmetic: (Arithmetic)7), "arithmetic")
        .Invalid("polynomial arithmetic undefined", () => new PolynomialSchedule(1, 0, 10, arithmetic: (Arithmetic)(-1)), "arithmetic")
        .StepArguments(() => new PolynomialSchedule(1, 0, 10, arithmetic: Arithmetic.SinglePrecision));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_arguments(string name) => Rejections.Verify(name);

    [Fact]
    public void Float_max_value_itself_is_accepted_and_messages_name_the_limit()
    {
        new ExponentialSchedule(float.MaxValue, 0.5, 10, arithmetic: Arithmetic.SinglePrecision).GetLearningRate(0).Should().Be(float.MaxValue);
        new PolynomialSchedule(float.MaxValue, 0, 10, arithmetic: Arithmetic.SinglePrecision).GetLearningRate(0).Should().Be(float.MaxValue);
        var act = () => new PolynomialSchedule(1e39, 0, 10, arithmetic: Arithmetic.SinglePrecision);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*at most float.MaxValue*float32 arithmetic*1E+39*");

        // The double-precision default keeps its full range.
        new PolynomialSchedule(1e39, 0, 10).GetLearningRate(0).Should().Be(1e39);
    }

    /// <summary>The documented exponential sequence, written out in C# float arithmetic.</summary>
    private static double Exponential(float initial, float rate, long steps, long begin, bool staircase, float? end, long step)
    {
        if (step <= begin || initial == 0)
        {
            return initial;
        }

        float p = (float)(step - begin) / (float)steps;
        if (staircase)
        {
            p = (float)Math.Floor(p);
        }

        float v = initial * (float)Math.Pow(rate, p);
        if (end is float e)
        {
            v = rate < 1 ? Math.Max(v, e) : Math.Min(v, e);
        }

        return v;
    }

    /// <summary>The documented polynomial sequence, written out in C# float arithmetic.</summary>
    private static double Polynomial(float initial, float final, long steps, float power, long begin, bool cycle, long step)
    {
        long t = Math.Max(0, step - begin);
        float x = cycle && t > steps
            ? 1 - ((float)t / ((float)steps * (float)Math.Ceiling((double)t / steps)))
            : 1 - ((float)Math.Min(t, steps) / (float)steps);
        return ((initial - final) * (float)Math.Pow(Math.Max(x, 0), power)) + final;
    }

    [Theory]
    [InlineData(0.01f, 0.94f, 50L, 0L, true, null)]
    [InlineData(0.1f, 0.5f, 20L, 0L, false, null)]
    [InlineData(0.3f, 0.97f, 7L, 13L, false, 0.05f)]
    [InlineData(0.3f, 0.97f, 7L, 13L, true, 0.05f)]
    [InlineData(0.001f, 1.1f, 4L, 2L, false, 0.01f)]
    public void Exponential_follows_the_documented_float32_sequence(float initial, float rate, long steps, long begin, bool staircase, float? end)
    {
        var s = new ExponentialSchedule(initial, rate, steps, begin, staircase, end, Arithmetic.SinglePrecision);
        var span = new double[400];
        var floats = new float[400];
        s.Evaluate(0, span);
        s.Evaluate(0, floats);
        for (int step = 0; step < span.Length; step++)
        {
            double expected = Exponential(initial, rate, steps, begin, staircase, end, step);
            s.GetLearningRate(step).Should().Be(expected, "at step {0}", step);
            span[step].Should().Be(expected);
            floats[step].Should().Be((float)expected);
        }
    }

    [Theory]
    [InlineData(0.1f, 0.01f, 100L, 1.0f, 0L, true)]
    [InlineData(0.01f, 0.0001f, 20L, 1.0f, 0L, false)]
    [InlineData(0.05f, 0.001f, 30L, 2.0f, 5L, true)]
    [InlineData(0.2f, 0.0f, 75L, 0.5f, 0L, false)]
    [InlineData(0.001f, 0.01f, 9L, 1.7f, 0L, true)]
    public void Polynomial_follows_the_documented_float32_sequence(float initial, float final, long steps, float power, long begin, bool cycle)
    {
        var s = new PolynomialSchedule(initial, final, steps, power, begin, cycle, Arithmetic.SinglePrecision);
        var span = new double[400];
        var floats = new float[400];
        s.Evaluate(0, span);
        s.Evaluate(0, floats);
        for (int step = 0; step < span.Length; step++)
        {
            double expected = Polynomial(initial, final, steps, power, begin, cycle, step);
            s.GetLearningRate(step).Should().Be(expected, "at step {0}", step);
            span[step].Should().Be(expected);
            floats[step].Should().Be((float)expected);
        }
    }

    [Fact]
    public void Values_are_floats_widened_to_double()
    {
        var s = new ExponentialSchedule(0.01, 0.94, 50, staircase: true, arithmetic: Arithmetic.SinglePrecision);
        s.GetLearningRate(0).Should().Be((double)0.01f).And.Be(0.009999999776482582);
        s.GetLearningRate(50).Should().Be((double)(0.01f * (float)Math.Pow(0.94f, 1f)));
        var p = new PolynomialSchedule(0.1, 0.01, 100, cycle: true, arithmetic: Arithmetic.SinglePrecision);
        p.GetLearningRate(0).Should().Be(0.10000000149011612);
        p.GetLearningRate(1).Should().Be(0.09910000115633011);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            double v = p.GetLearningRate(step);
            ((double)(float)v).Should().Be(v);
        }
    }

    /// <summary>
    /// Past 2^24 steps the float step rounds: a stair can start early (the floor of the float quotient), where the double
    /// form's integer division still counts the previous stair.
    /// </summary>
    [Fact]
    public void Past_2_pow_24_steps_the_float_step_rounds_as_in_MLNET()
    {
        long step = (3L << 24) - 1; // (float)step = 3 * 2^24, so p = 2^24 exactly
        var single = new ExponentialSchedule(1, 0.9999999, 3, staircase: true, arithmetic: Arithmetic.SinglePrecision);
        var dbl = new ExponentialSchedule(1, 0.9999999, 3, staircase: true);
        single.GetLearningRate(step).Should().Be((double)(float)Math.Pow(0.9999999f, 1 << 24));
        dbl.GetLearningRate(step).Should().Be(Math.Pow(0.9999999, (1 << 24) - 1));

        // The polynomial's float quotient can exceed 1 there; the base is clamped at 0 (ML.NET's power would be NaN).
        var cycled = new PolynomialSchedule(1, 0.5, (1L << 24) + 1, 0.5, cycle: true, arithmetic: Arithmetic.SinglePrecision);
        foreach (long s in new[] { (1L << 25) + 1, (1L << 25) + 2, (3L << 24) + 5, long.MaxValue })
        {
            ReliabilityCheck(cycled.GetLearningRate(s));
        }
    }

    private static void ReliabilityCheck(double v)
    {
        double.IsFinite(v).Should().BeTrue();
        v.Should().BeGreaterThanOrEqualTo(0);
        double.IsNegative(v).Should().BeFalse();
    }

    [Fact]
    public void Arithmetic_takes_part_in_equality()
    {
        var single = new ExponentialSchedule(0.1, 0.5, 10, arithmetic: Arithmetic.SinglePrecision);
        single.Should().Be(new ExponentialSchedule(0.1, 0.5, 10, arithmetic: Arithmetic.SinglePrecision));
        single.Should().NotBe(new ExponentialSchedule(0.1, 0.5, 10));
        single.Arithmetic.Should().Be(Arithmetic.SinglePrecision);
        new ExponentialSchedule(0.1, 0.5, 10).Arithmetic.Should().Be(Arithmetic.DoublePrecision);
        new PolynomialSchedule(0.1, 0, 10, arithmetic: Arithmetic.SinglePrecision).Should().NotBe(new PolynomialSchedule(0.1, 0, 10));
    }

    [Fact]
    public void Spec_field_arithmetic_round_trips_and_is_written_only_for_float32()
    {
        var e = ScheduleSpec.Parse("""{"type":"exponential","initial_value":0.01,"decay_rate":0.94,"transition_steps":50,"staircase":true,"arithmetic":"float32"}""");
        e.Should().Be(new ExponentialSchedule(0.01, 0.94, 50, staircase: true, arithmetic: Arithmetic.SinglePrecision));
        string json = ScheduleSpec.ToJson(e);
        json.Should().Contain("\"arithmetic\":\"float32\"");
        ScheduleSpec.Parse(json).Should().Be(e);

        var p = ScheduleSpec.Parse("""{"type":"polynomial","initial_value":0.1,"final_value":0.01,"decay_steps":100,"cycle":true,"arithmetic":"float32"}""");
        p.Should().Be(new PolynomialSchedule(0.1, 0.01, 100, cycle: true, arithmetic: Arithmetic.SinglePrecision));
        ScheduleSpec.Parse(ScheduleSpec.ToJson(p)).Should().Be(p);

        ScheduleSpec.Parse("""{"type":"polynomial","initial_value":0.1,"final_value":0.01,"decay_steps":100,"arithmetic":"float64"}""")
            .Should().Be(new PolynomialSchedule(0.1, 0.01, 100));
        ScheduleSpec.ToJson(new PolynomialSchedule(0.1, 0.01, 100)).Should().NotContain("arithmetic");
        ScheduleSpec.ToJson(new ExponentialSchedule(0.1, 0.5, 10)).Should().NotContain("arithmetic");
    }

    [Fact]
    public void A_bad_arithmetic_names_the_field_and_the_choices()
    {
        var act = () => ScheduleSpec.Parse("""{"type":"exponential","initial_value":0.01,"decay_rate":0.94,"transition_steps":50,"arithmetic":"float16"}""");
        act.Should().Throw<ScheduleSpecException>().Where(ex => ex.Path == "$.arithmetic").WithMessage("*float64*float32*");
        var big = () => ScheduleSpec.Parse("""{"type":"polynomial","initial_value":1e39,"final_value":0,"decay_steps":10,"arithmetic":"float32"}""");
        big.Should().Throw<ScheduleSpecException>().Where(ex => ex.Path == "$.initial_value").WithMessage("*float.MaxValue*");
    }

    [Fact]
    public void Spans_at_any_offset_equal_the_scalar_values()
    {
        ILearningRateSchedule[] schedules =
        [
            new ExponentialSchedule(0.3, 0.97, 7, 13, false, 0.05, Arithmetic.SinglePrecision),
            new ExponentialSchedule(0.3, 0.97, 7, 13, true, null, Arithmetic.SinglePrecision),
            new PolynomialSchedule(0.05, 0.001, 30, 2, 5, true, Arithmetic.SinglePrecision),
            new PolynomialSchedule(0.05, 0.001, 30, 3, 0, false, Arithmetic.SinglePrecision),
        ];
        foreach (var s in schedules)
        {
            foreach (long first in new[] { 0L, 1, 12, 13, 29, 36, (1L << 24) - 7, (1L << 53) - 3, long.MaxValue - 99 })
            {
                var span = new double[100];
                var floats = new float[100];
                s.Evaluate(first, span);
                s.Evaluate(first, floats);
                for (int i = 0; i < span.Length; i++)
                {
                    double v = s.GetLearningRate(first + i);
                    span[i].Should().Be(v);
                    floats[i].Should().Be((float)v);
                }
            }
        }
    }
}
