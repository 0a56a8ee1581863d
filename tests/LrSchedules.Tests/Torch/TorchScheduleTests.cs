using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="TorchSchedule"/> as an <see cref="ILearningRateSchedule"/>: group 0 of the replay, values that hold after a
/// finite history, equality by spec, and the JSON round trip.
/// </summary>
public sealed class TorchScheduleTests
{
    private const string MultiGroup = """{"type":"torch.CosineAnnealingLR","lr":[0.1,0.01,1.0],"args":{"T_max":7,"eta_min":0.001}}""";
    private const string OneCycle = """{"type":"torch.OneCycleLR","lr":[0.1,0.1],"momentum":0.9,"args":{"max_lr":[0.1,0.5],"total_steps":20}}""";
    private const string Plateau = """{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":0,"factor":0.5},"metrics":[1,1,1,0.5,1]}""";

    [Theory]
    [InlineData(MultiGroup)]
    [InlineData(OneCycle)]
    [InlineData(Plateau)]
    public void Get_learning_rate_is_group_0_of_evaluate_groups(string json)
    {
        var schedule = (TorchSchedule)ScheduleSpec.Parse(json);
        const int Steps = 40;
        var all = new double[Steps * schedule.GroupCount];
        schedule.EvaluateGroups(0, Steps, all, []);
        var span = new double[Steps];
        schedule.Evaluate(0, span);
        var floats = new float[Steps];
        schedule.Evaluate(0, floats);
        for (int k = 0; k < Steps; k++)
        {
            schedule.GetLearningRate(k).Should().Be(all[k * schedule.GroupCount], "step {0}", k);
            span[k].Should().Be(all[k * schedule.GroupCount]);
            floats[k].Should().Be((float)all[k * schedule.GroupCount]);
        }

        // A window starting later replays from step 0 and gives the same values.
        var window = new double[10 * schedule.GroupCount];
        schedule.EvaluateGroups(15, 10, window, []);
        window.Should().Equal(all.Skip(15 * schedule.GroupCount).Take(10 * schedule.GroupCount));
    }

    [Fact]
    public void Evaluate_groups_matches_driving_the_scheduler()
    {
        var schedule = (TorchSchedule)ScheduleSpec.Parse(OneCycle);
        schedule.GroupCount.Should().Be(2);
        schedule.HasMomentum.Should().BeTrue();
        // Steps 0..19 (total_steps = 20): the schedule follows the scheduler up to the end of the cycle.
        var lrs = new double[20 * 2];
        var momentums = new double[20 * 2];
        schedule.EvaluateGroups(0, 20, lrs, momentums);

        var scheduler = (OneCycleLR)schedule.CreateScheduler();
        for (int k = 0; k < 20; k++)
        {
            if (k > 0)
            {
                scheduler.Step();
            }

            for (int g = 0; g < 2; g++)
            {
                lrs[(k * 2) + g].Should().Be(scheduler.Groups.GetLearningRate(g));
                momentums[(k * 2) + g].Should().Be(scheduler.Groups.GetMomentum(g));
            }
        }
    }

    [Fact]
    public void Values_after_one_cycle_total_steps_hold()
    {
        // PyTorch extrapolates at step total_steps (20) and raises after it; the schedule keeps the end of the cycle (step 19).
        var schedule = ScheduleSpec.Parse(OneCycle);
        double atEnd = schedule.GetLearningRate(19);
        schedule.GetLearningRate(18).Should().NotBe(atEnd);
        foreach (long k in new long[] { 20, 21, 22, 100, 12345 })
        {
            schedule.GetLearningRate(k).Should().Be(atEnd, "step {0} is past total_steps", k);
        }

        var tail = new double[50];
        schedule.Evaluate(10, tail);
        tail.Skip(9).Should().AllSatisfy(v => v.Should().Be(atEnd));
    }

    [Fact]
    public void Values_after_the_last_metric_hold()
    {
        // metrics[k-1] is seen at step k: five metrics, so steps >= 5 keep the lr of step 5.
        var schedule = ScheduleSpec.Parse(Plateau);
        var values = new double[10];
        schedule.Evaluate(0, values);
        values.Should().Equal(0.1, 0.1, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125);
    }

    [Fact]
    public void Equality_is_by_spec()
    {
        var a = ScheduleSpec.Parse(MultiGroup);
        var b = ScheduleSpec.Parse("{ \"type\": \"torch.CosineAnnealingLR\", \"lr\": [0.1, 0.01, 1.0], \"args\": { \"T_max\": 7, \"eta_min\": 0.001 } }");
        var c = ScheduleSpec.Parse("""{"type":"torch.CosineAnnealingLR","lr":[0.1,0.01,1.0],"args":{"T_max":8,"eta_min":0.001}}""");
        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(c);

        // The plateau's metrics are part of the value, whether written in the spec or supplied by the caller.
        var p1 = ScheduleSpec.Parse(Plateau);
        var p2 = ScheduleSpec.Parse("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":0,"factor":0.5}}""", [1, 1, 1, 0.5, 1]);
        var p3 = ScheduleSpec.Parse("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":0,"factor":0.5}}""", [1, 1, 1, 0.5, 2]);
        p1.Should().Be(p2);
        p1.Should().NotBe(p3);
    }

    [Theory]
    [InlineData(MultiGroup)]
    [InlineData(OneCycle)]
    [InlineData(Plateau)]
    [InlineData("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0.1,"total_iters":5}},{"type":"torch.CosineAnnealingLR","args":{"T_max":20}}],"milestones":[5]}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.2,"args":{"T_0":1,"T_mult":3}}""")]
    public void To_json_and_parse_round_trip(string json)
    {
        var schedule = ScheduleSpec.Parse(json);
        string written = ScheduleSpec.ToJson(schedule);
        var again = ScheduleSpec.Parse(written);
        again.Should().Be(schedule);
        ScheduleSpec.ToJson(again).Should().Be(written);
        var v1 = new double[60];
        var v2 = new double[60];
        schedule.Evaluate(0, v1);
        again.Evaluate(0, v2);
        v2.Should().Equal(v1);
        ScheduleSpec.ToJson(schedule, indented: true).Should().Contain("\n");
    }

    [Fact]
    public void Exact_restart_of_warm_restarts_through_a_spec()
    {
        // Stepping never uses PyTorch's floor(log) search, so the spec gives the base lr at step 121 (a restart of T_0=1, T_mult=3).
        var schedule = ScheduleSpec.Parse("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.2,"args":{"T_0":1,"T_mult":3}}""");
        schedule.GetLearningRate(121).Should().Be(0.2);
        schedule.GetLearningRate(120).Should().BeLessThan(0.001);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var schedule = (TorchSchedule)ScheduleSpec.Parse(MultiGroup);
        FluentActions.Invoking(() => schedule.GetLearningRate(-1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => schedule.EvaluateGroups(0, 4, new double[11], [])).Should().Throw<ArgumentException>().WithParameterName("learningRates");
        FluentActions.Invoking(() => schedule.EvaluateGroups(0, 4, new double[12], new double[12])).Should().Throw<ArgumentException>().WithParameterName("momentums");
        FluentActions.Invoking(() => schedule.EvaluateGroups(-1, 4, new double[12], [])).Should().Throw<ArgumentOutOfRangeException>();
    }
}
