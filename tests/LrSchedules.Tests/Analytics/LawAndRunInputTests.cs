using FluentAssertions;
using LrSchedules.Analytics;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Analytics;

/// <summary>Law documents, CSV runs, constructor ranges, analysis and optimizer arguments.</summary>
public sealed class LawAndRunInputTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("mpl l0 < 0", () => new MultiPowerLaw(-1, 1, 1, 1, 1, 1, 1), "l0")
        .OutOfRange("mpl alpha 0", () => new MultiPowerLaw(1, 1, 0, 1, 1, 1, 1), "alpha")
        .OutOfRange("mpl C NaN", () => new MultiPowerLaw(1, 1, 1, 1, double.NaN, 1, 1), "c")
        .OutOfRange("mpl beta inf", () => new MultiPowerLaw(1, 1, 1, 1, 1, double.PositiveInfinity, 1), "beta")
        .OutOfRange("mpl gamma < 0", () => new MultiPowerLaw(1, 1, 1, 1, 1, 1, -0.1), "gamma")
        .OutOfRange("annealing lambda 1", () => new AnnealingLaw(1, 1, 1, 1, 1), "lambda")
        .OutOfRange("annealing C < 0", () => new AnnealingLaw(1, 1, 1, -1), "c")
        .Invalid("run without points", () => new LossRun(new ConstantSchedule(1), [], []), "steps")
        .Invalid("run counts differ", () => new LossRun(new ConstantSchedule(1), [1, 2], [3]), "losses")
        .Invalid("run steps not increasing", () => new LossRun(new ConstantSchedule(1), [2, 2], [3, 3]), "steps")
        .OutOfRange("run step past horizon", () => new LossRun(new ConstantSchedule(1), [5, 10], [3, 3], horizon: 10), "steps")
        .OutOfRange("run loss 0", () => new LossRun(new ConstantSchedule(1), [5], [0]), "losses")
        .OutOfRange("run loss NaN", () => new LossRun(new ConstantSchedule(1), [5], [double.NaN]), "losses")
        .Null("run schedule null", () => new LossRun(null!, [5], [1]), "schedule")
        .Invalid("predict steps not increasing", () => LossCurves.Authors.Predict(new ConstantSchedule(1e-3), [5, 4]), "steps")
        .OutOfRange("predict step negative", () => LossCurves.Authors.Predict(new ConstantSchedule(1e-3), [-1]), "steps")
        .Invalid("predict destination length", () => Run(() => LossCurves.Authors.Predict(new ConstantSchedule(1e-3), [1], new double[2])), "destination")
        .OutOfRange("analyze steps 0", () => ScheduleAnalysis.Analyze(new ConstantSchedule(1), 0), "steps")
        .OutOfRange("analyze lambda 1", () => ScheduleAnalysis.Analyze(new ConstantSchedule(1), 5, 1), "annealingDecay")
        .OutOfRange("optimize steps 1", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 1, 0, 1e-3, 1e-6), "steps")
        .OutOfRange("optimize warmup 1", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 100, 1, 1e-3, 1e-6), "warmupSteps")
        .OutOfRange("optimize warmup = steps", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 100, 100, 1e-3, 1e-6), "warmupSteps")
        .OutOfRange("optimize peak 0", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 100, 10, 0, 1e-6), "peak")
        .OutOfRange("optimize floor 0", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 100, 10, 1e-3, 0), "floor")
        .OutOfRange("optimize floor > peak", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 100, 10, 1e-3, 2e-3), "floor")
        .OutOfRange("optimize knots 0", () => ScheduleOptimizer.Optimize(LossCurves.Authors, 100, 10, 1e-3, 1e-6, 0), "knots");

    public static TheoryData<string> RejectionNames => Rejections.Names;

    private static object? Run(Action action)
    {
        action();
        return null;
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Invalid_arguments_are_rejected_naming_the_parameter(string name) => Rejections.Verify(name);

    [Fact]
    public void Law_json_round_trips_and_ignores_the_fit_field()
    {
        LossLaw[] laws = [LossCurves.Authors, new AnnealingLaw(3, 0.5, 0.5, 0.4, 0.999)];
        foreach (var law in laws)
        {
            LossLaw.Parse(law.ToJson()).Should().Be(law);
            law.ToString().Should().Be(law.ToJson());
        }

        LossLaw.Parse("""{"law": "annealing", "L0": 3, "A": 0.5, "alpha": 0.5, "C": 0.4, "lambda": 0.999, "fit": {"r2": 0.99}}""")
            .Should().Be(new AnnealingLaw(3, 0.5, 0.5, 0.4, 0.999));
        LossCurves.Authors.ToJson().Should().Be("""{"law":"mpl","L0":3.04045406,"A":0.52468604,"alpha":0.50786857,"B":363.78751622,"C":2.06560812,"beta":0.58279013,"gamma":0.64142257}""");
        LossLaw.Create(LossLawKind.MultiPower, LossCurves.Authors.GetParameters()).Should().Be(LossCurves.Authors);
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"L0\": 3}", "field \"law\" is missing")]
    [InlineData("{\"law\": \"chinchilla\"}", "must be \"mpl\" or \"annealing\"; got \"chinchilla\"")]
    [InlineData("{\"law\": \"annealing\", \"L0\": 3, \"A\": 0.5, \"alpha\": 0.5, \"C\": 0.4}", "field \"lambda\" is missing")]
    [InlineData("{\"law\": \"annealing\", \"L0\": 3, \"A\": 0.5, \"alpha\": \"x\", \"C\": 0.4, \"lambda\": 0.9}", "field \"alpha\" must be a finite number; got \"x\"")]
    [InlineData("{\"law\": \"annealing\", \"L0\": 3, \"A\": 0.5, \"alpha\": 1e999, \"C\": 0.4, \"lambda\": 0.9}", "field \"alpha\" must be a finite number")]
    [InlineData("{\"law\": \"annealing\", \"L0\": 3, \"A\": 0.5, \"alpha\": 0.5, \"C\": 0.4, \"lambda\": 1.5}", "field \"lambda\" must be a number in [0, 1); got 1.5")]
    [InlineData("{\"law\": \"annealing\", \"L0\": 3, \"A\": -0.5, \"alpha\": 0.5, \"C\": 0.4, \"lambda\": 0.9}", "field \"A\" must be a finite number in [0,")]
    [InlineData("{\"law\": \"annealing\", \"L0\": 3, \"A\": 0.5, \"alpah\": 0.5, \"C\": 0.4, \"lambda\": 0.9}", "unknown field \"alpah\"")]
    [InlineData("{\"law\": \"mpl\"", "not valid JSON")]
    public void Bad_law_documents_name_the_field(string json, string message)
    {
        var parse = () => LossLaw.Parse(json);

        parse.Should().Throw<FormatException>().Which.Message.Should().StartWith("law: ").And.Contain(message);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("\n\n", "is empty")]
    [InlineData("step,lr,loss\n", "has a header but no data rows")]
    [InlineData("step,lr\n1,0.1\n", "line 1: the header must name the columns step and loss")]
    [InlineData("step,loss\n1,3.5\n2,NaN\n", "line 3: loss must be a finite number in (0, +inf); got \"NaN\"")]
    [InlineData("step,loss\n1,-3.5\n", "line 2: loss must be a finite number")]
    [InlineData("step,loss\n1,0\n", "line 2: loss must be a finite number")]
    [InlineData("step,loss\n5,3.5\n5,3.4\n", "line 3: steps must be strictly increasing; step 5 follows step 5")]
    [InlineData("step,loss\n5,3.5\n4,3.4\n", "line 3: steps must be strictly increasing")]
    [InlineData("step,loss\n-1,3.5\n", "line 2: step must be an integer")]
    [InlineData("step,loss\n1.5,3.5\n", "line 2: step must be an integer")]
    [InlineData("step,loss\n5,3.5\n100,3.4\n", "line 3: step 100 is outside the run's horizon of 100 steps")]
    [InlineData("step,loss\n5,3.5,7\n", "line 2: expected 2 comma-separated fields")]
    public void Bad_csv_names_the_line(string csv, string message)
    {
        var parse = () => LossRun.ParseCsv(new ConstantSchedule(1e-3), csv, "x.csv", horizon: 100);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Csv_takes_step_and_loss_by_name_and_skips_blank_lines()
    {
        var run = LossRun.ParseCsv(new ConstantSchedule(1e-3), "\uFEFFloss,other, step\r\n3.5,x,10\r\n\r\n3.25,y,20\r\n", "r");

        run.Steps.Should().Equal(10, 20);
        run.Losses.Should().Equal(3.5, 3.25);
        run.Name.Should().Be("r");
        run.Horizon.Should().Be(long.MaxValue);
    }

    [Fact]
    public void Analysis_matches_direct_sums_and_reports_phases()
    {
        var schedule = new WarmupSchedule(new CosineSchedule(3e-4, 9_000, 3e-5), 1_000);
        const int n = 20_000;
        var rates = new double[n];
        schedule.Evaluate(0, rates);
        double s2 = 0, m = 0;
        for (int i = 1; i < n; i++)
        {
            m = (0.99 * m) + (rates[i - 1] - rates[i]);
            s2 += m;
        }

        var a = ScheduleAnalysis.Analyze(schedule, n, 0.99);

        Approx.Equal(a.ForwardArea, rates.Sum(), rel: 1e-12);
        Approx.Equal(a.AnnealingArea, s2, rel: 1e-10);
        a.Peak.Should().Be(rates.Max());
        a.PeakStep.Should().Be(Array.IndexOf(rates, rates.Max()));
        a.Minimum.Should().Be(rates.Min());
        a.Final.Should().Be(rates[^1]);
        Approx.Equal(a.Mean, rates.Sum() / n, rel: 1e-12);
        a.Phases.Should().Equal(new PhaseSpan(0, 1_000), new PhaseSpan(1_000, 19_000));
        ScheduleAnalysis.Analyze(new ConstantSchedule(0.1), 1).Phases.Should().Equal(new PhaseSpan(0, 1));
    }

    [Fact]
    public void Annealing_area_of_analysis_equals_the_law_closed_form()
    {
        var run = LossCurves.Run("wsd_20000_24000");
        var a = ScheduleAnalysis.Analyze(run.Schedule, 24_000, AnnealingLaw.DefaultLambda);
        var law = new AnnealingLaw(0, 1, 1, 1, AnnealingLaw.DefaultLambda);

        // L = 0 + 1 * S1^-1 - 1 * S2 at step N - 1: the law sees the same two areas.
        Approx.Equal(law.Predict(run.Schedule, 23_999), (1 / a.ForwardArea) - a.AnnealingArea, rel: 1e-9);
    }

    [Fact]
    public void Optimizer_under_the_annealing_law_beats_wsd_and_keeps_the_constraints()
    {
        var law = new AnnealingLaw(3.0, 0.5, 0.5, 0.4, 0.999);
        var wsd = LossCurves.Run("wsd_20000_24000").Schedule;

        var result = ScheduleOptimizer.Optimize(law, 24_000, 2_160, 3e-4, 3e-6);
        var rates = new double[24_000];
        result.Schedule.Evaluate(0, rates);

        result.PredictedFinalLoss.Should().BeLessThan(law.Predict(wsd, 23_999));
        rates.Skip(2_160).Should().OnlyContain(r => r >= 3e-6 && r <= 3e-4);
        rates.Skip(2_160).Zip(rates.Skip(2_159), (r, previous) => r <= previous).Should().AllBeEquivalentTo(true);
        rates[2_159].Should().Be(3e-4);
    }

    [Fact]
    public void Optimizer_without_warmup_starts_at_most_at_the_peak()
    {
        var result = ScheduleOptimizer.Optimize(new AnnealingLaw(3.0, 0.5, 0.5, 0.4, 0.99), 3_000, 0, 1e-3, 1e-5, knots: 16);

        result.Schedule.GetLearningRate(0).Should().BeLessThanOrEqualTo(1e-3);
        result.Schedule.GetLearningRate(2_999).Should().BeGreaterThanOrEqualTo(1e-5);
        result.Steps.Should().Be(3_000);
    }
}
