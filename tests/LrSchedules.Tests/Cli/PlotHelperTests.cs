using FluentAssertions;
using LrSchedules.Cli;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>The pieces of <c>lrs plot</c> that decide what is drawn: downsampling, tick labels, legend labels.</summary>
public sealed class PlotHelperTests
{
    [Fact]
    public void Short_lines_keep_every_point()
    {
        var sampler = new LineSampler(10, 5, maskNonPositive: false);
        sampler.Add([5, 4, 3, 2, 1], 1, 0);

        var (xs, ys) = sampler.ToPoints();

        xs.Should().Equal(10, 11, 12, 13, 14);
        ys.Should().Equal(5, 4, 3, 2, 1);
    }

    [Fact]
    public void Long_lines_keep_each_runs_minimum_and_maximum_in_step_order()
    {
        const int steps = 1_000_000;
        var values = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            values[i] = 1 - (i / (double)steps);
        }

        values[123_456] = 5;   // a spike
        values[765_432] = -1;  // a dip
        var sampler = new LineSampler(0, steps, maskNonPositive: false);
        foreach (var chunk in values.Chunk(4096))
        {
            sampler.Add(chunk, 1, 0);
        }

        var (xs, ys) = sampler.ToPoints();

        xs.Length.Should().BeLessThanOrEqualTo(LineSampler.MaxPoints);
        xs.Should().BeInAscendingOrder();
        xs.Should().Contain(123_456);
        ys.Should().Contain(5).And.Contain(-1);
        xs[0].Should().Be(0);
        xs[^1].Should().Be(steps - 1);
        ys.Zip(xs).Should().OnlyContain(p => p.First == values[(int)p.Second]);
    }

    [Fact]
    public void Strided_values_feed_one_group()
    {
        var sampler = new LineSampler(0, 3, maskNonPositive: false);
        sampler.Add([1, 10, 2, 20, 3, 30], 2, 1);

        sampler.ToPoints().Ys.Should().Equal(10, 20, 30);
    }

    [Fact]
    public void Masking_for_a_log_axis_turns_zeros_into_gaps()
    {
        var sampler = new LineSampler(0, 4, maskNonPositive: true);
        sampler.Add([0, 0.1, 0, 0.2], 1, 0);

        sampler.DrawableCount.Should().Be(2);
        sampler.ToPoints().Ys.Select(double.IsNaN).Should().Equal(true, false, true, false);
    }

    [Fact]
    public void Masked_runs_of_a_long_line_become_one_gap_each()
    {
        var values = new double[10_000];
        values.AsSpan(5000).Fill(0.5);
        var sampler = new LineSampler(0, values.Length, maskNonPositive: true);
        sampler.Add(values, 1, 0);

        var (_, ys) = sampler.ToPoints();

        ys.Count(double.IsNaN).Should().Be(1000, "the first half's runs each leave one gap point");
        ys.Where(y => !double.IsNaN(y)).Should().AllBeEquivalentTo(0.5);
    }

    [Theory]
    [InlineData(0.30000000000000004, 1, "0.3")]
    [InlineData(0.1, 1, "0.1")]
    [InlineData(1.0000000000000002e-5, 1e-4, "1e-5")]
    [InlineData(2.5e-4, 1e-3, "2.5e-4")]
    [InlineData(1e-17, 0.1, "0")]
    [InlineData(0, 0.1, "0")]
    [InlineData(0.002, 0.01, "0.002")]
    [InlineData(2500, 10000, "2,500")]
    [InlineData(250000, 1e6, "250,000")]
    [InlineData(1.5e7, 1e7, "1.5e7")]
    [InlineData(-0.05, 0.2, "-0.05")]
    public void Tick_labels_are_short_and_free_of_rounding_noise(double value, double span, string expected)
    {
        TickLabels.Format(value, span).Should().Be(expected);
    }

    [Fact]
    public void Log_ticks_are_decades_when_the_range_spans_them_else_one_two_five()
    {
        TickLabels.LogMajorTicks(-5.2, -0.9).Should().Equal(-5, -4, -3, -2, -1);
        TickLabels.LogMajorTicks(-30, 0).Should().OnlyContain(t => t % 4 == 0).And.HaveCountLessThanOrEqualTo(8);
        TickLabels.LogMajorTicks(-2.1, -1.1).Select(t => Math.Round(Math.Pow(10, t), 6)).Should().Equal(0.01, 0.02, 0.05);
        TickLabels.LogMajorTicks(-1.35, -1.05).Select(t => Math.Round(Math.Pow(10, t), 6)).Should().Equal(0.05, 0.06, 0.07, 0.08);
    }

    [Fact]
    public void Labels_are_the_type_when_types_differ()
    {
        SpecLabels.For([Parse("""{"type":"cosine","initial_value":0.1,"decay_steps":10}"""), Parse("""{"type":"linear","initial_value":0.1,"final_value":0,"transition_steps":10}""")])
            .Should().Equal("cosine", "linear");
    }

    [Fact]
    public void Labels_of_one_type_add_the_values_that_vary_among_them()
    {
        SpecLabels.For(
        [
            Parse("""{"type":"warmup","warmup_steps":10,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":100}}"""),
            Parse("""{"type":"warmup","warmup_steps":10,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":200}}"""),
            Parse("""{"type":"warmup","warmup_steps":20,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":200}}"""),
        ]).Should().Equal("warmup/cosine warmup_steps=10, decay_steps=100", "warmup/cosine warmup_steps=10, decay_steps=200", "warmup/cosine warmup_steps=20, decay_steps=200");
    }

    [Fact]
    public void Identical_specs_are_numbered()
    {
        var cosine = Parse("""{"type":"cosine","initial_value":0.1,"decay_steps":10}""");

        SpecLabels.For([cosine, cosine, cosine]).Should().Equal("cosine", "cosine (2)", "cosine (3)");
    }

    private static ILearningRateSchedule Parse(string json) => ScheduleSpec.Parse(json);
}
