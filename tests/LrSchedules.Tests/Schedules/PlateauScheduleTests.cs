using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class PlateauScheduleTests
{
    private static readonly double[] Loss = [1, 0.9, 0.9, 0.9, 0.9, 0.8];

    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new PlateauSchedule(double.NaN, Loss), "initialValue")
        .OutOfRange("initialValue +inf", () => new PlateauSchedule(double.PositiveInfinity, Loss), "initialValue")
        .OutOfRange("initialValue negative", () => new PlateauSchedule(-0.1, Loss), "initialValue")
        .Null("metrics null", () => new PlateauSchedule(0.1, null!), "metrics")
        .OutOfRange("metric NaN", () => new PlateauSchedule(0.1, [1, double.NaN]), "metrics")
        .OutOfRange("metric +inf", () => new PlateauSchedule(0.1, [double.PositiveInfinity]), "metrics")
        .OutOfRange("metric -inf", () => new PlateauSchedule(0.1, [0.5, 0.4, double.NegativeInfinity]), "metrics")
        .Invalid("mode undefined", () => new PlateauSchedule(0.1, Loss, (PlateauMode)2), "mode")
        .OutOfRange("factor 1", () => new PlateauSchedule(0.1, Loss, factor: 1), "factor")
        .OutOfRange("factor above 1", () => new PlateauSchedule(0.1, Loss, factor: 2), "factor")
        .OutOfRange("factor negative", () => new PlateauSchedule(0.1, Loss, factor: -0.1), "factor")
        .OutOfRange("factor NaN", () => new PlateauSchedule(0.1, Loss, factor: double.NaN), "factor")
        .OutOfRange("patience -1", () => new PlateauSchedule(0.1, Loss, patience: -1), "patience")
        .OutOfRange("threshold negative", () => new PlateauSchedule(0.1, Loss, threshold: -1e-4), "threshold")
        .OutOfRange("threshold NaN", () => new PlateauSchedule(0.1, Loss, threshold: double.NaN), "threshold")
        .OutOfRange("threshold +inf", () => new PlateauSchedule(0.1, Loss, threshold: double.PositiveInfinity), "threshold")
        .Invalid("thresholdMode undefined", () => new PlateauSchedule(0.1, Loss, thresholdMode: (ThresholdMode)2), "thresholdMode")
        .OutOfRange("cooldown -1", () => new PlateauSchedule(0.1, Loss, cooldown: -1), "cooldown")
        .OutOfRange("minValue negative", () => new PlateauSchedule(0.1, Loss, minValue: -1e-6), "minValue")
        .OutOfRange("minValue NaN", () => new PlateauSchedule(0.1, Loss, minValue: double.NaN), "minValue")
        .OutOfRange("eps negative", () => new PlateauSchedule(0.1, Loss, eps: -1e-8), "eps")
        .OutOfRange("eps NaN", () => new PlateauSchedule(0.1, Loss, eps: double.NaN), "eps")
        .StepArguments(() => new PlateauSchedule(0.1, Loss));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>PyTorch <c>ReduceLROnPlateau.step</c>, transcribed: the lr in effect at step k has seen metrics[0..k-1].</summary>
    private static double[] Torch(double lr, double[] metrics, PlateauMode mode, double factor, long patience, double threshold, ThresholdMode thresholdMode, long cooldown, double minLr, double eps)
    {
        double best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        long numBadEpochs = 0, cooldownCounter = 0;
        var result = new List<double> { lr };
        foreach (double current in metrics)
        {
            bool better = (mode, thresholdMode) switch
            {
                (PlateauMode.Min, ThresholdMode.Rel) => current < best * (1.0 - threshold),
                (PlateauMode.Min, ThresholdMode.Abs) => current < best - threshold,
                (PlateauMode.Max, ThresholdMode.Rel) => current > best * (threshold + 1.0),
                _ => current > best + threshold,
            };
            if (better)
            {
                best = current;
                numBadEpochs = 0;
            }
            else
            {
                numBadEpochs += 1;
            }

            if (cooldownCounter > 0)
            {
                cooldownCounter -= 1;
                numBadEpochs = 0;
            }

            if (numBadEpochs > patience)
            {
                double newLr = Math.Max(lr * factor, minLr);
                if (lr - newLr > eps)
                {
                    lr = newLr;
                }

                cooldownCounter = cooldown;
                numBadEpochs = 0;
            }

            result.Add(lr);
        }

        return [.. result];
    }

    [Fact]
    public void Reduces_after_more_than_patience_bad_steps()
    {
        var s = new PlateauSchedule(0.1, [1, 1, 1, 1, 1, 1, 1, 1], factor: 0.5, patience: 2);
        s.Values.Should().Equal(0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025);
        s.GetLearningRate(0).Should().Be(0.1, "step 0 has seen no metric");
        s.GetLearningRate(4).Should().Be(0.05, "step 4 has seen metrics 0..3: the third bad one exceeds patience 2");
    }

    [Fact]
    public void Patience_zero_reduces_on_every_bad_step()
    {
        var s = new PlateauSchedule(1, [1, 2, 3, 0.5, 0.6], factor: 0.5, patience: 0);
        s.Values.Should().Equal(1, 1, 0.5, 0.25, 0.25, 0.125);
    }

    [Fact]
    public void Cooldown_ignores_bad_steps_after_a_reduction()
    {
        var s = new PlateauSchedule(0.1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], factor: 0.5, patience: 2, cooldown: 2);
        s.Values.Should().Equal(0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025);
    }

    [Fact]
    public void The_minimum_value_bounds_the_reduction()
    {
        var s = new PlateauSchedule(0.1, [1, 1, 1, 1, 1], factor: 0.1, patience: 0, minValue: 0.05);
        s.Values.Should().Equal(0.1, 0.1, 0.05, 0.05, 0.05, 0.05);

        var zero = new PlateauSchedule(0.1, [1, 1, 1], factor: 0, patience: 0);
        zero.Values.Should().Equal(0.1, 0.1, 0, 0);
    }

    [Fact]
    public void A_change_not_above_eps_is_not_applied()
    {
        var s = new PlateauSchedule(1e-8, [1, 1, 1, 1], factor: 0.5, patience: 0);
        s.Values.Should().OnlyContain(v => v == 1e-8, "halving 1e-8 changes it by 5e-9, not more than eps 1e-8");

        var exact = new PlateauSchedule(1e-8, [1, 1, 1], factor: 0.5, patience: 0, eps: 0);
        exact.Values.Should().Equal(1e-8, 1e-8, 5e-9, 2.5e-9);

        // lr - reduced == eps exactly is not "more than eps".
        new PlateauSchedule(1, [1, 1], factor: 0.5, patience: 0, eps: 0.5).Values.Should().Equal(1, 1, 1);
    }

    [Fact]
    public void Relative_and_absolute_thresholds_for_min()
    {
        // best 1.0; rel 0.1 needs < 0.9; abs 0.1 needs < 0.9; 0.95 is not an improvement for either.
        double[] metrics = [1, 0.95, 0.95, 0.85, 0.85];
        new PlateauSchedule(1, metrics, factor: 0.5, patience: 1, threshold: 0.1).Values.Should().Equal(1, 1, 1, 0.5, 0.5, 0.5);
        new PlateauSchedule(1, metrics, factor: 0.5, patience: 1, threshold: 0.1, thresholdMode: ThresholdMode.Abs).Values.Should().Equal(1, 1, 1, 0.5, 0.5, 0.5);

        // Where they differ: best 10, rel 0.1 needs < 9, abs 0.1 needs < 9.9.
        double[] large = [10, 9.5, 9.5];
        new PlateauSchedule(1, large, factor: 0.5, patience: 1, threshold: 0.1).Values.Should().Equal(1, 1, 1, 0.5);
        new PlateauSchedule(1, large, factor: 0.5, patience: 1, threshold: 0.1, thresholdMode: ThresholdMode.Abs).Values.Should().Equal(1, 1, 1, 1);
    }

    [Fact]
    public void A_metric_exactly_at_the_threshold_is_not_an_improvement_in_any_mode()
    {
        // PyTorch compares strictly: best 1, and the second metric lands exactly on the threshold (all values exact in
        // binary), so it is a bad epoch and patience 0 reduces at once; a metric one step past it is an improvement.
        new PlateauSchedule(1, [1, 0.5], factor: 0.5, patience: 0, threshold: 0.5).Values.Should().Equal(1, 1, 0.5);
        new PlateauSchedule(1, [1, 0.5], factor: 0.5, patience: 0, threshold: 0.5, thresholdMode: ThresholdMode.Abs).Values.Should().Equal(1, 1, 0.5);
        new PlateauSchedule(1, [1, 2], PlateauMode.Max, factor: 0.5, patience: 0, threshold: 1).Values.Should().Equal(1, 1, 0.5);
        new PlateauSchedule(1, [1, 1.5], PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.5, thresholdMode: ThresholdMode.Abs).Values.Should().Equal(1, 1, 0.5);
        new PlateauSchedule(1, [1, 0.25], factor: 0.5, patience: 0, threshold: 0.5).Values.Should().Equal(1, 1, 1);
        new PlateauSchedule(1, [1, 0.25], factor: 0.5, patience: 0, threshold: 0.5, thresholdMode: ThresholdMode.Abs).Values.Should().Equal(1, 1, 1);
        new PlateauSchedule(1, [1, 2.5], PlateauMode.Max, factor: 0.5, patience: 0, threshold: 1).Values.Should().Equal(1, 1, 1);
        new PlateauSchedule(1, [1, 2], PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.5, thresholdMode: ThresholdMode.Abs).Values.Should().Equal(1, 1, 1);
    }

    [Fact]
    public void Max_mode_wants_the_metric_to_rise()
    {
        double[] accuracy = [0.5, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7];
        new PlateauSchedule(1, accuracy, PlateauMode.Max, 0.5, 1).Values.Should().Equal(1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25);
        new PlateauSchedule(1, accuracy, PlateauMode.Max, 0.5, 1, 0.05, ThresholdMode.Abs).Values.Should().Equal(1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25);

        // best 0.5; abs 0.15 needs > 0.65: 0.6 is not better, 0.7 is.
        new PlateauSchedule(1, [0.5, 0.6, 0.7, 0.7], PlateauMode.Max, 0.5, 0, 0.15, ThresholdMode.Abs).Values.Should().Equal(1, 1, 0.5, 0.5, 0.25);
    }

    public static TheoryData<PlateauMode, ThresholdMode, long, long, double, double> SimulationCases => new()
    {
        { PlateauMode.Min, ThresholdMode.Rel, 2, 0, 0, 1e-8 },
        { PlateauMode.Min, ThresholdMode.Rel, 3, 2, 1e-3, 1e-8 },
        { PlateauMode.Min, ThresholdMode.Abs, 1, 1, 0, 0 },
        { PlateauMode.Max, ThresholdMode.Rel, 2, 3, 1e-4, 1e-8 },
        { PlateauMode.Max, ThresholdMode.Abs, 0, 0, 1e-2, 1e-6 },
        { PlateauMode.Min, ThresholdMode.Rel, 0, 5, 0, 1e-8 },
    };

    [Theory]
    [MemberData(nameof(SimulationCases))]
    public void Matches_a_transcription_of_PyTorch_on_a_noisy_history(PlateauMode mode, ThresholdMode thresholdMode, long patience, long cooldown, double minValue, double eps)
    {
        var random = new Random(12345);
        double[] metrics = new double[300];
        double level = 2;
        for (int i = 0; i < metrics.Length; i++)
        {
            level *= 0.995;
            double m = level + (0.2 * (random.NextDouble() - 0.5));
            metrics[i] = mode == PlateauMode.Min ? m : -m;
        }

        var s = new PlateauSchedule(0.1, metrics, mode, 0.5, patience, 0.01, thresholdMode, cooldown, minValue, eps);
        double[] expected = Torch(0.1, metrics, mode, 0.5, patience, 0.01, thresholdMode, cooldown, minValue, eps);
        s.Values.Should().Equal(expected);
        expected.Distinct().Count().Should().BeGreaterThan(2, "the history should trigger several reductions");
        for (int k = 0; k < expected.Length; k++)
        {
            s.GetLearningRate(k).Should().Be(expected[k]);
        }
    }

    [Fact]
    public void Negative_metrics_with_a_relative_threshold_follow_PyTorch()
    {
        // best * (1 - threshold) moves towards 0 for a negative best, as in PyTorch.
        var s = new PlateauSchedule(1, [-1, -0.99995, -0.99995], factor: 0.5, patience: 0, threshold: 1e-4);
        s.Values.Should().Equal(Torch(1, [-1, -0.99995, -0.99995], PlateauMode.Min, 0.5, 0, 1e-4, ThresholdMode.Rel, 0, 0, 1e-8));
    }

    [Fact]
    public void Past_the_metrics_the_last_value_holds()
    {
        var s = new PlateauSchedule(0.1, [1, 1, 1, 1], factor: 0.5, patience: 2);
        s.Values.Should().HaveCount(5);
        foreach (long step in ScheduleChecks.FarSteps.Append(4).Append(5).Append(1000))
        {
            s.GetLearningRate(step).Should().Be(0.05);
        }

        var empty = new PlateauSchedule(0.3, []);
        empty.Values.Should().Equal(0.3);
        foreach (long step in ScheduleChecks.SweepSteps())
        {
            empty.GetLearningRate(step).Should().Be(0.3);
        }
    }

    [Fact]
    public void The_metrics_are_copied()
    {
        double[] metrics = [1, 1, 1, 1];
        var s = new PlateauSchedule(0.1, metrics, factor: 0.5, patience: 2);
        metrics[3] = 0;
        s.Metrics.Should().Equal(1, 1, 1, 1);
        s.GetLearningRate(4).Should().Be(0.05);
    }

    [Fact]
    public void Spec_metrics_come_from_the_spec_or_from_outside()
    {
        const string WithMetrics = """{"type":"plateau","initial_value":0.1,"metrics":[1,1,1,1],"factor":0.5,"patience":2}""";
        const string Without = """{"type":"plateau","initial_value":0.1,"factor":0.5,"patience":2}""";
        var expected = new PlateauSchedule(0.1, [1, 1, 1, 1], factor: 0.5, patience: 2);
        ScheduleSpec.Parse(WithMetrics).Should().Be(expected);
        ScheduleSpec.Parse(WithMetrics, [5.0]).Should().Be(expected, "the spec's own metrics win");
        ScheduleSpec.Parse(Without, [1.0, 1, 1, 1]).Should().Be(expected);
        FluentActions.Invoking(() => ScheduleSpec.Parse(Without)).Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.metrics");
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"plateau","initial_value":0.1,"metrics":[1,"x"]}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.metrics[1]");
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new PlateauSchedule(0.1, Loss, factor: 0.5, patience: 0), 6);
        ScheduleChecks.AssertFiniteNonNegative(new PlateauSchedule(double.MaxValue, [double.MaxValue, double.MaxValue, -double.MaxValue, double.MaxValue], PlateauMode.Max, 0, 0, double.MaxValue), 4);
        ScheduleChecks.AssertFiniteNonNegative(new PlateauSchedule(double.Epsilon, Enumerable.Repeat(1.0, 50), factor: Math.BitDecrement(1.0), patience: 0, eps: 0), 50);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PlateauSchedule(0.1, Loss, factor: 0.5, patience: 1), 6);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PlateauSchedule(0.1, Enumerable.Repeat(1.0, 100), factor: 0.9, patience: 3), 50, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PlateauSchedule(0.1, []), 0);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(
            new PlateauSchedule(0.1, [1.0, 0.9]),
            new PlateauSchedule(0.1, new List<double> { 1.0, 0.9 }, PlateauMode.Min, 0.1, 10, 1e-4, ThresholdMode.Rel, 0, 0, 1e-8));
        ScheduleChecks.AssertAllDistinct(
            new PlateauSchedule(0.1, [1.0, 0.9]),
            new PlateauSchedule(0.2, [1.0, 0.9]),
            new PlateauSchedule(0.1, [1.0, 0.8]),
            new PlateauSchedule(0.1, [1.0]),
            new PlateauSchedule(0.1, [1.0, 0.9], PlateauMode.Max),
            new PlateauSchedule(0.1, [1.0, 0.9], factor: 0.5),
            new PlateauSchedule(0.1, [1.0, 0.9], patience: 3),
            new PlateauSchedule(0.1, [1.0, 0.9], threshold: 0.1),
            new PlateauSchedule(0.1, [1.0, 0.9], thresholdMode: ThresholdMode.Abs),
            new PlateauSchedule(0.1, [1.0, 0.9], cooldown: 1),
            new PlateauSchedule(0.1, [1.0, 0.9], minValue: 0.01),
            new PlateauSchedule(0.1, [1.0, 0.9], eps: 0));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new PlateauSchedule(0.1, [1, 0.9, 0.25], PlateauMode.Max, 0.5, 2, 1e-4, ThresholdMode.Abs, 1, 1e-3, 0).ToString()
            .Should().Be("plateau(initial_value: 0.1, metrics: [1, 0.9, 0.25], mode: max, factor: 0.5, patience: 2, threshold: 0.0001, threshold_mode: abs, cooldown: 1, min_value: 0.001, eps: 0)");
    }
}
