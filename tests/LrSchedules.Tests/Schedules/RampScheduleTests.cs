using CsCheck;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary><see cref="RampSchedule"/>: <c>min(double.MaxValue, initial * (1 + rate * p))</c>, <c>p = step / size</c> or its floor.</summary>
public class RampScheduleTests
{
    [Theory]
    [InlineData(1e-4, 0.5, 10L, false)]
    [InlineData(1e-4, 2.0, 25L, true)]
    [InlineData(1e-3, 1.0, 2000L, false)]
    [InlineData(0.3, 0.0, 3L, true)]
    public void Follows_the_documented_formula(double initial, double rate, long size, bool staircase)
    {
        var s = new RampSchedule(initial, rate, size, staircase);
        for (long step = 0; step <= 500; step++)
        {
            double p = staircase ? Math.Floor((double)step / size) : (double)step / size;
            s.GetLearningRate(step).Should().Be(initial * (1 + (rate * p)), "at step {0}", step);
        }
    }

    [Fact]
    public void Staircase_changes_every_step_size_steps()
    {
        var s = new RampSchedule(1, 1, 4, staircase: true);
        long[] steps = [0, 3, 4, 7, 8, 11, 12];
        double[] expected = [1, 1, 2, 2, 3, 3, 4];
        steps.Select(s.GetLearningRate).Should().Equal(expected);
    }

    [Fact]
    public void Saturates_at_double_MaxValue_instead_of_overflowing()
    {
        var s = new RampSchedule(1e300, 1e10, 1);
        s.GetLearningRate(0).Should().Be(1e300);
        s.GetLearningRate(1_000_000).Should().Be(double.MaxValue);
        s.GetLearningRate(long.MaxValue).Should().Be(double.MaxValue);
        new RampSchedule(double.MaxValue, double.MaxValue, 1).GetLearningRate(1).Should().Be(double.MaxValue);
        new RampSchedule(1, double.MaxValue, 1).GetLearningRate(long.MaxValue).Should().Be(double.MaxValue);

        // 0 * (1 + rate * p) with an overflowing factor would be NaN: a zero start is the constant 0.
        new RampSchedule(0, double.MaxValue, 1).GetLearningRate(long.MaxValue).Should().Be(0);
        var floats = new float[4];
        new RampSchedule(1e38, 10, 1).Evaluate(0, floats);
        floats.Should().Equal(1e38f, float.MaxValue, float.MaxValue, float.MaxValue);
    }

    [Fact]
    public void Never_decreases()
    {
        foreach (var s in new[] { new RampSchedule(1e-4, 0.5, 10), new RampSchedule(1e-4, 3, 7, true), new RampSchedule(5e-324, 1e300, 1) })
        {
            double previous = 0;
            foreach (long step in Enumerable.Range(0, 300).Select(i => (long)i).Concat([1L << 53, (1L << 53) + 1, long.MaxValue - 1, long.MaxValue]))
            {
                double v = s.GetLearningRate(step);
                v.Should().BeGreaterThanOrEqualTo(previous);
                previous = v;
            }
        }
    }

    [Fact]
    public void Random_ramps_never_decrease_and_stay_finite()
    {
        // Every operation of initial * (1 + rate * p) is monotone in p, and the saturation keeps it finite.
        Gen.Select(Reliability.ScheduleGenerators.Value, Gen.Frequency((4, Gen.Double[0, 10]), (1, Gen.OneOf(1e-300, 1e15, 1e300, double.MaxValue))), Reliability.ScheduleGenerators.Steps, Gen.Bool, Reliability.ScheduleGenerators.Step.Array[2, 40])
            .Sample(
                (initial, rate, size, staircase, steps) =>
                {
                    var s = new RampSchedule(Math.Max(initial, 0), rate, size, staircase);
                    double previous = 0;
                    foreach (long step in steps.Append(0).Append(long.MaxValue).Order())
                    {
                        double v = s.GetLearningRate(step);
                        (double.IsFinite(v) && v >= previous && v >= s.InitialValue).Should().BeTrue("{0} at step {1} gives {2} after {3}", s, step, v, previous);
                        previous = v;
                    }
                },
                iter: 2_000);
    }

    [Fact]
    public void Rejects_out_of_range_arguments()
    {
        FluentActions.Invoking(() => new RampSchedule(-1, 1, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("initialValue");
        FluentActions.Invoking(() => new RampSchedule(double.PositiveInfinity, 1, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("initialValue");
        FluentActions.Invoking(() => new RampSchedule(1, -0.5, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("rate");
        FluentActions.Invoking(() => new RampSchedule(1, double.NaN, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("rate");
        FluentActions.Invoking(() => new RampSchedule(1, 1, 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("stepSize");
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"ramp","initial_value":1,"rate":1,"step_size":0}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.step_size");
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"ramp","initial_value":1,"rate":-1,"step_size":3}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.rate");
    }

    [Fact]
    public void Values_are_finite_and_Evaluate_matches()
    {
        ScheduleChecks.AssertFiniteNonNegative(new RampSchedule(double.MaxValue, 1, 1), 0);
        ScheduleChecks.AssertFiniteNonNegative(new RampSchedule(1e-4, 0.5, 10), long.MaxValue - 1000);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RampSchedule(1e-4, 0.5, 10), 0, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RampSchedule(1e-4, 0.5, 10, true), 3, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RampSchedule(1e300, 1e5, 3), 0);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RampSchedule(1e-4, 0.5, 10), long.MaxValue - 30);
    }

    [Fact]
    public void Spans_past_2_pow_53_are_the_scalar_values_bit_for_bit()
    {
        // Beyond 2^53 the positions are not exact doubles, so the span takes the scalar path element by element; a vector
        // kernel there would round k0 + i where the scalar form rounds the step once, and give other bits.
        var ramp = new RampSchedule(1e-300, 0.37, 3);
        foreach (long first in new[] { (1L << 53) - 20, (1L << 53) + 1, (1L << 60) + 3, long.MaxValue - 63 })
        {
            var doubles = new double[64];
            ramp.Evaluate(first, doubles);
            for (int i = 0; i < doubles.Length; i++)
            {
                doubles[i].Should().Be(ramp.GetLearningRate(first + i), "step {0}", first + i);
            }
        }
    }

    [Fact]
    public void Equality_ToString_and_spec_round_trip()
    {
        var s = new RampSchedule(1e-4, 0.5, 10, staircase: true);
        ScheduleChecks.AssertValueEqual(s, new RampSchedule(1e-4, 0.5, 10, true));
        ScheduleChecks.AssertAllDistinct(s, new RampSchedule(1e-4, 0.5, 10), new RampSchedule(1e-4, 0.5, 11, true), new RampSchedule(2e-4, 0.5, 10, true));
        ScheduleSpec.Parse(ScheduleSpec.ToJson(s)).Should().Be(s);
        using var culture = CultureScope.German();
        s.ToString().Should().Be("ramp(initial_value: 0.0001, rate: 0.5, step_size: 10, staircase: true)");
    }

    [Fact]
    public void Is_deepspeeds_lr_range_test()
    {
        var ds = ScheduleSpec.Parse("""{"type":"deepspeed.LRRangeTest","args":{"lr_range_test_min_lr":0.0001,"lr_range_test_step_size":25,"lr_range_test_step_rate":2.0,"lr_range_test_staircase":true}}""");
        ds.Should().Be(new RampSchedule(1e-4, 2, 25, true));
    }
}
