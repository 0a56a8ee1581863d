using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// What <c>LoadState</c> reads, field by field: each test fails if the check or copy it names is removed (the mutations
/// Stryker found unnoticed in <c>StateReader</c> and <c>LRScheduler.PrepareLoad</c>), and the states that made the next
/// <c>Step()</c> give NaN, infinity, a negative rate or an OverflowException are rejected.
/// </summary>
public sealed class StateLoadingTests
{
    [Fact]
    public void Base_lrs_are_copied_from_the_state()
    {
        // Saved over lr 0.5, loaded into a scheduler over lr 0.1: base_lrs (what the closed forms and the cosine's
        // additive branch scale) must be the saved 0.5.
        var source = new CosineAnnealingLR(new ParameterGroups(0.5), 4);
        for (int i = 0; i < 4; i++)
        {
            source.Step();
        }

        var groups = new ParameterGroups(0.1);
        var target = new CosineAnnealingLR(groups, 4);
        target.LoadState(source.SaveState());
        target.BaseLearningRates.ToArray().Should().Equal(0.5);
        target.SaveState().ToJsonString().Should().Be(source.SaveState().ToJsonString());

        // Step 5 = T_max + 1 is the additive branch: lr + (base_lr - eta_min)(1 - cos(pi / T_max)) / 2 uses the loaded base_lr.
        groups.LoadState(((ParameterGroups)source.Groups).SaveState());
        source.Step();
        target.Step();
        groups.GetLearningRate(0).Should().Be(source.Groups.GetLearningRate(0));
    }

