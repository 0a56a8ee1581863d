using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Specs.Compat;

/// <summary>
/// <c>big_vision.*</c> and <c>composer.*</c>: arguments read verbatim, bad values rejected with the field path and the
/// reason, and the conventions the golden sequences do not show (past the end of training, construction-time values).
/// </summary>
public class BigVisionComposerSpecTests
{
    private static ILearningRateSchedule BigVision(string args, double lr = 0.1)
        => ScheduleSpec.Parse("{\"type\": \"big_vision.create_learning_rate_schedule\", \"lr\": " + lr.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", \"args\": " + args + "}");

    private static ILearningRateSchedule Composer(string type, string args, double lr = 0.1)
        => ScheduleSpec.Parse("{\"type\": \"composer." + type + "\", \"lr\": " + lr.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", \"args\": " + args + "}");

    public static TheoryData<string, string, string> BigVisionRejections => new()
    {
        { """{"decay_type": "cosine"}""", "$.args.total_steps", "missing required field" },
        { """{"total_steps": 100, "decay_type": "constant"}""", "$.args.decay_type", "\"stair\", \"linear\", \"polynomial\", \"cosine\", \"rsqrt\"" },
        { """{"total_steps": 100, "warmup_steps": 100}""", "$.args.warmup_steps", "shorter than total_steps" },
        { """{"total_steps": 100, "warmup_steps": 10, "warmup_percent": 0.1}""", "$.args.warmup_percent", "only one of warmup_steps, warmup_percent" },
        { """{"total_steps": 100, "warmup_percent": 1.5}""", "$.args.warmup_percent", "[0, 1]" },
        { """{"total_steps": 100, "warmup_examples": 1000}""", "$.args.warmup_examples", "needs batch_size" },
        { """{"total_steps": 100, "cooldown_epochs": 1, "batch_size": 10}""", "$.args.cooldown_epochs", "needs batch_size and data_size" },
        { """{"total_steps": 100, "decay_type": "rsqrt", "timescale": 0}""", "$.args.timescale", "got 0." },
        { """{"total_steps": 100, "decay_type": "rsqrt", "shift": -1}""", "$.args.shift", "[0, " },
        { """{"total_steps": 100, "steps": [50, 20], "mults": [0.1, 0.01]}""", "$.args.steps[1]", "non-decreasing" },
        { """{"total_steps": 100, "steps": [50, 70], "mults": [0.1]}""", "$.args.mults", "an entry for each of the 2 steps" },
        { """{"total_steps": 100, "steps": [50], "mults": [-0.1]}""", "$.args.mults[0]", "[0, +inf)" },
        { """{"total_steps": 100, "decay_type": "linear", "power": -1}""", "$.args.power", "[0, " },
        { """{"total_steps": 100, "scale_with_batchsize": true}""", "$.args.batch_size", "scale_with_batchsize" },
        { """{"total_steps": 100, "warmup_step": 10}""", "$.args.warmup_step", "unknown field" },
    };

