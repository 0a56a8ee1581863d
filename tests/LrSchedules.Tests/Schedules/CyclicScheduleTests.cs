using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class CyclicScheduleTests
{
    private const long MaxHalf = long.MaxValue / 2;

    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("baseValue NaN", () => new CyclicSchedule(double.NaN, 1, 4), "baseValue")
        .OutOfRange("baseValue +inf", () => new CyclicSchedule(double.PositiveInfinity, 1, 4), "baseValue")
        .OutOfRange("baseValue negative", () => new CyclicSchedule(-0.1, 1, 4), "baseValue")
        .OutOfRange("maxValue NaN", () => new CyclicSchedule(0.1, double.NaN, 4), "maxValue")
        .OutOfRange("maxValue +inf", () => new CyclicSchedule(0.1, double.PositiveInfinity, 4), "maxValue")
        .OutOfRange("maxValue negative", () => new CyclicSchedule(0.1, -1, 4), "maxValue")
        .OutOfRange("stepsUp 0", () => new CyclicSchedule(0.1, 1, 0), "stepsUp")
        .OutOfRange("stepsUp -1", () => new CyclicSchedule(0.1, 1, -1), "stepsUp")
        .OutOfRange("stepsUp above long.MaxValue / 2", () => new CyclicSchedule(0.1, 1, MaxHalf + 1), "stepsUp")
        .OutOfRange("stepsDown 0", () => new CyclicSchedule(0.1, 1, 4, 0), "stepsDown")
        .OutOfRange("stepsDown -1", () => new CyclicSchedule(0.1, 1, 4, -1), "stepsDown")
        .OutOfRange("stepsDown above long.MaxValue / 2", () => new CyclicSchedule(0.1, 1, 4, MaxHalf + 1), "stepsDown")
        .Invalid("mode undefined", () => new CyclicSchedule(0.1, 1, 4, mode: (CyclicMode)3), "mode")
        .Invalid("mode undefined -1", () => new CyclicSchedule(0.1, 1, 4, mode: (CyclicMode)(-1)), "mode")
        .OutOfRange("gamma 0", () => new CyclicSchedule(0.1, 1, 4, mode: CyclicMode.ExpRange, gamma: 0), "gamma")
        .OutOfRange("gamma negative", () => new CyclicSchedule(0.1, 1, 4, mode: CyclicMode.ExpRange, gamma: -0.5), "gamma")
        .OutOfRange("gamma above 1", () => new CyclicSchedule(0.1, 1, 4, mode: CyclicMode.ExpRange, gamma: 1.0000000000000002), "gamma")
        .OutOfRange("gamma NaN", () => new CyclicSchedule(0.1, 1, 4, mode: CyclicMode.ExpRange, gamma: double.NaN), "gamma")
        .OutOfRange("gamma 2 with another mode", () => new CyclicSchedule(0.1, 1, 4, gamma: 2), "gamma")
        .StepArguments(() => new CyclicSchedule(0.1, 1, 4));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    public static TheoryData<double, double, long, long?, CyclicMode, double> Cases => new()
    {
        { 0.001, 0.01, 4, null, CyclicMode.Triangular, 1 },
        { 0.001, 0.01, 3, 5, CyclicMode.Triangular, 1 },
        { 0.001, 0.006, 2000, 2000, CyclicMode.Triangular, 1 },
        { 0.001, 0.01, 4, null, CyclicMode.Triangular2, 1 },
        { 0.001, 0.01, 7, 2, CyclicMode.Triangular2, 1 },
        { 0.001, 0.1, 5, null, CyclicMode.ExpRange, 0.98 },
        { 0.001, 0.1, 3, 6, CyclicMode.ExpRange, 0.999 },
        { 0.1, 0.01, 4, 4, CyclicMode.Triangular, 1 },
        { 0, 1, 1, 1, CyclicMode.Triangular, 1 },
    };

    /// <summary>PyTorch <c>CyclicLR.get_lr</c>, transcribed with its floating-point cycle arithmetic.</summary>
    private static double Torch(double baseLr, double maxLr, long up, long down, CyclicMode mode, double gamma, long step)
    {
        double total = up + down;
        double ratio = up / total;
        double cycle = Math.Floor(1 + (step / total));
        double x = 1.0 + (step / total) - cycle;
        double scaleFactor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        double height = (maxLr - baseLr) * scaleFactor;
        double scale = mode switch
        {
            CyclicMode.Triangular => 1,
            CyclicMode.Triangular2 => 1 / Math.Pow(2, cycle - 1),
            _ => Math.Pow(gamma, step),
        };
        return baseLr + (height * scale);
    }

    /// <summary>The documented closed form, with the cycle position in integers.</summary>
    private static double Documented(double baseLr, double maxLr, long up, long down, CyclicMode mode, double gamma, long step)
    {
        long c = up + down;
        long pos = step % c;
        long cycle = (step / c) + 1;
        double s = pos <= up ? (double)pos / up : (double)(c - pos) / down;
        double scale = mode switch
        {
            CyclicMode.Triangular => 1,
            CyclicMode.Triangular2 => Math.Pow(0.5, cycle - 1),
            _ => Math.Pow(gamma, step),
        };
        return baseLr + ((maxLr - baseLr) * s * scale);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Follows_the_documented_formula_and_PyTorch(double baseLr, double maxLr, long up, long? down, CyclicMode mode, double gamma)
    {
        var s = new CyclicSchedule(baseLr, maxLr, up, down, mode, gamma);
        long d = down ?? up;
        double scale = Math.Max(baseLr, maxLr);
        long last = Math.Max(400, 3 * (up + d));
        for (long step = 0; step <= last; step++)
        {
            double v = s.GetLearningRate(step);
            Approx.Equal(v, Documented(baseLr, maxLr, up, d, mode, gamma, step), rel: 1e-15, abs: 1e-17 * scale, because: "documented form at step " + step);
            Approx.Equal(v, Torch(baseLr, maxLr, up, d, mode, gamma, step), rel: 1e-12, abs: 1e-14 * scale, because: "PyTorch at step " + step);
        }
    }

    [Fact]
    public void Exact_values_at_the_corners()
    {
        var s = new CyclicSchedule(0.25, 1.25, 4);
        new[] { 0L, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16 }.Select(s.GetLearningRate).Should().Equal(0.25, 0.5, 0.75, 1, 1.25, 1, 0.75, 0.5, 0.25, 1.25, 0.25);

        var asymmetric = new CyclicSchedule(0, 1, 2, 4);
        new[] { 0L, 1, 2, 3, 4, 5, 6, 7, 8 }.Select(asymmetric.GetLearningRate).Should().Equal(0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0.5, 1);

        var halving = new CyclicSchedule(0.25, 1.25, 4, mode: CyclicMode.Triangular2);
        halving.GetLearningRate(4).Should().Be(1.25);
        halving.GetLearningRate(8).Should().Be(0.25);
        halving.GetLearningRate(12).Should().Be(0.75);
        halving.GetLearningRate(20).Should().Be(0.5);
        halving.GetLearningRate(28).Should().Be(0.375);

        var exp = new CyclicSchedule(0, 1, 2, mode: CyclicMode.ExpRange, gamma: 0.5);
        exp.GetLearningRate(0).Should().Be(0);
        exp.GetLearningRate(1).Should().Be(0.25);  // 1/2 of the way up, times 0.5^1
        exp.GetLearningRate(2).Should().Be(0.25);  // the top, times 0.5^2
        exp.GetLearningRate(3).Should().Be(0.0625);
        exp.GetLearningRate(4).Should().Be(0);
    }

    [Fact]
    public void StepsDown_defaults_to_StepsUp()
    {
        var s = new CyclicSchedule(0.1, 1, 5);
        s.StepsDown.Should().Be(5);
        s.Should().Be(new CyclicSchedule(0.1, 1, 5, 5));
    }

    [Fact]
    public void A_base_above_the_max_gives_an_inverted_triangle()
    {
        var s = new CyclicSchedule(1, 0.25, 3);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(3).Should().Be(0.25);
        for (long step = 0; step < 30; step++)
        {
            s.GetLearningRate(step).Should().BeInRange(0.25, 1);
        }
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var triangular = new CyclicSchedule(0.001, 0.01, 4, 6);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            Approx.Equal(triangular.GetLearningRate(step), Documented(0.001, 0.01, 4, 6, CyclicMode.Triangular, 1, step), rel: 1e-15);
        }

        // long.MaxValue = 10 * 922337203685477580 + 7: three steps into the fall.
        Approx.Equal(triangular.GetLearningRate(long.MaxValue), 0.001 + (0.009 * 3 / 6));

        var halving = new CyclicSchedule(0.001, 0.01, 4, mode: CyclicMode.Triangular2);
        var exp = new CyclicSchedule(0.001, 0.01, 4, mode: CyclicMode.ExpRange, gamma: 0.9);
        var expOne = new CyclicSchedule(0.001, 0.01, 4, mode: CyclicMode.ExpRange, gamma: 1);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            halving.GetLearningRate(step).Should().Be(0.001, "the amplitude has halved to nothing by step {0}", step);
            exp.GetLearningRate(step).Should().Be(0.001, "gamma^step is 0 by step {0}", step);
            expOne.GetLearningRate(step).Should().Be(new CyclicSchedule(0.001, 0.01, 4).GetLearningRate(step));
        }

        var widest = new CyclicSchedule(0, 1, MaxHalf, MaxHalf);
        widest.GetLearningRate(MaxHalf).Should().Be(1);
        widest.GetLearningRate(long.MaxValue - 1).Should().Be(0);
        widest.GetLearningRate(long.MaxValue).Should().Be(1.0 / MaxHalf);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (var mode in Enum.GetValues<CyclicMode>())
        {
            ScheduleChecks.AssertFiniteNonNegative(new CyclicSchedule(0.001, 0.01, 4, 6, mode, 0.99), 4, 10);
            ScheduleChecks.AssertFiniteNonNegative(new CyclicSchedule(double.MaxValue, 0, 1, 1, mode, double.Epsilon), 1, 2);
            ScheduleChecks.AssertFiniteNonNegative(new CyclicSchedule(0, double.MaxValue, MaxHalf, MaxHalf, mode, 1), MaxHalf, long.MaxValue - 1);
        }
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        foreach (var mode in Enum.GetValues<CyclicMode>())
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(new CyclicSchedule(0.001, 0.01, 4, 6, mode, 0.99), 4, 10, 20);
            ScheduleChecks.AssertEvaluateMatchesPointwise(new CyclicSchedule(0.001, 0.01, MaxHalf, 1, mode, 0.99), MaxHalf);
        }
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new CyclicSchedule(0.001, 0.01, 4), new CyclicSchedule(0.001, 0.01, 4, 4, CyclicMode.Triangular, 1));
        ScheduleChecks.AssertAllDistinct(
            new CyclicSchedule(0.001, 0.01, 4),
            new CyclicSchedule(0.002, 0.01, 4),
            new CyclicSchedule(0.001, 0.02, 4),
            new CyclicSchedule(0.001, 0.01, 5),
            new CyclicSchedule(0.001, 0.01, 4, 5),
            new CyclicSchedule(0.001, 0.01, 4, mode: CyclicMode.Triangular2),
            new CyclicSchedule(0.001, 0.01, 4, mode: CyclicMode.ExpRange),
            new CyclicSchedule(0.001, 0.01, 4, gamma: 0.5));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new CyclicSchedule(0.001, 0.1, 5, null, CyclicMode.ExpRange, 0.98).ToString()
            .Should().Be("cyclic(base_value: 0.001, max_value: 0.1, steps_up: 5, steps_down: 5, mode: exp_range, gamma: 0.98)");
    }
}