    [Fact]
    public void Last_lr_and_step_count_are_copied_from_the_state()
    {
        var source = new StepLR(new ParameterGroups(0.5), 2, 0.5);
        source.Step();
        source.Step();
        var target = new StepLR(new ParameterGroups(0.1), 2, 0.5);
        target.LoadState(source.SaveState());
        target.GetLastLr().ToArray().Should().Equal(0.25);
        target.LastEpoch.Should().Be(2);
        target.SaveState()["_step_count"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public void The_type_tag_is_checked_before_anything_else()
    {
        // A CosineAnnealingLR state has exactly a StepLR state's fields: only the type tells them apart.
        var step = new StepLR(new ParameterGroups(0.1), 3);
        string before = step.SaveState().ToJsonString();
        var cosine = new CosineAnnealingLR(new ParameterGroups(0.1), 10).SaveState();
        FluentActions.Invoking(() => step.LoadState(cosine)).Should().Throw<ArgumentException>()
            .WithMessage("state.type is \"CosineAnnealingLR\", but this scheduler is StepLR.*");
        step.SaveState().ToJsonString().Should().Be(before);

        var plateau = new ReduceLROnPlateau(new ParameterGroups(0.1));
        var state = plateau.SaveState();
        state["type"] = "StepLR";
        FluentActions.Invoking(() => plateau.LoadState(state)).Should().Throw<ArgumentException>()
            .WithMessage("state.type is \"StepLR\", but this scheduler is ReduceLROnPlateau.*");

        var missing = step.SaveState();
        missing.Remove("type");
        FluentActions.Invoking(() => step.LoadState(missing)).Should().Throw<ArgumentException>().WithMessage("state.type is missing.*");
    }

    [Theory]
    [InlineData("StepLR")]
    [InlineData("ReduceLROnPlateau")]
    [InlineData("ParameterGroups")]
    [InlineData("SequentialLR child")]
    public void Unknown_fields_are_rejected(string subject)
    {
        var groups = new ParameterGroups(0.1);
        Func<JsonObject> save;
        Action<JsonObject> load;
        switch (subject)
        {
            case "StepLR":
                var step = new StepLR(groups, 3);
                (save, load) = (step.SaveState, step.LoadState);
                break;
            case "ReduceLROnPlateau":
                var plateau = new ReduceLROnPlateau(groups);
                (save, load) = (plateau.SaveState, plateau.LoadState);
                break;
            case "ParameterGroups":
                (save, load) = (groups.SaveState, groups.LoadState);
                break;
            default:
                var sequential = new SequentialLR(groups, [new ConstantLR(groups), new ExponentialLR(groups, 0.9)], [3]);
                (save, load) = (sequential.SaveState, sequential.LoadState);
                break;
        }

        string before = save().ToJsonString();
        var state = save();
        if (subject == "SequentialLR child")
        {
            state["_schedulers"]![1]!["T_max"] = 5;
        }
        else
        {
            state["T_max"] = 5;
        }

        FluentActions.Invoking(() => load(state)).Should().Throw<ArgumentException>().WithMessage("*T_max is not a field of a*");
        save().ToJsonString().Should().Be(before);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3.0", 3)]
    [InlineData("3e0", 3)]
    [InlineData("0.3e1", 3)]
    [InlineData("300e-2", 3)]
    [InlineData("3.000000000000000000000000000000", 3)]
    public void Integers_written_as_floats_are_read_exactly(string text, long expected)
    {
        var scheduler = new StepLR(new ParameterGroups(0.1), 2, 0.5);
        var state = scheduler.SaveState();
        state["last_epoch"] = JsonNode.Parse(text);
        state["_step_count"] = JsonNode.Parse(text == "3" ? "4" : "4.0");
        scheduler.LoadState(state);
        scheduler.LastEpoch.Should().Be(expected);
        scheduler.Step();
        scheduler.LastEpoch.Should().Be(expected + 1);
        scheduler.Groups.GetLearningRate(0).Should().Be(0.05, "epoch 4 is a decay step (step_size 2)");
    }

    [Theory]
    [InlineData("3.5")]
    [InlineData("1e-400")]
    [InlineData("0.0000000000000000000000000000001")]
    [InlineData("3.0000000000000000000000000000001")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("1e19")]
    [InlineData("1e99999999999")]
    public void Non_integers_and_integers_outside_long_are_rejected(string text)
    {
        var scheduler = new StepLR(new ParameterGroups(0.1), 2, 0.5);
        string before = scheduler.SaveState().ToJsonString();
        var state = scheduler.SaveState();
        state["last_epoch"] = JsonNode.Parse(text);
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state.last_epoch must be an integer*");
        scheduler.SaveState().ToJsonString().Should().Be(before);
    }

    [Theory]
    [InlineData("last_epoch", "-2", "[-1, 1125899906842624]")]
    [InlineData("last_epoch", "1125899906842625", "[-1, 1125899906842624]")]
    [InlineData("_step_count", "0", "[1, ")]
    [InlineData("_step_count", "9", "[1, 4]")]
    public void Epochs_and_step_counts_are_range_checked(string field, string value, string range)
    {
        // A last_epoch of -2 made the next StepLR step divide by step_size at epoch -1 (and MultiStepLR read milestones
        // at -2); a _step_count above last_epoch + 2 is no state a scheduler reaches.
        var scheduler = new StepLR(new ParameterGroups(0.1), 2, 0.5);
        scheduler.Step();
        scheduler.Step();
        string before = scheduler.SaveState().ToJsonString();
        var state = scheduler.SaveState();
        state[field] = JsonNode.Parse(value);
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state." + field + " must be an integer in " + range + "*");
        scheduler.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void Negative_base_lrs_are_rejected()
    {
        // Loaded, base_lrs [-0.1] made the next CosineAnnealingLR restart (and every closed form) negative.
        var scheduler = new CosineAnnealingLR(new ParameterGroups(0.1), 3);
        var state = scheduler.SaveState();
        state["base_lrs"]![0] = -0.1;
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state.base_lrs[0] must be a finite number in [0, 1E+100]; got -0.1.*");
        scheduler.BaseLearningRates[0].Should().Be(0.1);
    }

    [Fact]
    public void Warm_restart_cycles_near_2_pow_62_are_rejected_unless_they_are_this_schedulers()
    {
        // T_i = 2^62 + 1 with T_cur = 2^62 (loaded before the check) overflowed the next restart's T_i * T_mult.
        var scheduler = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 1, 2);
        for (int i = 0; i < 4; i++)
        {
            scheduler.Step();
        }

        string before = scheduler.SaveState().ToJsonString();
        var state = scheduler.SaveState();
        state["T_i"] = (1L << 62) + 1;
        state["T_cur"] = (double)(1L << 62);
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state.T_i is 4611686018427387905, not a cycle length*");

        state["T_i"] = 1L << 62;
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state.T_cur must be in [0, T_i) and at most last_epoch + 1*");
        scheduler.SaveState().ToJsonString().Should().Be(before);

        // A cycle of 2^62 early in the run is a valid (if unreachable by stepping) state, and steps on finitely.
        state["T_cur"] = 2.0;
        scheduler.LoadState(state);
        scheduler.Step();
        scheduler.TI.Should().Be(1L << 62);
        scheduler.Groups.GetLearningRate(0).Should().BeInRange(0, 0.1);
    }

    [Fact]
    public void Plateau_counters_are_checked_against_patience_cooldown_and_each_other()
    {
        var plateau = new ReduceLROnPlateau(new ParameterGroups(0.1), PlateauMode.Min, 0.5, patience: 2, cooldown: 3);
        for (int i = 0; i < 6; i++)
        {
            plateau.Step(1.0);
        }

        string before = plateau.SaveState().ToJsonString();
        void Rejects(Action<JsonObject> mutate, string message)
        {
            var state = JsonNode.Parse(before)!.AsObject();
            mutate(state);
            FluentActions.Invoking(() => plateau.LoadState(state)).Should().Throw<ArgumentException>().WithMessage(message);
            plateau.SaveState().ToJsonString().Should().Be(before);
        }

        Rejects(s => s["num_bad_epochs"] = 3, "state.num_bad_epochs must be an integer in [0, 2]*");
        Rejects(s => s["cooldown_counter"] = 4, "state.cooldown_counter must be an integer in [0, 3]*");
        Rejects(
            s =>
            {
                s["cooldown_counter"] = 1;
                s["num_bad_epochs"] = 1;
            },
            "state.num_bad_epochs must be 0 while cooldown_counter is above 0*");
        Rejects(s => s["best"] = "NaN", "state.best must be a number or one of*");
        Rejects(s => s["last_epoch"] = -1, "state.last_epoch must be an integer in [0, *");
    }

    [Fact]
    public void Parameter_group_values_are_range_checked()
    {
        var groups = new ParameterGroups([0.1, 0.2], [0.9, 0.8]);
        _ = new StepLR(groups, 3);
        string before = groups.SaveState().ToJsonString();
        void Rejects(Action<JsonObject> mutate, string message)
        {
            var state = JsonNode.Parse(before)!.AsObject();
            mutate(state);
            FluentActions.Invoking(() => groups.LoadState(state)).Should().Throw<ArgumentException>().WithMessage(message);
            groups.SaveState().ToJsonString().Should().Be(before);
        }

        Rejects(s => s["lr"]![1] = -0.1, "state.lr[1] must be a finite number in [0, +inf); got -0.1.*");
        Rejects(s => s["initial_lr"]![0] = 1e101, "state.initial_lr[0] must be a finite number in [0, 1E+100]*");
        Rejects(s => s["momentum"]![0] = -1.0, "state.momentum[0] must be a finite number in [0, +inf)*");
        Rejects(s => s["initial_lr"]![1] = -1.0, "state.initial_lr[1] must be a finite number in [0, 1E+100]*");

        var ok = JsonNode.Parse(before)!.AsObject();
        ok["initial_lr"]![1] = null;
        groups.LoadState(ok);
        groups.GetInitialLearningRate(1).Should().BeNull();
    }

    [Fact]
    public void One_cycle_states_stop_at_total_steps()
    {
        var scheduler = new OneCycleLR(new ParameterGroups(0.1, 0.9), [0.1], 10);
        var state = scheduler.SaveState();
        state["last_epoch"] = 11;
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state.last_epoch must be at most total_steps (10); got 11.*");
        state["last_epoch"] = 10;
        scheduler.LoadState(state);
        FluentActions.Invoking(scheduler.Step).Should().Throw<InvalidOperationException>();
    }
}