    [Theory]
    [MemberData(nameof(BigVisionRejections))]
    public void Big_vision_rejects_bad_arguments_naming_the_field(string args, string path, string reason)
    {
        var ex = FluentActions.Invoking(() => BigVision(args)).Should().Throw<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path);
        ex.Message.Should().Contain(reason);
    }

    [Fact]
    public void Big_vision_cooldown_is_zero_from_total_steps_on_instead_of_negative()
    {
        var s = BigVision("""{"total_steps": 100, "decay_type": "stair", "cooldown_steps": 20}""");
        s.GetLearningRate(90).Should().BeApproximately(0.05, 1e-15);
        s.GetLearningRate(100).Should().Be(0);
        s.GetLearningRate(150).Should().Be(0);
        s.Should().BeOfType<ProductSchedule>();
    }

    [Fact]
    public void Big_vision_negative_durations_count_as_absent_and_percent_rounds_half_to_even()
    {
        // warmup_steps = -1 is ignored (big_vision's steps() skips negative values); 0.125 * 100 = 12.5 rounds to 12.
        var s = BigVision("""{"total_steps": 100, "decay_type": "cosine", "warmup_steps": -1, "warmup_percent": 0.125}""");
        s.GetLearningRate(6).Should().BeApproximately(0.05, 1e-15);
        s.GetLearningRate(12).Should().Be(0.1);
    }

    public static TheoryData<string, string, string, string> ComposerRejections => new()
    {
        { "CosineAnnealingScheduler", """{"alpha_f": 0.1}""", "$.args.max_duration", "missing required field" },
        { "CosineAnnealingScheduler", """{"max_duration": "100sp"}""", "$.args.max_duration", "\"sp\" is not supported" },
        { "CosineAnnealingScheduler", """{"max_duration": "0.5dur"}""", "$.args.max_duration", "ba or ep" },
        { "CosineAnnealingScheduler", """{"max_duration": "5ep"}""", "$.args.max_duration", "dataloader_len" },
        { "CosineAnnealingScheduler", """{"t_max": "1.5ba", "max_duration": "100ba"}""", "$.args.t_max", "integer number of batches" },
        { "CosineAnnealingScheduler", """{"t_max": "100", "max_duration": "100ba"}""", "$.args.t_max", "time string" },
        { "CosineAnnealingScheduler", """{"t_max": "-5ba", "max_duration": "100ba"}""", "$.args.t_max", "negative" },
        { "CosineAnnealingScheduler", """{"t_max": "0ba", "max_duration": "100ba"}""", "$.args.t_max", "converts to 0 batches" },
        { "CosineAnnealingScheduler", """{"t_max": "2ep", "max_duration": "100ba"}""", "$.args.dataloader_len", "dataloader_len" },
        { "CosineAnnealingScheduler", """{"alpha_f": -0.1, "max_duration": "100ba"}""", "$.args.alpha_f", "[0, " },
        { "CosineAnnealingScheduler", """{"max_duration": "100ba", "scale_schedule_ratio": 0}""", "$.args.scale_schedule_ratio", "got 0." },
        { "CosineAnnealingScheduler", """{"max_duration": "2ba", "scale_schedule_ratio": 0.1}""", "$.args.scale_schedule_ratio", "max_duration to 0" },
        { "CosineAnnealingScheduler", """{"max_duration": "100ba", "dataloader_len": 0}""", "$.args.dataloader_len", "[1, " },
        { "StepScheduler", """{"max_duration": "100ba"}""", "$.args.step_size", "missing required field" },
        { "StepScheduler", """{"step_size": "10ba", "gamma": 1.5, "max_duration": "100ba"}""", "$.args.gamma", "[0, 1]" },
        { "MultiStepScheduler", """{"milestones": "10ba", "max_duration": "100ba"}""", "$.args.milestones", "JSON array" },
        { "MultiStepScheduler", """{"milestones": ["10ba", 20], "max_duration": "100ba"}""", "$.args.milestones[1]", "time string" },
        { "ExponentialScheduler", """{"decay_period": "10ba", "max_duration": "100ba"}""", "$.args.gamma", "missing required field" },
        { "PolynomialScheduler", """{"power": -1, "max_duration": "100ba"}""", "$.args.power", "[0, " },
        { "LinearWithWarmupScheduler", """{"t_warmup": "10ba", "t_max": "50ba", "max_duration": "100ba"}""", "$.args.t_max", "at least max_duration" },
        { "CosineAnnealingWithWarmupScheduler", """{"t_warmup": "10ba", "t_max": "100ba", "max_duration": "100ba", "scale_schedule_ratio": 0.5}""", "$.args.t_max", "at least max_duration" },
        { "MultiStepWithWarmupScheduler", """{"t_warmup": "1ba", "milestones": [], "scale_warmup": true, "max_duration": "100ba", "scale_schedule_ratio": 0.5}""", "$.args.t_warmup", "converts to 0 batches" },
        { "CosineAnnealingWarmRestartsScheduler", """{"t_0": "100ba", "t_mult": 0.5, "max_duration": "300ba"}""", "$.args.t_mult", "shrinks the restart period to 0 at batch 197" },
        { "CosineAnnealingWarmRestartsScheduler", """{"t_0": "100ba", "t_mult": -1, "max_duration": "300ba"}""", "$.args.t_mult", "[0, " },
        { "ConstantWithWarmupScheduler", """{"t_warmup": "10ba", "warmup": "5ba", "max_duration": "100ba"}""", "$.args.warmup", "unknown field" },
    };

    [Theory]
    [MemberData(nameof(ComposerRejections))]
    public void Composer_rejects_bad_arguments_naming_the_field(string type, string args, string path, string reason)
    {
        var ex = FluentActions.Invoking(() => Composer(type, args)).Should().Throw<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path);
        ex.Message.Should().Contain(reason);
    }

    [Fact]
    public void Composer_batch_k_uses_the_timestamp_of_batch_k_minus_1()
    {
        var s = Composer("LinearScheduler", """{"alpha_i": 1, "alpha_f": 0, "t_max": "10ba", "max_duration": "10ba"}""");
        s.GetLearningRate(0).Should().Be(0.1);
        s.GetLearningRate(1).Should().Be(0.1);
        s.GetLearningRate(2).Should().BeApproximately(0.09, 1e-16);
        s.GetLearningRate(11).Should().Be(0);
    }

    [Fact]
    public void Composer_time_strings_are_case_insensitive_and_max_duration_may_be_an_integer_of_epochs()
    {
        var a = Composer("StepScheduler", """{"step_size": "1EP", "max_duration": 3, "dataloader_len": 10}""");
        var b = Composer("StepScheduler", """{"step_size": "10ba", "max_duration": "30ba"}""");
        for (long k = 0; k < 40; k++)
        {
            a.GetLearningRate(k).Should().Be(b.GetLearningRate(k));
        }
    }

    [Fact]
    public void Composer_restarts_with_growing_periods_write_out_the_cycles_then_go_periodic()
    {
        // t_0 = 5, t_mult = 1.1: 5, 5 (int(5.5) = 5), so periodic from the start.
        Composer("CosineAnnealingWarmRestartsScheduler", """{"t_0": "5ba", "t_mult": 1.1, "max_duration": "100ba"}""")
            .Should().BeOfType<HoldSchedule>().Which.Schedule.Should().BeOfType<LrSchedules.Schedules.RestartsSchedule>();

        // t_0 = 10, t_mult = 1.5: 10, 15, 22, 33, ... each a sequence phase.
        var s = Composer("CosineAnnealingWarmRestartsScheduler", """{"t_0": "10ba", "t_mult": 1.5, "max_duration": "100ba"}""");
        s.GetLearningRate(11).Should().Be(0.1);
        s.GetLearningRate(26).Should().Be(0.1);
        s.GetLearningRate(48).Should().Be(0.1);
        s.GetLearningRate(long.MaxValue).Should().BeInRange(0, 0.1);
    }
}
