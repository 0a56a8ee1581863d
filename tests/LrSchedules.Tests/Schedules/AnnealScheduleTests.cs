using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class AnnealScheduleTests
{
    private static readonly DecayShape[] AllShapes = Enum.GetValues<DecayShape>();

    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new AnnealSchedule(double.NaN, 0, 10), "initialValue")
        .OutOfRange("initialValue +inf", () => new AnnealSchedule(double.PositiveInfinity, 0, 10), "initialValue")
        .OutOfRange("initialValue -inf", () => new AnnealSchedule(double.NegativeInfinity, 0, 10), "initialValue")
        .OutOfRange("initialValue negative", () => new AnnealSchedule(-0.1, 0, 10), "initialValue")
        .OutOfRange("finalValue NaN", () => new AnnealSchedule(1, double.NaN, 10), "finalValue")
        .OutOfRange("finalValue +inf", () => new AnnealSchedule(1, double.PositiveInfinity, 10), "finalValue")
        .OutOfRange("finalValue negative", () => new AnnealSchedule(1, -1e-9, 10), "finalValue")
        .OutOfRange("steps 0", () => new AnnealSchedule(1, 0, 0), "steps")
        .OutOfRange("steps -1", () => new AnnealSchedule(1, 0, -1), "steps")
        .OutOfRange("steps long.MinValue", () => new AnnealSchedule(1, 0, long.MinValue), "steps")
        .Invalid("shape undefined 7", () => new AnnealSchedule(1, 0, 10, (DecayShape)7), "shape")
        .Invalid("shape undefined -1", () => new AnnealSchedule(1, 0, 10, (DecayShape)(-1)), "shape")
        .OutOfRange("power 0", () => new AnnealSchedule(1, 0, 10, DecayShape.Power, power: 0), "power")
        .OutOfRange("power negative", () => new AnnealSchedule(1, 0, 10, DecayShape.Power, power: -2), "power")
        .OutOfRange("power NaN", () => new AnnealSchedule(1, 0, 10, DecayShape.Power, power: double.NaN), "power")
        .OutOfRange("power +inf", () => new AnnealSchedule(1, 0, 10, DecayShape.Power, power: double.PositiveInfinity), "power")
        .OutOfRange("power 0 with another shape", () => new AnnealSchedule(1, 0, 10, DecayShape.Linear, power: 0), "power")
        .OutOfRange("halfLife 0", () => new AnnealSchedule(1, 0, 10, DecayShape.Exponential, halfLife: 0), "halfLife")
        .OutOfRange("halfLife negative", () => new AnnealSchedule(1, 0, 10, DecayShape.Exponential, halfLife: -5), "halfLife")
        .OutOfRange("halfLife NaN", () => new AnnealSchedule(1, 0, 10, DecayShape.Exponential, halfLife: double.NaN), "halfLife")
        .OutOfRange("halfLife +inf", () => new AnnealSchedule(1, 0, 10, DecayShape.Exponential, halfLife: double.PositiveInfinity), "halfLife")
        .OutOfRange("timescale 0", () => new AnnealSchedule(1, 0, 10, DecayShape.InverseSqrt, timescale: 0), "timescale")
        .OutOfRange("timescale negative", () => new AnnealSchedule(1, 0, 10, DecayShape.InverseSqrt, timescale: -10), "timescale")
        .OutOfRange("timescale NaN", () => new AnnealSchedule(1, 0, 10, DecayShape.InverseSqrt, timescale: double.NaN), "timescale")
        .OutOfRange("timescale +inf", () => new AnnealSchedule(1, 0, 10, DecayShape.InverseSqrt, timescale: double.PositiveInfinity), "timescale")
        .Invalid("geometric with finalValue 0", () => new AnnealSchedule(1, 0, 10, DecayShape.Exponential), "finalValue")
        .Invalid("geometric with initialValue 0", () => new AnnealSchedule(0, 0.5, 10, DecayShape.Exponential), "initialValue")
        .StepArguments(() => new AnnealSchedule(1, 0.1, 10, DecayShape.Cosine));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    public static TheoryData<DecayShape, double, double, long, double, double?, double> FormulaCases => new()
    {
        { DecayShape.Linear, 0.34, 0.088, 100, 1, null, 10 },
        { DecayShape.Linear, 0.001, 0.3, 37, 1, null, 10 },
        { DecayShape.Cosine, 0.34, 0.088, 100, 1, null, 10 },
        { DecayShape.Cosine, 0, 1, 37, 1, null, 10 },
        { DecayShape.OneMinusSqrt, 0.1, 0, 100, 1, null, 10 },
        { DecayShape.OneMinusSqrt, 0.007392069166892044, 0.000694171364986253, 41, 1, null, 10 },
        { DecayShape.Exponential, 0.1, 1e-4, 100, 1, null, 10 },
        { DecayShape.Exponential, 1e-5, 3e-3, 64, 1, null, 10 },
        { DecayShape.Exponential, 0.1, 1e-3, 100, 1, 12.5, 10 },
        { DecayShape.Exponential, 0.1, 0, 50, 1, 3, 10 },
        { DecayShape.Power, 0.1, 0.001, 100, 2, null, 10 },
        { DecayShape.Power, 0.1, 0.001, 100, 0.5, null, 10 },
        { DecayShape.Power, 2774.817929920097, 670.2695496557192, 33, 3.7, null, 10 },
        { DecayShape.InverseSqrt, 1e-3, 1e-4, 100, 1, null, 10 },
        { DecayShape.InverseSqrt, 1e-3, 1e-4, 60, 1, null, 0.5 },
        { DecayShape.InverseSqrt, 1e-4, 2e-3, 60, 1, null, 1000 },
    };

    /// <summary>The documented formula of each shape, written out with <see cref="Math"/> and <c>p = t / Steps</c>.</summary>
    internal static double Expected(double initial, double final, long steps, DecayShape shape, double power, double? halfLife, double timescale, long step)
    {
        if (step >= steps)
        {
            return final;
        }

        double p = (double)step / steps;
        return shape switch
        {
            DecayShape.Linear => initial + ((final - initial) * p),
            DecayShape.Cosine => final + ((initial - final) * (1 + Math.Cos(Math.PI * p)) / 2),
            DecayShape.OneMinusSqrt => final + ((initial - final) * (1 - Math.Sqrt(p))),
            DecayShape.Exponential when halfLife is double h => Math.Max(final, initial * Math.Exp(-Math.Log(2) * step / h)),
            DecayShape.Exponential => Math.Exp(Math.Log(initial) + (p * (Math.Log(final) - Math.Log(initial)))),
            DecayShape.Power => final + ((initial - final) * Math.Pow(1 - p, power)),
            DecayShape.ShiftedExponential => final + ((initial - final) * ((2 * Math.Pow(0.5, p)) - 1)),
            _ => initial + ((final - initial) * ((1 / Math.Sqrt(1 + (timescale * p))) - 1) / ((1 / Math.Sqrt(1 + timescale)) - 1)),
        };
    }

    [Theory]
    [MemberData(nameof(FormulaCases))]
    public void Follows_the_documented_formula(DecayShape shape, double initial, double final, long steps, double power, double? halfLife, double timescale)
    {
        var s = new AnnealSchedule(initial, final, steps, shape, power, halfLife, timescale);
        double scale = Math.Max(initial, final);
        for (long step = 0; step <= (2 * steps) + 1; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(initial, final, steps, shape, power, halfLife, timescale, step), rel: 1e-13, abs: 1e-15 * scale, because: shape + " at step " + step);
        }
    }

    [Fact]
    public void Exact_values_where_the_arithmetic_is_exact()
    {
        var linear = new AnnealSchedule(1, 0, 4);
        new[] { 0L, 1, 2, 3, 4, 5 }.Select(linear.GetLearningRate).Should().Equal(1, 0.75, 0.5, 0.25, 0, 0);

        var rising = new AnnealSchedule(0, 1, 4);
        new[] { 0L, 1, 2, 3, 4 }.Select(rising.GetLearningRate).Should().Equal(0, 0.25, 0.5, 0.75, 1);

        new AnnealSchedule(1, 0, 2, DecayShape.Cosine).GetLearningRate(1).Should().Be(0.5);
        new AnnealSchedule(1, 0, 4, DecayShape.OneMinusSqrt).GetLearningRate(1).Should().Be(0.5); // 1 - sqrt(1/4)
        new AnnealSchedule(1, 0, 16, DecayShape.OneMinusSqrt).GetLearningRate(4).Should().Be(0.5);
        new AnnealSchedule(1, 0, 2, DecayShape.Power, power: 2).GetLearningRate(1).Should().Be(0.25);
        new AnnealSchedule(1, 0, 2, DecayShape.Power, power: 3).GetLearningRate(1).Should().Be(0.125);

        var halfLife = new AnnealSchedule(1, 0, 100, DecayShape.Exponential, halfLife: 2);
        halfLife.GetLearningRate(2).Should().Be(0.5);
        halfLife.GetLearningRate(4).Should().Be(0.25);
        halfLife.GetLearningRate(6).Should().Be(0.125);

        var geometric = new AnnealSchedule(1, 0.0625, 4, DecayShape.Exponential);
        Approx.Equal(geometric.GetLearningRate(1), 0.5);
        Approx.Equal(geometric.GetLearningRate(2), 0.25);
        Approx.Equal(geometric.GetLearningRate(3), 0.125);

        // r(p) with timescale 3 at p = 1: (1/2 - 1) / (1/2 - 1) = 1; at p = 1/3 of a 3-step anneal (1/sqrt(2) - 1) / (1/2 - 1).
        var inverseSqrt = new AnnealSchedule(1, 0, 3, DecayShape.InverseSqrt, timescale: 3);
        Approx.Equal(inverseSqrt.GetLearningRate(1), 1 - ((Math.Sqrt(0.5) - 1) / -0.5));
    }

    public static TheoryData<double, double> EndpointPairs => new()
    {
        { 0.34, 0.088 },
        { 0.1, 0 },
        { 0.007392069166892044, 0.000694171364986253 }, // final + (initial - final) != initial for this pair
        { 2774.817929920097, 670.2695496557192 },       // and this one
        { 6.461069531835517e-09, 2.679176323541234e-10 },
        { 76.7157629147962, 445.38719405480145 },       // a rising anneal where the same sum is inexact
        { 1e-300, 1e300 },
        { double.MaxValue, double.Epsilon },
    };

    [Theory]
    [MemberData(nameof(EndpointPairs))]
    public void Endpoints_are_exact_for_every_shape(double initial, double final)
    {
        const long T = 100;
        foreach (var shape in AllShapes)
        {
            if (shape == DecayShape.Exponential && (initial == 0 || final == 0))
            {
                continue;
            }

            var s = new AnnealSchedule(initial, final, T, shape, power: 2.5);
            s.GetLearningRate(0).Should().Be(initial, "the value at step 0 is InitialValue ({0})", shape);
            s.GetLearningRate(T - 1).Should().NotBe(final, "{0} reaches the final value only at the end", shape);
            s.GetLearningRate(T).Should().Be(final, "the value at Steps is FinalValue ({0})", shape);
            s.GetLearningRate(T + 1).Should().Be(final);
            s.GetLearningRate(3 * T).Should().Be(final);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointPairs))]
    public void Every_shape_moves_monotonically_between_the_endpoints(double initial, double final)
    {
        const long T = 64;
        foreach (var shape in AllShapes)
        {
            if (shape == DecayShape.Exponential && (initial == 0 || final == 0))
            {
                continue;
            }

            var s = new AnnealSchedule(initial, final, T, shape, power: 0.7, timescale: 3);
            double previous = s.GetLearningRate(0);
            for (long step = 1; step <= T; step++)
            {
                double v = s.GetLearningRate(step);
                v.Should().BeInRange(Math.Min(initial, final), Math.Max(initial, final), "{0} at step {1}", shape, step);
                if (final < initial)
                {
                    v.Should().BeLessThanOrEqualTo(previous, "{0} decays (step {1})", shape, step);
                }
                else
                {
                    v.Should().BeGreaterThanOrEqualTo(previous, "{0} rises (step {1})", shape, step);
                }

                previous = v;
            }
        }
    }

    [Fact]
    public void A_half_life_decay_is_held_at_the_final_value()
    {
        // 0.5^(s / 10) drops below 0.1 between steps 33 and 34.
        var s = new AnnealSchedule(1, 0.1, 100, DecayShape.Exponential, halfLife: 10);
        s.GetLearningRate(33).Should().BeGreaterThan(0.1);
        Approx.Equal(s.GetLearningRate(33), Math.Pow(0.5, 3.3));
        for (long step = 34; step <= 120; step++)
        {
            s.GetLearningRate(step).Should().Be(0.1, "step {0} is held at the floor", step);
        }
    }

    [Fact]
    public void A_half_life_longer_than_the_anneal_drops_to_the_final_value_at_the_horizon()
    {
        var s = new AnnealSchedule(1, 0.1, 10, DecayShape.Exponential, halfLife: 100);
        Approx.Equal(s.GetLearningRate(9), Math.Pow(0.5, 0.09));
        s.GetLearningRate(10).Should().Be(0.1, "from Steps on the value is exactly FinalValue");
        s.GetLearningRate(long.MaxValue).Should().Be(0.1);
    }

    [Fact]
    public void Power_one_is_linear_and_the_timescale_only_affects_inverse_sqrt()
    {
        var power = new AnnealSchedule(0.3, 0.1, 50, DecayShape.Power, power: 1);
        var linear = new AnnealSchedule(0.3, 0.1, 50);
        var linearWithTimescale = new AnnealSchedule(0.3, 0.1, 50, DecayShape.Linear, power: 3, timescale: 1e6);
        for (long step = 0; step <= 60; step++)
        {
            Approx.Equal(power.GetLearningRate(step), linear.GetLearningRate(step), abs: 1e-17);
            linearWithTimescale.GetLearningRate(step).Should().Be(linear.GetLearningRate(step));
        }
    }

    [Fact]
    public void A_tiny_inverse_sqrt_timescale_tends_to_the_linear_curve()
    {
        // (1/sqrt(1 + T p) - 1) / (1/sqrt(1 + T) - 1) -> p as T -> 0; below 2^-53, 1 + T rounds to 1 and the quotient is 0/0.
        foreach (double timescale in new[] { 1e-300, 1e-17, double.Epsilon })
        {
            var s = new AnnealSchedule(1, 0, 10, DecayShape.InverseSqrt, timescale: timescale);
            for (long step = 0; step <= 10; step++)
            {
                double v = s.GetLearningRate(step);
                double.IsFinite(v).Should().BeTrue("timescale {0}, step {1} gives {2}", timescale, step, v);
                Approx.Equal(v, 1 - (step / 10.0), abs: 1e-15);
            }
        }

        var huge = new AnnealSchedule(1, 0, 10, DecayShape.InverseSqrt, timescale: double.MaxValue);
        for (long step = 0; step <= 10; step++)
        {
            huge.GetLearningRate(step).Should().BeInRange(0, 1);
        }
    }

    [Theory]
    [InlineData(1e-300, double.MaxValue)]
    [InlineData(double.Epsilon, 1.0)]
    [InlineData(double.Epsilon, double.MaxValue)]
    [InlineData(double.MaxValue, 1e-300)]
    [InlineData(double.MaxValue, double.Epsilon)]
    [InlineData(1e300, 1e-300)]
    public void A_geometric_anneal_between_extreme_values_stays_finite(double initial, double final)
    {
        const long T = 10;
        var s = new AnnealSchedule(initial, final, T, DecayShape.Exponential);
        s.GetLearningRate(0).Should().Be(initial);
        s.GetLearningRate(T).Should().Be(final);
        for (long step = 1; step < T; step++)
        {
            double v = s.GetLearningRate(step);
            double.IsFinite(v).Should().BeTrue("step {0} gives {1}", step, v);
            v.Should().BeInRange(Math.Min(initial, final), Math.Max(initial, final));
            Approx.Equal(v, Expected(initial, final, T, DecayShape.Exponential, 1, null, 10, step), rel: 1e-12, abs: 1e-320);
        }
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        foreach (var shape in AllShapes)
        {
            var s = new AnnealSchedule(0.34, 0.088, 100, shape);
            foreach (long step in ScheduleChecks.FarSteps)
            {
                s.GetLearningRate(step).Should().Be(0.088, "{0} holds FinalValue at step {1}", shape, step);
            }

            var endless = new AnnealSchedule(0.34, 0.088, long.MaxValue, shape);
            endless.GetLearningRate(long.MaxValue).Should().Be(0.088);
            endless.GetLearningRate(long.MaxValue - 1).Should().BeInRange(0.088, 0.34);
            endless.GetLearningRate(ScheduleChecks.TwoTo53).Should().BeInRange(0.088, 0.34);
            double half = endless.GetLearningRate(long.MaxValue / 2);
            Approx.Equal(half, Expected(0.34, 0.088, long.MaxValue, shape, 1, null, 10, long.MaxValue / 2), rel: 1e-12, because: shape.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Valid_edge_arguments_are_accepted()
    {
        new AnnealSchedule(0, 0, 1).GetLearningRate(0).Should().Be(0);
        new AnnealSchedule(0, 0, 1, DecayShape.Exponential, halfLife: 1).GetLearningRate(0).Should().Be(0); // a half-life allows zeros
        new AnnealSchedule(1, 1, 10, DecayShape.Exponential).GetLearningRate(5).Should().Be(1);
        new AnnealSchedule(double.MaxValue, 0, long.MaxValue, DecayShape.Power, power: double.MaxValue, timescale: double.MaxValue).GetLearningRate(0).Should().Be(double.MaxValue);
    }

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (var shape in AllShapes)
        {
            ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(0.1, 1e-3, 100, shape), 100);
            ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(1e-3, 0.1, 7, shape, power: 1e-300, timescale: 1e-300), 7);
            ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(double.MaxValue, double.Epsilon, 3, shape, power: 1e300, timescale: double.MaxValue), 3);
            ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(double.Epsilon, double.MaxValue, 3, shape), 3);
            ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(1, 1e-9, long.MaxValue, shape), long.MaxValue);
        }

        ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(1, 0, 1000, DecayShape.Exponential, halfLife: double.Epsilon), 1000);
        ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(double.MaxValue, 0, 1000, DecayShape.Exponential, halfLife: double.MaxValue), 1000);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        foreach (var shape in AllShapes)
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(0.34, 0.088, 100, shape, power: 2, halfLife: shape == DecayShape.Exponential ? null : 7), 100);
            ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(0.34, 0.088, 1, shape), 1);
            ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(0.34, 0.088, long.MaxValue - 10, shape), long.MaxValue - 10);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(1, 0.1, 100, DecayShape.Exponential, halfLife: 10), 34, 100);
    }

    [Fact]
    public void Rising_anneals_give_spans_equal_to_GetLearningRate()
    {
        // The span kernels pick the interpolation's origin by the direction of the move (the smaller end, for precision);
        // a rise must take the other origin than a decay, in the span as in the scalar form.
        foreach (var shape in AllShapes)
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(0.088, 0.34, 100, shape, power: 2), 100);
            ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(1e-300, 0.5, 100, shape, power: 0.7), 100);
        }
    }

    [Theory]
    [InlineData(1e300, 1e-300)]
    [InlineData(double.MaxValue, double.Epsilon)]
    [InlineData(double.Epsilon, double.MaxValue)]
    public void Geometric_anneals_whose_ratio_is_not_a_normal_double_give_spans_equal_to_GetLearningRate(double initial, double final)
    {
        // final / initial underflows or overflows here, so there is no per-step exponent: the span takes the
        // element-by-element geometric form, and every element must be written.
        var s = new AnnealSchedule(initial, final, 100, DecayShape.Exponential);
        double.IsNormal(final / initial).Should().BeFalse();
        var doubles = new double[120];
        var floats = new float[120];
        doubles.AsSpan().Fill(double.NaN);
        floats.AsSpan().Fill(float.NaN);
        s.Evaluate(0, doubles);
        s.Evaluate(0, floats);
        for (int i = 0; i < doubles.Length; i++)
        {
            doubles[i].Should().Be(s.GetLearningRate(i), "step {0}", i);
            floats[i].Should().Be(ScheduleChecks.ExpectedSingle(s.GetLearningRate(i)), "step {0}", i);
        }
    }

    [Fact]
    public void Spans_past_2_pow_53_are_the_scalar_values_bit_for_bit()
    {
        // Past 2^53 the steps are not exact doubles: the span must take the scalar path, which rounds each step once
        // (a vector kernel would round t0 + i and give other bits in the middle of a long anneal).
        foreach (var shape in AllShapes)
        {
            foreach (var (s, first) in new[] { (1L << 53) + 1000, long.MaxValue }.SelectMany(steps => new[] { (1L << 53) - 20, (1L << 53) + 1, steps - 70, steps / 2 }
                .Select(first => (new AnnealSchedule(0.34, 1e-9, steps, shape, power: 2.5), first))))
            {
                var doubles = new double[64];
                s.Evaluate(first, doubles);
                for (int i = 0; i < doubles.Length; i++)
                {
                    doubles[i].Should().Be(s.GetLearningRate(first + i), "{0} at step {1}", shape, first + i);
                }
            }
        }
    }

    [Fact]
    public void A_rising_one_minus_sqrt_anneal_keeps_full_relative_precision_next_to_its_small_start()
    {
        // initial + (final - initial) sqrt(p): written from the far end, final + (initial - final)(1 - sqrt(p)) loses
        // the digits of the small values to cancellation (sqrt(p) = 1e-6 here leaves about 10 correct digits).
        const long T = 1_000_000_000_000;
        var s = new AnnealSchedule(1e-300, 1, T, DecayShape.OneMinusSqrt);
        foreach (long step in new long[] { 1, 2, 3, 1000, 123_456 })
        {
            double expected = 1e-300 + ((1 - 1e-300) * Math.Sqrt((double)step / T));
            ScheduleChecks.UlpDistance(s.GetLearningRate(step), expected).Should().BeLessThanOrEqualTo(2, "step {0}", step);
        }
    }

    [Fact]
    public void A_half_life_anneal_that_starts_below_its_final_value_is_held_at_the_final_value()
    {
        // The final value is the floor of the half-life form, whichever end is larger: after step 0 the decay from
        // the smaller initial value is already below it.
        var s = new AnnealSchedule(0.01, 0.1, 50, DecayShape.Exponential, halfLife: 10);
        s.GetLearningRate(0).Should().Be(0.01);
        for (long step = 1; step <= 60; step++)
        {
            s.GetLearningRate(step).Should().Be(0.1, "step {0}", step);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(s, 50);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(2.5)]
    public void While_the_power_weight_rounds_to_1_the_value_is_exactly_the_initial_value(double power)
    {
        // Over 2^60 steps, (T - t) / T rounds to 1 for small t: the value is then the one of step 0, exactly, though
        // final + (initial - final) * 1 rounds below initial for these values (0.05 + 0.16 < 0.21).
        var s = new AnnealSchedule(0.21, 0.05, 1L << 60, DecayShape.Power, power: power);
        (0.05 + (0.21 - 0.05)).Should().BeLessThan(0.21);
        foreach (long step in new long[] { 0, 1, 2, 63 })
        {
            s.GetLearningRate(step).Should().Be(0.21, "step {0}", step);
        }
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new AnnealSchedule(0.1, 0.01, 100), new AnnealSchedule(0.1, 0.01, 100, DecayShape.Linear, 1, null, 10));
        ScheduleChecks.AssertAllDistinct(
            new AnnealSchedule(0.1, 0.01, 100),
            new AnnealSchedule(0.2, 0.01, 100),
            new AnnealSchedule(0.1, 0.02, 100),
            new AnnealSchedule(0.1, 0.01, 101),
            new AnnealSchedule(0.1, 0.01, 100, DecayShape.Cosine),
            new AnnealSchedule(0.1, 0.01, 100, power: 2),
            new AnnealSchedule(0.1, 0.01, 100, halfLife: 5),
            new AnnealSchedule(0.1, 0.01, 100, timescale: 5));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new AnnealSchedule(0.1, 0.001, 50, DecayShape.Exponential, 1.5, 7.5, 12.5).ToString()
            .Should().Be("anneal(initial_value: 0.1, final_value: 0.001, steps: 50, shape: exponential, power: 1.5, half_life: 7.5, timescale: 12.5)");
        new AnnealSchedule(0.1, 0, 50, DecayShape.OneMinusSqrt).ToString()
            .Should().Be("anneal(initial_value: 0.1, final_value: 0, steps: 50, shape: one_minus_sqrt, power: 1, timescale: 10)");
    }

    [Fact]
    public void Spec_errors_name_the_field()
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"anneal","initial_value":0,"final_value":0.1,"steps":10,"shape":"exponential"}"""))
            .Should().Throw<ScheduleSpecException>().Which;
        ex.Path.Should().Be("$.initial_value");
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"anneal","initial_value":1,"final_value":0.1,"steps":10,"half_life":0}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.half_life");
    }
}
